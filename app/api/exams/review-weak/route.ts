import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { reviewWeakNow, weakQueuePreview } from "@/lib/db/exams";
import { reviewWeakRequestSchema } from "@/lib/exams";
import { readJson } from "@/lib/http/api";
import { withExamUser } from "@/lib/http/exam-api";

/** `{ attemptId, preview: true }` lists the cards that would be queued; `{ attemptId, cardIds }` queues those seen. */
export const POST = withExamUser(async (user, request) => {
  const body = await readJson(request, reviewWeakRequestSchema);
  if (body instanceof Response) return body;
  const now = new Date();
  if (body.preview) return NextResponse.json(await weakQueuePreview(getDb(), user.id, body.attemptId, now));
  return NextResponse.json(await reviewWeakNow(getDb(), user.id, body.attemptId, now, body.cardIds));
});
