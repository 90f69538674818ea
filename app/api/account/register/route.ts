import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { AccountError, registerSchema, registerUser } from "@/lib/auth/users";
import { apiError } from "@/lib/http/api";
import { registrationLimited } from "@/lib/auth/rate-limit";

/** Create an account (JSON or form body). Sign-in happens afterwards through next-auth. */
export async function POST(request: Request) {
  const db = getDb();
  const address = request.headers.get("x-forwarded-for")?.split(",")[0].trim() || "local";
  if (await registrationLimited(db, address, new Date())) return apiError(429, "Too many attempts from this address; try again in 15 minutes.");
  let body: unknown;
  try {
    const type = request.headers.get("content-type") ?? "";
    body = type.includes("application/json") ? await request.json() : Object.fromEntries(await request.formData());
  } catch {
    return apiError(400, "The request body could not be read.", "invalid");
  }
  const parsed = registerSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return apiError(400, issue.message, "invalid", { field: String(issue.path[0] ?? "") });
  }
  try {
    const user = await registerUser(db, parsed.data);
    return NextResponse.json({ id: user.id, email: user.email, role: user.role }, { status: 201 });
  } catch (error) {
    if (error instanceof AccountError) return apiError(409, error.message, "conflict", { field: error.field });
    throw error;
  }
}

export const dynamic = "force-dynamic";
