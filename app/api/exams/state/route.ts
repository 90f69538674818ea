import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { getAttempt } from "@/lib/db/exams";
import { apiError } from "@/lib/http/api";
import { withExamUser } from "@/lib/http/exam-api";

/** The attempt's clock and saved answers (for resuming, and the clock after coming back online). */
export const GET = withExamUser(async (user, request) => {
  const id = new URL(request.url).searchParams.get("id") ?? "";
  const now = new Date();
  const a = await getAttempt(getDb(), user.id, id, now);
  if (!a) return apiError(404, "No such attempt.", "not-found");
  return NextResponse.json({
    serverNow: now.toISOString(),
    deadline: a.deadline.toISOString(),
    submittedAt: a.submittedAt?.toISOString() ?? null,
    answers: Object.values(a.answers).map(({ key, text, seq, clientTime }) => ({ key, text, seq, clientTime })),
  });
});
