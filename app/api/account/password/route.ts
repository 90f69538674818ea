import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { AccountError, changePassword } from "@/lib/auth/users";
import { apiError, readJson, withUser } from "@/lib/http/api";

const schema = z.object({ current: z.string().min(1, "Enter your current password."), password: z.string() });

export const POST = withUser(async (user, request) => {
  const body = await readJson(request, schema);
  if (body instanceof Response) return body;
  try {
    await changePassword(getDb(), user.id, body.current, body.password);
  } catch (error) {
    if (error instanceof AccountError) return apiError(400, error.message, "invalid", { field: error.field });
    throw error;
  }
  return NextResponse.json({ ok: true });
});
