import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { exportBackup, restoreBackup } from "@/lib/db/portability";
import { apiError, withUser } from "@/lib/http/api";
import { MAX_UPLOAD_BYTES, download, stamp } from "../download";

export const GET = withUser(async (user) => {
  const now = new Date();
  return download(JSON.stringify(await exportBackup(getDb(), user.id, now)), `attend-backup-${stamp(now)}.json`, "application/json");
});

/** Body: a backup from GET. Restores into the signed-in learner's account only. */
export const POST = withUser(async (user, request) => {
  const text = await request.text();
  if (text.length > MAX_UPLOAD_BYTES * 4) return apiError(413, "The file is too large.", "invalid");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return apiError(400, "The file is not JSON: choose a backup made by Attend.", "invalid");
  }
  const result = await restoreBackup(getDb(), user.id, body);
  if (!result.ok) return apiError(400, `Nothing restored: ${result.problems[0]}`, "invalid", { problems: result.problems });
  return NextResponse.json(result);
});
