import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { saveAnswers } from "@/lib/db/exams";
import { saveRequestSchema, type SaveResponse } from "@/lib/exams";
import { readJson } from "@/lib/http/api";
import { withExamUser } from "@/lib/http/exam-api";

export const POST = withExamUser(async (user, request) => {
  const body = await readJson(request, saveRequestSchema);
  if (body instanceof Response) return body;
  const now = new Date();
  const saved = await saveAnswers(getDb(), user.id, body.attemptId, body.answers, now);
  return NextResponse.json({ answers: saved.answers, serverNow: now.toISOString(), deadline: saved.deadline.toISOString() } satisfies SaveResponse);
});
