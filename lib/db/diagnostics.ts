import type { Db } from "./client";

export interface AuthorReport {
  lastRun: { finishedAt: Date; added: number; updated: number; retired: number; revived: number } | null;
  files: { file: string; dialect: string; cards: number; tests: number; prompts: number; merged: number; warnings: number }[];
  diagnostics: { id: number; file: string; line: number; column: number | null; severity: string; rule: string; message: string }[];
  /** Every diagnostic of the run counted by severity and rule, whatever the filter. */
  counts: { severity: string; rule: string; count: number }[];
}

/** What the last ingest said about the content, for authors. */
export async function getAuthorReport(db: Db, filter: { severity?: string; rule?: string; file?: string } = {}): Promise<AuthorReport> {
  const run = await db.ingestRun.findFirst({ orderBy: { id: "desc" } });
  if (!run) return { lastRun: null, files: [], diagnostics: [], counts: [] };
  // Without a filter, show what needs attention (warnings); notes are one click away, by rule.
  if (!filter.severity && !filter.rule && !filter.file) filter = { severity: "warning" };
  const diagnostics = await db.diagnostic.findMany({
    where: {
      runId: run.id,
      ...(filter.severity ? { severity: filter.severity } : {}),
      ...(filter.rule ? { rule: filter.rule } : {}),
      ...(filter.file ? { file: filter.file } : {}),
    },
    orderBy: [{ file: "asc" }, { line: "asc" }, { id: "asc" }],
  });
  const counts = await db.diagnostic.groupBy({ by: ["severity", "rule"], where: { runId: run.id }, _count: { _all: true } });
  return {
    counts: counts.map((c) => ({ severity: c.severity, rule: c.rule, count: c._count._all })).sort((a, b) => b.count - a.count),
    lastRun: { finishedAt: run.finishedAt, added: run.added, updated: run.updated, retired: run.retired, revived: run.revived },
    files: JSON.parse(run.report),
    diagnostics: diagnostics.map(({ id, file, line, column, severity, rule, message }) => ({ id, file, line, column, severity, rule, message })),
  };
}
