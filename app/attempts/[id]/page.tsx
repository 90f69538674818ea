import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getSessionUser, requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getAttempt } from "@/lib/db/exams";
import { AttemptRunner } from "@/components/exams/attempt-runner";

export const dynamic = "force-dynamic";

/** One read per request: the title and the page share it. */
const loadAttempt = cache((userId: string, id: string) => getAttempt(getDb(), userId, id, new Date()));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const user = await getSessionUser();
  const attempt = user ? await loadAttempt(user.id, (await params).id) : null;
  return { title: attempt ? `${attempt.title}` : "Test" };
}

export default async function AttemptPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/attempts/${id}`);
  const now = new Date();
  const attempt = await loadAttempt(user.id, id);
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
