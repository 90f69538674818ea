/**
 * A chart with its title, a line saying what it shows, and the same numbers as a table under a
 * "Show as table" disclosure (screen readers and anyone who prefers numbers).
 */
export function ChartCard(props: { id: string; title: string; description: React.ReactNode; children: React.ReactNode; table: React.ReactNode; testId?: string }) {
  return (
    <section aria-labelledby={`${props.id}-title`} data-testid={props.testId ?? props.id} className="min-w-0 space-y-2 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id={`${props.id}-title`} className="font-semibold">{props.title}</h2>
      <p id={`${props.id}-desc`} className="text-sm text-zinc-600 dark:text-zinc-400">{props.description}</p>
      <div className="text-zinc-600 dark:text-zinc-400">{props.children}</div>
      <details className="text-sm">
        <summary className="cursor-pointer text-indigo-700 dark:text-indigo-300">Show as table</summary>
        <div className="mt-2 max-h-80 overflow-auto">{props.table}</div>
      </details>
    </section>
  );
}

/** A plain data table: header row, then rows; numbers right-aligned. */
export function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: (string | number)[][] }) {
  return (
    <table className="w-full border-collapse text-left text-sm tabular-nums">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={h} scope="col" className={`border-b border-zinc-200 px-2 py-1 font-medium dark:border-zinc-700 ${i > 0 ? "text-right" : ""}`}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={String(r[0])}>
            {r.map((cell, i) =>
              i === 0 ? (
                <th key={i} scope="row" className="border-b border-zinc-100 px-2 py-1 font-normal dark:border-zinc-800">{cell}</th>
              ) : (
                <td key={i} className="border-b border-zinc-100 px-2 py-1 text-right dark:border-zinc-800">{cell}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
/** "2026-11-23" → "23 Nov" (the day key is a calendar date, so format it in UTC). */
export const shortDay = (key: string) => new Date(`${key}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/** "45 seconds", "1 minute", "12 minutes", "2 hours 5 minutes": a duration given in minutes, in words. */
export function duration(minutes: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (minutes < 1) return unit(Math.round(minutes * 60), "second");
  const m = Math.round(minutes);
  if (m < 60) return unit(m, "minute");
  return m % 60 ? `${unit(Math.floor(m / 60), "hour")} ${unit(m % 60, "minute")}` : unit(m / 60, "hour");
}
