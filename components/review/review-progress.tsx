"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { NextResponse } from "@/lib/review/contract";
import { comeBackIn } from "./api";

type Counts = NextResponse["counts"];

/** Done today and what is left, Anki's colours: new blue, learning red, review green. */
export function ReviewProgress({ counts, doneToday }: { counts: Counts; doneToday: number }) {
  const left = counts.learning + counts.review + counts.new;
  const pct = doneToday + left === 0 ? 100 : Math.round((100 * doneToday) / (doneToday + left));
  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
        <span>
          <strong className="tabular-nums" data-testid="done-today">{doneToday}</strong> done today
        </span>
        <span className="tabular-nums" data-testid="remaining" aria-label={`Remaining: ${counts.learning} learning, ${counts.review} review, ${counts.new} new`}>
          <span className={counts.learning ? "text-red-700 dark:text-red-400" : "text-zinc-500"}>{counts.learning} learning</span>
          {" · "}
          <span className={counts.review ? "text-emerald-700 dark:text-emerald-400" : "text-zinc-500"}>{counts.review} review</span>
          {" · "}
          <span className={counts.new ? "text-sky-700 dark:text-sky-400" : "text-zinc-500"}>{counts.new} new</span>
        </span>
      </div>
      <div className="h-1.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" role="progressbar" aria-label="Today's progress" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <div className="h-full bg-indigo-500 transition-[width]" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** Nothing to show now: when to come back, and reload the queue by itself when a step comes due. */
export function AllDone(props: { counts: Counts; doneToday: number; nextLearningDue: string | null; onDue: () => void; deck?: string }) {
  const { nextLearningDue, onDue } = props;
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!nextLearningDue) return;
    const due = new Date(nextLearningDue).getTime();
    const tick = setInterval(() => setNow(new Date()), 30_000);
    const wake = setTimeout(onDue, Math.max(1000, due - Date.now() + 1000));
    return () => {
      clearInterval(tick);
      clearTimeout(wake);
    };
  }, [nextLearningDue, onDue]);
  return (
    <section className="space-y-3 rounded-xl border border-zinc-200 p-6 text-center dark:border-zinc-800" aria-labelledby="all-done">
      <h2 id="all-done" className="text-xl font-semibold">All done for now</h2>
      <p className="text-zinc-600 dark:text-zinc-400">
        {props.doneToday} card{props.doneToday === 1 ? "" : "s"} reviewed today.
        {nextLearningDue
          ? ` A card you are learning comes back ${comeBackIn(new Date(nextLearningDue), now)}: come back then.`
          : " Nothing else is due today."}
      </p>
      {props.counts.new + props.counts.review + props.counts.learning > 0 && (
        <p className="text-sm text-zinc-500">
          Still queued: {props.counts.learning} learning, {props.counts.review} review, {props.counts.new} new.
        </p>
      )}
      <p className="flex justify-center gap-4 text-sm">
        <Link href="/">Home</Link>
        {props.deck && <Link href="/review">Review all decks</Link>}
        <Link href="/settings">Daily limits</Link>
      </p>
    </section>
  );
}
