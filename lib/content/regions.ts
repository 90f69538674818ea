import type { Dialect, Diagnostic, Item } from "./types";
import { detectDialect, MIN_CONFIDENCE } from "./detect";

/**
 * Files that mix formats: a canonical `Q:`/`A:` file with a few cloze paragraphs, Obsidian `::`
 * lines or bold questions in one section. The canonical reader reports such text as stray; here
 * each run of stray lines (with the headings above it, for its deck) is detected and read on its
 * own, and when another dialect recognises it and reads cards from it without errors, those cards
 * replace the stray warnings. Lines keep their numbers (the rest of the file is blanked), so every
 * diagnostic still points at the author's line. A file whose lines all belong somewhere is
 * untouched.
 */
export interface RegionResult {
  items: Item[];
  diagnostics: Diagnostic[];
}

const HEADING = /^#{1,6}\s/;

export function readStrayRegions(body: string, file: string, parsed: RegionResult, fileDialect: Dialect): RegionResult {
  const stray = parsed.diagnostics.filter((d) => d.rule === "stray-text").map((d) => d.line);
  if (!stray.length) return parsed;
  const lines = body.split("\n");
  // Runs of stray lines: blank lines join a run, any other line ends it.
  const regions: { from: number; to: number }[] = [];
  const strayAt = new Set(stray);
  for (const line of [...strayAt].sort((a, b) => a - b)) {
    const last = regions.at(-1);
    if (last && lines.slice(last.to, line - 1).every((l) => !l.trim())) last.to = line;
    else regions.push({ from: line, to: line });
  }
  const items = [...parsed.items];
  let diagnostics = parsed.diagnostics;
  for (const r of regions) {
    const text = lines.map((l, i) => (i + 1 >= r.from && i + 1 <= r.to) || (i + 1 < r.from && HEADING.test(l)) ? l : "").join("\n");
    const { dialect, confidence } = detectDialect(text);
    if (dialect.name === fileDialect.name || confidence < MIN_CONFIDENCE) continue;
    let out: RegionResult;
    try {
      out = dialect.parse(text, file);
    } catch {
      continue;
    }
    const cards = out.items.filter((i) => i.kind === "card");
    if (!cards.length || out.diagnostics.some((d) => d.severity === "error")) continue;
    items.push(...cards);
    diagnostics = diagnostics.filter((d) => !(d.rule === "stray-text" && d.line >= r.from && d.line <= r.to));
    diagnostics.push(...out.diagnostics, {
      file,
      line: r.from,
      severity: "info",
      rule: "mixed-region",
      message: `Lines ${r.from}–${r.to} read as ${dialect.name} (${cards.length} card${cards.length === 1 ? "" : "s"}).`,
    });
  }
  // Source order, as a single-dialect file would give it (new cards are introduced in this order).
  return { items: items.sort((a, b) => a.source.line - b.source.line), diagnostics };
}
