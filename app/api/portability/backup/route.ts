import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { exportBackup, restoreBackup } from "@/lib/db/portability";
import { apiError, withUser } from "@/lib/http/api";
import { notJsonError, readTextCapped } from "@/lib/http/guard";
import { confirmPassword, passwordFromHeader } from "@/lib/http/confirm-password";
import { MAX_BACKUP_BYTES, download, stamp } from "../download";

export const GET = withUser(async (user) => {
  const now = new Date();
  return download(JSON.stringify(await exportBackup(getDb(), user.id, now)), `attend-backup-${stamp(now)}.json`, "application/json");
});

/**
 * Body: a backup from GET (application/json); header x-attend-password: the account's password,
 * URI-encoded (restoring replaces every schedule, so it is asked for again). Restores into the
 * signed-in learner's account only.
 */
export const POST = withUser(async (user, request) => {
  const wrongType = notJsonError(request);
  if (wrongType) return wrongType;
  const db = getDb();
  const refused = await confirmPassword(db, user, request, passwordFromHeader(request), "password");
  if (refused) return refused;
  const text = await readTextCapped(request, MAX_BACKUP_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return apiError(400, "The file is not JSON: choose a backup made by Attend.", "invalid");
  }
  const result = await restoreBackup(db, user.id, body);
  if (!result.ok) return apiError(400, `Nothing restored: ${result.problems[0]}`, "invalid", { problems: result.problems });
  return NextResponse.json(result);
});
