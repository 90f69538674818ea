import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { AccountError, registerSchema, registerUser } from "@/lib/auth/users";
import { apiError } from "@/lib/http/api";
import { BodyTooLargeError, crossSiteError, notJsonError, readTextCapped, tooLarge } from "@/lib/http/guard";
import { clientAddress } from "@/lib/http/origin";
import { registrationWait, retryPhrase } from "@/lib/auth/rate-limit";
import { timeZoneSchema } from "@/lib/srs/time-zone";

/** An e-mail, a name and a password, with room for JSON escapes; a 100 MB body is cut off here. */
const MAX_BODY = 16 * 1024;

/** Create an account (JSON body, from this site only). Sign-in happens afterwards through next-auth. */
export async function POST(request: Request) {
  const refused = crossSiteError(request) ?? notJsonError(request);
  if (refused) return refused;
  const db = getDb();
  const wait = await registrationWait(db, clientAddress(request.headers), new Date());
  if (wait > 0) return apiError(429, `Too many attempts from this address; try again in ${retryPhrase(wait)}.`, undefined, { retryAfterMs: wait });
  let body: unknown;
  try {
    body = JSON.parse(await readTextCapped(request, MAX_BODY));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return tooLarge(error.limit);
    return apiError(400, "The request body is not valid JSON.", "invalid");
  }
  const parsed = registerSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return apiError(400, issue.message, "invalid", { field: String(issue.path[0] ?? "") });
  }
  // The browser's zone (Intl), so the study day rolls over at the learner's night, not at UTC's.
  const rawZone = (body as { timeZone?: unknown } | null)?.timeZone;
  const zone = rawZone === undefined ? null : timeZoneSchema.safeParse(rawZone);
  if (zone && !zone.success) return apiError(400, zone.error.issues[0].message, "invalid", { field: "timeZone" });
  try {
    const user = await registerUser(db, parsed.data);
    if (zone?.success) await db.user.update({ where: { id: user.id }, data: { timeZone: zone.data } });
    return NextResponse.json({ id: user.id, email: user.email, role: user.role }, { status: 201 });
  } catch (error) {
    if (error instanceof AccountError) return apiError(409, error.message, "conflict", { field: error.field });
    throw error;
  }
}

export const dynamic = "force-dynamic";
