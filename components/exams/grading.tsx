"use client";

import { useState } from "react";
import { plural } from "@/lib/exams/format";
import type { WeakQueuePreview } from "@/lib/exams/contract";
import { examApi, NetworkError } from "./api";
import { inOrderPer } from "./in-order";

/** One attempt's part grades go to the server one after another (see ./in-order.ts). */
const inOrder = inOrderPer();

/** Self-grade one part: 0..maxPoints buttons (a radio group, arrow keys move between them). */
export function PartGrade(props: { attemptId: string; partKey: string; maxPoints: number; initial: number | null; onTotal: (t: Total) => void }) {
  const [points, setPoints] = useState<number | null>(props.initial);
  const [error, setError] = useState<string | null>(null);
  async function grade(p: number) {
    const before = points;
    setPoints(p);
    setError(null);
    try {
      const res = await inOrder(props.attemptId, () => examApi.grade(props.attemptId, props.partKey, p));
      if (res.ok) return props.onTotal(res.data);
      setError(res.error.error);
    } catch (e) {
      setError(e instanceof NetworkError ? "Offline: grade not saved." : String(e));
    }
    setPoints(before);
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div role="radiogroup" aria-label={`Points for ${props.partKey}`} className="inline-flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
        {Array.from({ length: props.maxPoints + 1 }, (_, p) => (
          <button
            key={p}
            type="button"
            role="radio"
            aria-checked={points === p}
            onClick={() => void grade(p)}
            className={
              "min-w-10 px-3 py-1 text-sm tabular-nums " +
              (points === p ? "bg-indigo-600 text-white" : "bg-white hover:bg-zinc-100 dark:bg-zinc-900 dark:hover:bg-zinc-800")
            }
          >
            {p}
          </button>
        ))}
      </div>
      <span className="text-xs text-zinc-500">of {props.maxPoints}</span>
      {error && <span role="alert" className="text-xs text-red-700 dark:text-red-300">{error}</span>}
    </div>
  );
}

export interface Total {
  score: number;
  maxScore: number;
  graded: number;
  complete: boolean;
}

/**
 * The running score, and "review weak answers": first the list of cards it would queue (related
 * cards of parts graded 0 or 1 that score above the relevance threshold), then the learner's
 * confirmation queues exactly those.
 */
export function ScoreBar({ attemptId, total, parts }: { attemptId: string; total: Total; parts: number }) {
  const [result, setResult] = useState<string | null>(null);
  const [preview, setPreview] = useState<WeakQueuePreview | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(step: () => Promise<void>) {
    setBusy(true);
    try {
      await step();
    } catch {
      setResult("Offline: try again when connected.");
    }
    setBusy(false);
  }
  const showPreview = () =>
    run(async () => {
      setResult(null);
      const res = await examApi.previewWeak(attemptId);
      if (!res.ok) return setResult(res.error.error);
      if (res.data.weakParts === 0) return setResult("No weak answers graded yet: grade parts 0 or 1 to send their cards to review.");
      if (res.data.cards.length === 0) return setResult(`No related card is close enough to ${plural(res.data.weakParts, "weak answer")} to queue.`);
      setPreview(res.data);
    });
  const confirm = (p: WeakQueuePreview) =>
    run(async () => {
      const res = await examApi.reviewWeak(attemptId, p.cards.map((c) => c.id));
      setPreview(null);
      setResult(res.ok ? `${plural(res.data.cards, "related card")} from ${plural(res.data.weakParts, "weak answer")} ${res.data.cards === 1 ? "is" : "are"} due now.` : res.error.error);
    });
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
      <p className="text-lg font-semibold tabular-nums" data-testid="score">
        Score {total.score} / {total.maxScore}
        <span className="ml-2 text-sm font-normal text-zinc-500">
          {total.graded} of {plural(parts, "part")} graded
        </span>
      </p>
      <button type="button" disabled={busy || preview !== null} onClick={() => void showPreview()} className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
        Review weak answers now…
      </button>
      {preview && (
        <section aria-label="Cards to queue" className="max-h-[50vh] basis-full space-y-2 overflow-y-auto rounded-lg border border-indigo-200 bg-indigo-50 p-3 text-sm dark:border-indigo-900 dark:bg-indigo-950">
          <p className="font-medium">
            {plural(preview.cards.length, "card")} from {plural(preview.weakParts, "weak answer")} will be due now:
          </p>
          <ul className="space-y-1" data-testid="queue-preview">
            {preview.cards.map((c) => (
              <li key={c.id} className="flex min-w-0 gap-2">
                <span className="shrink-0 text-xs text-zinc-500 tabular-nums">Q{c.questionNumber}</span>
                <span className="prose-card min-w-0 [&>p]:inline" dangerouslySetInnerHTML={{ __html: c.questionHtml }} />
              </li>
            ))}
          </ul>
          <div className="flex gap-2">
            <button type="button" disabled={busy} onClick={() => void confirm(preview)} className="rounded-lg bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
              Queue {plural(preview.cards.length, "card")}
            </button>
            <button type="button" disabled={busy} onClick={() => setPreview(null)} className="rounded-lg border border-zinc-300 px-3 py-1.5 hover:bg-white dark:border-zinc-700 dark:hover:bg-zinc-900">
              Cancel
            </button>
          </div>
        </section>
      )}
      {result && (
        <p role="status" className="basis-full text-sm">
          {result} {result.includes("due now") && <a href="/review">Go to review</a>}
        </p>
      )}
    </div>
  );
}
