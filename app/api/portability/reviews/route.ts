import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { exportReviewCsv, importReviewCsv } from "@/lib/db/portability";
import { apiError, withUser } from "@/lib/http/api";
import { readTextCapped } from "@/lib/http/guard";
import { MAX_UPLOAD_BYTES, download, stamp } from "../download";

export const GET = withUser(async (user) => download(await exportReviewCsv(getDb(), user.id), `attend-reviews-${stamp(new Date())}.csv`, "text/csv"));

/** Body: the CSV text. 400 with `problems: [{ line, message }]` when any line is wrong (nothing imported). */
export const POST = withUser(async (user, request) => {
  const text = await readTextCapped(request, MAX_UPLOAD_BYTES);
  const result = await importReviewCsv(getDb(), user.id, text);
  if (!result.ok) {
    const first = result.problems[0];
    return apiError(400, `Nothing imported: line ${first.line}: ${first.message}`, "invalid", { problems: result.problems });
  }
  return NextResponse.json(result);
});
