import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getSessionUser, requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getAttempt, relatedCards } from "@/lib/db/exams";
import { totalScore } from "@/lib/exams";
import { renderAnswerHtml } from "@/lib/exams/answer-html";
import { formatInZone } from "@/lib/exams/format";
import { getSettings } from "@/lib/db/settings";
import { AttemptReview } from "@/components/exams/attempt-review";

export const dynamic = "force-dynamic";

/** One read per request: the title and the page share it. */
const loadAttempt = cache((userId: string, id: string) => getAttempt(getDb(), userId, id, new Date()));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const user = await getSessionUser();
  const attempt = user ? await loadAttempt(user.id, (await params).id) : null;
  return { title: attempt ? `Results: ${attempt.title}` : "Review a test" };
}

export default async function AttemptReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/attempts/${id}/review`);
  const db = getDb();
  const attempt = await loadAttempt(user.id, id);
  if (!attempt) notFound();
  if (!attempt.submittedAt) redirect(`/attempts/${id}`);
  const [related, { timeZone }] = await Promise.all([relatedCards(db, attempt.questions), getSettings(db, user.id)]);
  const total = totalScore(attempt.questions.flatMap((q) => q.parts.map((p) => ({ key: p.key, points: attempt.answers[p.key]?.points ?? null, maxPoints: p.maxPoints }))));
  return (
    <div className="space-y-4">
      <nav className="text-sm" aria-label="Breadcrumb">
        <Link href="/tests">Tests</Link>
      </nav>
      <h1 className="text-2xl font-semibold">{attempt.title}</h1>
      <p className="text-sm text-zinc-500">
        Submitted {attempt.submitReason === "deadline" ? "automatically when the time ran out" : "by you"} at{" "}
        <time dateTime={attempt.submittedAt.toISOString()}>{formatInZone(attempt.submittedAt, timeZone)}</time>. Grade each
        part against the related cards: 0 missed, 1 partly, 2 fully.
      </p>
      <AttemptReview
        attemptId={attempt.id}
        questions={attempt.questions}
        answers={Object.fromEntries(Object.values(attempt.answers).map((a) => [a.key, { html: renderAnswerHtml(a.text), points: a.points }]))}
        related={Object.fromEntries([...related].map(([n, cards]) => [n, cards.map(({ id, questionHtml, answerHtml, widgets, queued }) => ({ id, questionHtml, answerHtml, widgets, queued }))]))}
        total={total}
      />
    </div>
  );
}
