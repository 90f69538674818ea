import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getAttempt } from "@/lib/db/exams";
import { AttemptRunner } from "@/components/exams/attempt-runner";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Test" };

export default async function AttemptPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/attempts/${id}`);
  const now = new Date();
  const attempt = await getAttempt(getDb(), user.id, id, now);
  if (!attempt) notFound();
  if (attempt.submittedAt) redirect(`/attempts/${id}/review`);
  return (
    <AttemptRunner
      attemptId={attempt.id}
      title={attempt.title}
      questions={attempt.questions}
      answers={Object.values(attempt.answers).map(({ key, text, seq, clientTime }) => ({ key, text, seq, clientTime }))}
      deadline={attempt.deadline.toISOString()}
      serverNow={now.toISOString()}
    />
  );
}
