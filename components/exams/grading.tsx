"use client";

import { useState } from "react";
import { examApi, NetworkError } from "./api";

/** Self-grade one part: 0..maxPoints buttons (a radio group, arrow keys move between them). */
export function PartGrade(props: { attemptId: string; partKey: string; maxPoints: number; initial: number | null; onTotal: (t: Total) => void }) {
  const [points, setPoints] = useState<number | null>(props.initial);
  const [error, setError] = useState<string | null>(null);
  async function grade(p: number) {
    const before = points;
    setPoints(p);
    setError(null);
    try {
      const res = await examApi.grade(props.attemptId, props.partKey, p);
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

/** The running score, and the button that sends weak answers' cards to review. */
export function ScoreBar({ attemptId, total, parts }: { attemptId: string; total: Total; parts: number }) {
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function reviewWeak() {
    setBusy(true);
    try {
      const res = await examApi.reviewWeak(attemptId);
      setResult(
        res.ok
          ? res.data.weakParts === 0
            ? "No weak answers graded yet: grade parts 0 or 1 to send their cards to review."
            : `${res.data.cards} related cards from ${res.data.weakParts} weak answers are due now.`
          : res.error.error,
      );
    } catch {
      setResult("Offline: try again when connected.");
    }
    setBusy(false);
  }
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
      <p className="text-lg font-semibold tabular-nums" data-testid="score">
        Score {total.score} / {total.maxScore}
        <span className="ml-2 text-sm font-normal text-zinc-500">
          {total.graded} of {parts} parts graded
        </span>
      </p>
      <button type="button" disabled={busy} onClick={() => void reviewWeak()} className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
        Review weak answers now
      </button>
      {result && (
        <p role="status" className="basis-full text-sm">
          {result} {result.includes("due now") && <a href="/review">Go to review</a>}
        </p>
      )}
    </div>
  );
}
