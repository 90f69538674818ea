// Automatic re-fits of the FSRS parameters (lib/stats/auto-optimize-job.ts): when, on how many
// recent reviews, log loss and RMSE before and after, and what became of the new parameters.
import Link from "next/link";
import type { FitRow } from "@/lib/db/optimizer-fits";
import { AUTO_FIT_EVERY, describeFit } from "@/lib/stats/auto-optimize";
import { formatInZone } from "@/lib/exams/format";

const OUTCOME_LABEL: Record<string, string> = { applied: "Applied", kept: "Kept old", "too-little-data": "Too little data", superseded: "Not applied", failed: "Failed" };

export function FitHistory({ fits, enabled, timeZone }: { fits: FitRow[]; enabled: boolean; timeZone: string }) {
  const num = (x: number | null, f: (x: number) => string) => (x === null ? "–" : f(x));
  return (
    <section aria-labelledby="fits-title" data-testid="fit-history" className="space-y-3 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="fits-title" className="font-semibold">Automatic re-fits</h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {enabled
          ? `Every ${AUTO_FIT_EVERY} new reviews, your parameters are refitted in the background and kept only if they predict your most recent reviews better (lower log loss).`
          : "Automatic re-fitting is off."}{" "}
        <Link href="/settings#autoOptimize" className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
          {enabled ? "Turn off in settings" : "Turn on in settings"}
        </Link>
      </p>
      {fits.length === 0 ? (
        <p className="text-sm">No automatic fit yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <p id="fits-caption" className="mb-1 text-sm text-zinc-600 dark:text-zinc-400">Newest first. Log loss and RMSE of the old and new parameters on the same recent reviews; lower is better.</p>
          <table aria-describedby="fits-caption" className="w-full border-collapse text-xs tabular-nums sm:text-sm">
            <thead>
              <tr className="border-b border-zinc-200 dark:border-zinc-800">
                <th scope="col" className="px-2 py-1 text-left font-medium">Started</th>
                <th scope="col" className="px-2 py-1 text-left font-medium">Result</th>
                <th scope="col" className="hidden px-2 py-1 text-right font-medium sm:table-cell">Recent reviews</th>
                <th scope="col" className="px-2 py-1 text-right font-medium">Log loss<span className="sr-only"> before and after</span></th>
                <th scope="col" className="px-2 py-1 text-right font-medium">RMSE<span className="sr-only"> before and after</span></th>
              </tr>
            </thead>
            <tbody>
              {fits.map((f) => (
                <tr key={f.id} className="border-b border-zinc-100 dark:border-zinc-900">
                  <td className="px-2 py-1">{formatInZone(f.startedAt, timeZone)}</td>
                  <td className="px-2 py-1" title={describeFit(f)}>
                    {OUTCOME_LABEL[f.outcome] ?? f.outcome}
                    <span className="sr-only">: {describeFit(f)}</span>
                  </td>
                  <td className="hidden px-2 py-1 text-right sm:table-cell">{f.recentReviews.toLocaleString("en")}</td>
                  <td className="px-2 py-1 text-right whitespace-nowrap">
                    {num(f.logLossBefore, (x) => x.toFixed(4))} → {num(f.logLossAfter, (x) => x.toFixed(4))}
                  </td>
                  <td className="px-2 py-1 text-right whitespace-nowrap">
                    {num(f.rmseBefore, (x) => `${(x * 100).toFixed(2)}%`)} → {num(f.rmseAfter, (x) => `${(x * 100).toFixed(2)}%`)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
