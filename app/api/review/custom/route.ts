import { NextResponse } from "next/server";
import { readJson, withUser } from "@/lib/http/api";
import { CUSTOM_STUDY_COOKIE } from "@/lib/http/custom-study";
import { customStudyRequestSchema, describeCustomStudy, encodeCustomStudy } from "@/lib/srs/custom-study";

const COOKIE = { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge: 36 * 3600 };

/** Start a custom study session: { kind: "ahead", days } | { kind: "new", count } | { kind: "failed" }. */
export const POST = withUser(async (_user, request) => {
  const body = await readJson(request, customStudyRequestSchema);
  if (body instanceof Response) return body;
  const session = { ...body, startedAt: new Date() };
  const response = NextResponse.json({ session: describeCustomStudy(session) }, { status: 201 });
  response.cookies.set(CUSTOM_STUDY_COOKIE, encodeCustomStudy(session), { ...COOKIE, secure: new URL(request.url).protocol === "https:" });
  return response;
});

/** End the session: back to the regular queue. */
export const DELETE = withUser(async () => {
  const response = NextResponse.json({ session: null });
  response.cookies.delete(CUSTOM_STUDY_COOKIE);
  return response;
});
