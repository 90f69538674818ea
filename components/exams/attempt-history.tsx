import Link from "next/link";
import type { AttemptSummary } from "@/lib/db/exams";
import { formatInZone } from "@/lib/exams/format";

/** Past attempts, newest first, with a small chart of graded scores over time (server-rendered SVG). */
export function AttemptHistory({ attempts, now, timeZone }: { attempts: AttemptSummary[]; now: Date; timeZone: string }) {
  if (!attempts.length) return <p className="text-sm text-zinc-500">No attempts yet.</p>;
  const points = attempts
    .filter((a) => a.submittedAt && a.maxScore > 0 && a.score !== null)
    .map((a) => ({ t: a.startedAt.getTime(), pct: a.score! / a.maxScore }))
    .reverse();
  return (
    <div className="space-y-3">
      {points.length >= 2 && <ScoreChart points={points} />}
      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" aria-label="Attempts">
        {attempts.map((a) => {
          const open = !a.submittedAt && a.deadline > now;
          return (
            <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm">
              <div className="min-w-0">
                <Link href={open ? `/attempts/${a.id}` : `/attempts/${a.id}/review`} className="font-medium">
                  {a.title}
                </Link>
                <p className="text-xs text-zinc-500">
                  <time dateTime={a.startedAt.toISOString()}>{formatInZone(a.startedAt, timeZone)}</time> · {a.answered}/{a.parts} answered
                  {a.submitReason === "deadline" && " · submitted at the deadline"}
                </p>
              </div>
              <span className="tabular-nums">
                {open ? "in progress" : a.score !== null ? `${a.score} / ${a.maxScore}` : `${a.gradedScore} / ${a.maxScore} (grading)`}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function ScoreChart({ points }: { points: { t: number; pct: number }[] }) {
  const W = 600;
  const H = 120;
  const pad = 8;
  const x = (i: number) => pad + (i * (W - 2 * pad)) / Math.max(1, points.length - 1);
  const y = (pct: number) => H - pad - pct * (H - 2 * pad);
  const d = points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p.pct).toFixed(1)}`).join(" ");
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-28 w-full text-indigo-600 dark:text-indigo-400" role="img" aria-label="Scores over time, in percent">
        <line x1={pad} x2={W - pad} y1={y(0.5)} y2={y(0.5)} className="stroke-zinc-200 dark:stroke-zinc-800" strokeDasharray="4 4" />
        <path d={d} fill="none" stroke="currentColor" strokeWidth={2} />
        {points.map((p, i) => (
          <circle key={i} cx={x(i)} cy={y(p.pct)} r={3.5} fill="currentColor">
            <title>{Math.round(p.pct * 100)}%</title>
          </circle>
        ))}
      </svg>
      <figcaption className="text-xs text-zinc-500">Graded scores over time (percent of the maximum; dashed line: 50%).</figcaption>
    </figure>
  );
}
