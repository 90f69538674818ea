import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { startAttempt } from "@/lib/db/exams";
import { startRequestSchema } from "@/lib/exams";
import { readJson } from "@/lib/http/api";
import { withExamUser } from "@/lib/http/exam-api";

export const POST = withExamUser(async (user, request) => {
  const body = await readJson(request, startRequestSchema);
  if (body instanceof Response) return body;
  return NextResponse.json(await startAttempt(getDb(), user.id, body, new Date()), { status: 201 });
});
