import Link from "next/link";
import type { AuthorReport } from "@/lib/db/diagnostics";

const SEVERITY_STYLE: Record<string, string> = {
  error: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  warning: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  info: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
};

export function AuthorReportView({ report, filter }: { report: AuthorReport; filter: { severity?: string; rule?: string; file?: string } }) {
  if (!report.lastRun) return <p>Nothing ingested yet. Run <code>npm run ingest</code>.</p>;
  const q = (extra: Record<string, string | undefined>) =>
    "/author?" + new URLSearchParams(Object.entries({ ...filter, ...extra }).filter(([, v]) => v) as [string, string][]).toString();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">How Attend read your content</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Last ingest {report.lastRun.finishedAt.toISOString().replace("T", " ").slice(0, 16)} UTC: {report.lastRun.added} added,{" "}
          {report.lastRun.updated} updated, {report.lastRun.retired} retired, {report.lastRun.revived} revived.
        </p>
        <p className="text-sm">
          <a href="/author/analysis" className="text-indigo-700 underline dark:text-indigo-300">
            Item analysis: which test questions and cards are hard
          </a>
        </p>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Files</caption>
          <thead className="text-left text-xs text-zinc-500">
            <tr>
              <th className="py-1 pr-3">File</th>
              <th className="pr-3">Dialect</th>
              <th className="pr-3 text-right">Cards</th>
              <th className="pr-3 text-right">Tests</th>
              <th className="pr-3 text-right">Prompts</th>
              <th className="pr-3 text-right">Merged</th>
              <th className="text-right">Warnings</th>
            </tr>
          </thead>
          <tbody>
            {report.files.map((f) => (
              <tr key={f.file} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1 pr-3"><Link href={q({ file: f.file })}>{f.file}</Link></td>
                <td className="pr-3">{f.dialect}</td>
                <td className="pr-3 text-right tabular-nums">{f.cards}</td>
                <td className="pr-3 text-right tabular-nums">{f.tests}</td>
                <td className="pr-3 text-right tabular-nums">{f.prompts}</td>
                <td className="pr-3 text-right tabular-nums">{f.merged}</td>
                <td className="text-right tabular-nums">{f.warnings}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Diagnostics</h2>
        <ul className="flex flex-wrap gap-2 text-xs" aria-label="Diagnostics by rule">
          {report.counts.map((c) => (
            <li key={c.severity + c.rule}>
              <Link href={`/author?rule=${encodeURIComponent(c.rule)}`} className={`inline-block rounded px-2 py-0.5 no-underline ${SEVERITY_STYLE[c.severity] ?? ""}`}>
                {c.rule} · {c.count}
              </Link>
            </li>
          ))}
        </ul>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Showing {report.diagnostics.length} {filter.rule ? `“${filter.rule}”` : filter.file ? `in ${filter.file}` : filter.severity ?? "warning"} diagnostic
          {report.diagnostics.length === 1 ? "" : "s"}. {(filter.rule || filter.file || filter.severity) && <Link href="/author">Back to warnings</Link>}
        </p>
        <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {report.diagnostics.map((d) => (
            <li key={d.id} className="flex flex-wrap items-baseline gap-x-3 py-1.5">
              <code className="text-xs">{d.file}:{d.line}{d.column ? `:${d.column}` : ""}</code>
              <span className={`rounded px-1.5 text-xs ${SEVERITY_STYLE[d.severity] ?? ""}`}>{d.severity}</span>
              <span className="text-xs text-zinc-500">{d.rule}</span>
              <span className="min-w-0 basis-full sm:basis-auto">{d.message}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
