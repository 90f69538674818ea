"use client";

import Link from "next/link";
import { useState } from "react";
import type { ExamQuestion } from "@/lib/exams";
import { WidgetSlot } from "@/components/widgets/widget-slot";
import { inlineHtml } from "./answer-preview";
import { PartGrade, ScoreBar, type Total } from "./grading";

export interface ReviewRelatedCard {
  id: string;
  questionHtml: string;
  answerHtml: string | null;
  widgets: string[];
  /** Close enough that "review weak answers" queues it when this question is weak. */
  queued: boolean;
}

/**
 * After submitting: each answer beside the related cards from the bank (and a slot for any
 * widget they or the question carry), self-grading per part and the total.
 */
export function AttemptReview(props: {
  attemptId: string;
  questions: ExamQuestion[];
  /** Per part: the answer rendered like card content (lib/exams/answer-html.ts), and its grade. */
  answers: Record<string, { html: string; points: number | null }>;
  related: Record<number, ReviewRelatedCard[]>;
  total: Total;
}) {
  const [total, setTotal] = useState(props.total);
  const parts = props.questions.reduce((n, q) => n + q.parts.length, 0);
  return (
    <div className="min-w-0 space-y-8">
      <div className="sticky top-0 z-10 -mx-4 border-b border-zinc-200 bg-white/95 px-4 py-2 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/95">
        <ScoreBar attemptId={props.attemptId} total={total} parts={parts} />
      </div>
      <ol className="space-y-10">
        {props.questions.map((q) => {
          const cards = props.related[q.number] ?? [];
          const widgets = [...new Set([...q.widgets, ...cards.flatMap((c) => c.widgets)])];
          // the best-ranked card that has an answer starts open: reference material at a glance
          const openId = cards.find((c) => c.answerHtml)?.id;
          return (
            <li key={q.number} id={`q-${q.number}`} className="grid min-w-0 grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
              <section aria-label={`Question ${q.number}`} className="min-w-0 space-y-3">
                <h2 className="text-lg font-semibold">
                  {q.number}. {q.title}
                </h2>
                <div className="prose-card text-sm text-zinc-700 dark:text-zinc-300" dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
                {q.rubricHtml && (
                  <div className="prose-card rounded-md bg-amber-50 px-3 py-1 text-sm dark:bg-amber-950">
                    <strong>Rubric</strong>
                    <div dangerouslySetInnerHTML={{ __html: q.rubricHtml }} />
                  </div>
                )}
                {q.parts.map((p) => {
                  const html = props.answers[p.key]?.html ?? "";
                  return (
                    <div key={p.key} className="space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
                      {p.label && (
                        <div className="prose-card flex gap-2 text-sm font-medium">
                          <span className="shrink-0">{p.label})</span>
                          <div className="min-w-0" dangerouslySetInnerHTML={{ __html: inlineHtml(p.promptHtml) }} />
                        </div>
                      )}
                      {html ? (
                        <div data-testid={`answer-${p.key}`} className="prose-card overflow-x-auto text-sm" style={{ overflowWrap: "anywhere" }} dangerouslySetInnerHTML={{ __html: html }} />
                      ) : (
                        <p data-testid={`answer-${p.key}`} className="text-sm text-zinc-500 italic">
                          No answer
                        </p>
                      )}
                      <PartGrade attemptId={props.attemptId} partKey={p.key} maxPoints={p.maxPoints} initial={props.answers[p.key]?.points ?? null} onTotal={setTotal} />
                    </div>
                  );
                })}
              </section>
              <aside aria-label={`Related cards for question ${q.number}`} className="min-w-0 space-y-2">
                <h3 className="text-sm font-semibold text-zinc-500">Related cards</h3>
                {cards.length === 0 && <p className="text-sm text-zinc-500">No related cards in the bank.</p>}
                {cards.map((c) => (
                  <details key={c.id} open={c.id === openId} className="min-w-0 overflow-hidden rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800" data-testid="related-card">
                    <summary className="cursor-pointer text-sm">
                      <span className="prose-card inline [&>p]:inline" dangerouslySetInnerHTML={{ __html: c.questionHtml }} />
                      {!c.queued && (
                        <span className="ml-2 text-xs text-zinc-500" title="Shown for reference; too loosely related to be queued by “Review weak answers”">
                          (loosely related)
                        </span>
                      )}
                    </summary>
                    {c.answerHtml ? (
                      <div className="prose-card overflow-x-auto text-sm" dangerouslySetInnerHTML={{ __html: c.answerHtml }} />
                    ) : (
                      <p className="text-sm text-zinc-500">No reference answer yet.</p>
                    )}
                    <Link href={`/cards/${c.id}`} className="text-xs">
                      Open card
                    </Link>
                  </details>
                ))}
                {widgets.length > 0 && <WidgetSlot names={widgets} />}
              </aside>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
