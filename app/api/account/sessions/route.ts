import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { endAllSessions } from "@/lib/auth/users";
import { readJson, withUser } from "@/lib/http/api";

/** "Sign out everywhere": every session of this account ends now, this one included. */
export const POST = withUser(async (user, request) => {
  const body = await readJson(request, z.object({}).strict(), 1024);
  if (body instanceof Response) return body;
  await endAllSessions(getDb(), user.id);
  return NextResponse.json({ ok: true });
});
