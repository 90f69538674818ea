import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { gradePart } from "@/lib/db/exams";
import { gradeRequestSchema } from "@/lib/exams";
import { readJson } from "@/lib/http/api";
import { withExamUser } from "@/lib/http/exam-api";

export const POST = withExamUser(async (user, request) => {
  const body = await readJson(request, gradeRequestSchema);
  if (body instanceof Response) return body;
  return NextResponse.json(await gradePart(getDb(), user.id, body.attemptId, body.key, body.points, new Date()));
});
