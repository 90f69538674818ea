"use client";
// Optimizer: start a run (POST), poll its progress (GET every 500 ms), show log loss and RMSE
// before and after, then apply on confirmation, optionally rescheduling existing cards.
import { useEffect, useState } from "react";
import type { OptimizerJobView } from "@/lib/stats/optimizer-jobs";

const PHASES: Record<string, string> = { loading: "Reading your reviews", training: "Training", evaluating: "Testing on later reviews" };

export function OptimizerPanel({ initial, hasCustom }: { initial: OptimizerJobView | null; hasCustom: boolean }) {
  const [job, setJob] = useState<OptimizerJobView | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const [reschedule, setReschedule] = useState(false);
  // Rescheduling rewrites every review card's due date: it asks for the password, as restore does.
  const [password, setPassword] = useState("");
  const [applied, setApplied] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const running = job !== null && ["loading", "training", "evaluating"].includes(job.phase);

  useEffect(() => {
    if (!running || !job) return;
    const timer = setTimeout(async () => {
      const res = await fetch(`/api/stats/optimizer?job=${encodeURIComponent(job.id)}`);
      const body = await res.json().catch(() => ({}));
      if (res.ok && body.job) setJob(body.job);
      else setError(body.error ?? "Lost track of the optimizer run.");
    }, 500);
    return () => clearTimeout(timer);
  }, [job, running]);

  async function start() {
    setError(null);
    setApplied(null);
    const res = await fetch("/api/stats/optimizer", { method: "POST" });
    const body = await res.json().catch(() => ({}));
    if (res.ok) setJob(body.job);
    else setError(body.error ?? "Could not start the optimizer.");
  }

  async function apply() {
    if (!job) return;
    setBusy(true);
    const res = await fetch("/api/stats/optimizer/apply", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ job: job.id, reschedule, ...(reschedule ? { password } : {}) }) });
    const body = await res.json().catch(() => ({}));
    setBusy(false);
    if (!res.ok) return setError(body.error ?? "Could not apply the parameters.");
    setApplied(reschedule ? `Saved. ${body.rescheduled} review cards rescheduled with the new parameters.` : "Saved: new answers are scheduled with your parameters.");
  }

  const r = job?.result;
  return (
    <section aria-labelledby="optimizer-title" data-testid="optimizer" className="space-y-3 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="optimizer-title" className="font-semibold">Your FSRS parameters</h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        The optimizer fits FSRS&apos;s 21 parameters to your own review history (manual entries left out), so intervals match how you remember. {hasCustom ? "You use your own parameters now." : "You use the default parameters now."}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" onClick={start} disabled={running} className="rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
          {running ? "Optimizing…" : job ? "Optimize again" : "Optimize my parameters"}
        </button>
        {running && job && (
          <div className="flex min-w-48 flex-1 items-center gap-2 text-sm" aria-live="polite">
            <progress className="h-2 w-40 accent-indigo-600" max={1} value={job.progress} aria-label="Optimizer progress" />
            <span>{PHASES[job.phase]} ({Math.round(job.progress * 100)}%)</span>
          </div>
        )}
      </div>
      {error && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{error}</p>}
      {job?.phase === "too-little-data" && (
        <p role="status" className="text-sm">
          Not enough history yet: the optimizer needs {job.minimum} reviews made on a later day than the card&apos;s previous one.{" "}
          <strong>{job.needed} more</strong> to go.
        </p>
      )}
      {job?.phase === "failed" && <p role="alert" className="text-sm text-red-700 dark:text-red-400">The optimizer failed: {job.error}</p>}
      {job?.phase === "done" && r && (
        <div className="space-y-3" role="status">
          <table className="w-full max-w-md border-collapse text-sm tabular-nums" data-testid="optimizer-metrics">
            <caption className="mb-1 text-left text-zinc-600 dark:text-zinc-400">
              On a time-series split of {r.reviews.toLocaleString("en")} reviews (trained on earlier reviews, tested on later ones). Lower is better.
            </caption>
            <thead>
              <tr>
                <th scope="col" className="px-2 py-1 text-left font-medium"></th>
                <th scope="col" className="px-2 py-1 text-right font-medium">Log loss</th>
                <th scope="col" className="px-2 py-1 text-right font-medium">RMSE (bins)</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row" className="px-2 py-1 text-left font-normal">Before ({job.current ? "your current" : "default"} parameters)</th>
                <td className="px-2 py-1 text-right">{r.before.logLoss.toFixed(4)}</td>
                <td className="px-2 py-1 text-right">{(r.before.rmseBins * 100).toFixed(2)}%</td>
              </tr>
              <tr>
                <th scope="row" className="px-2 py-1 text-left font-normal">After (optimized)</th>
                <td className="px-2 py-1 text-right font-semibold">{r.after.logLoss.toFixed(4)}</td>
                <td className="px-2 py-1 text-right font-semibold">{(r.after.rmseBins * 100).toFixed(2)}%</td>
              </tr>
            </tbody>
          </table>
          <details className="text-sm">
            <summary className="cursor-pointer text-indigo-700 dark:text-indigo-300">The 21 parameters</summary>
            <p className="mt-1 font-mono text-xs break-all" data-testid="optimizer-weights">{r.weights.join(", ")}</p>
          </details>
          {r.after.logLoss >= r.before.logLoss && <p className="text-sm text-amber-700 dark:text-amber-400">These parameters do not predict your later reviews better than the ones you have; you may keep yours.</p>}
          {applied ? (
            <p className="text-sm text-green-700 dark:text-green-400">{applied}</p>
          ) : (
            <div className="flex flex-wrap items-center gap-3">
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={reschedule} onChange={(e) => setReschedule(e.target.checked)} className="size-4 accent-indigo-600" />
                Also reschedule my existing review cards
              </label>
              {reschedule && (
                <label className="flex items-center gap-2 text-sm">
                  Your password, to confirm
                  <input
                    type="password"
                    autoComplete="current-password"
                    value={password}
                    onChange={(e) => setPassword(e.target.value)}
                    className="w-44 rounded-lg border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
                  />
                </label>
              )}
              <button type="button" onClick={apply} disabled={busy} className="rounded-lg border border-indigo-600 px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50 disabled:opacity-60 dark:text-indigo-300 dark:hover:bg-indigo-950">
                {busy ? "Saving…" : "Use these parameters"}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
