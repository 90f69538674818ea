import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { reviewWeakNow } from "@/lib/db/exams";
import { attemptActionSchema } from "@/lib/exams";
import { readJson } from "@/lib/http/api";
import { withExamUser } from "@/lib/http/exam-api";

export const POST = withExamUser(async (user, request) => {
  const body = await readJson(request, attemptActionSchema);
  if (body instanceof Response) return body;
  return NextResponse.json(await reviewWeakNow(getDb(), user.id, body.attemptId, new Date()));
});
