import type { Diagnostic, FileReport } from "@/lib/content";

/** The per-file table printed by ingest and content:check. */
export function formatFileTable(files: FileReport[]): string {
  const rows = [["file", "dialect", "cards", "tests", "prompts", "merged", "warnings"]];
  for (const f of files) rows.push([f.file, f.dialect, String(f.cards), String(f.tests), String(f.prompts), String(f.merged), String(f.warnings)]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 || c === 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ")).join("\n");
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}${d.column ? `:${d.column}` : ""}  ${d.severity}  ${d.message} [${d.rule}]`;
}

/** Warnings in full; infos (removed chatter, TODOs, merges) summarised by rule. */
export function formatDiagnostics(diagnostics: Diagnostic[], verbose = false): string {
  const lines: string[] = [];
  for (const d of diagnostics) if (d.severity !== "info" || verbose) lines.push(formatDiagnostic(d));
  const infos = new Map<string, number>();
  for (const d of diagnostics) if (d.severity === "info") infos.set(d.rule, (infos.get(d.rule) ?? 0) + 1);
  if (!verbose && infos.size) lines.push("notes: " + [...infos].map(([rule, n]) => `${n} ${rule}`).join(", ") + " (see the author page)");
  return lines.join("\n");
}
