import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { reissueSession } from "@/lib/auth/session";
import { AccountError, setPassword } from "@/lib/auth/users";
import { apiError, readJson, withUser } from "@/lib/http/api";
import { confirmPassword } from "@/lib/http/confirm-password";

const schema = z.object({ current: z.string().max(1024), password: z.string().max(4096) });

/** Change the password: the current one is checked (throttled), every other session ends, this one goes on. */
export const POST = withUser(async (user, request) => {
  const body = await readJson(request, schema, 16 * 1024);
  if (body instanceof Response) return body;
  const db = getDb();
  const refused = await confirmPassword(db, user, request, body.current);
  if (refused) return refused;
  let version: number;
  try {
    version = await setPassword(db, user.id, body.password);
  } catch (error) {
    if (error instanceof AccountError) return apiError(400, error.message, "invalid", { field: error.field });
    throw error;
  }
  const response = NextResponse.json({ ok: true });
  await reissueSession(request, response, version);
  return response;
});
