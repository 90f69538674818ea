import type { Diagnostic } from "../types";

/**
 * Cap how deep lists and block quotes nest, before any dialect or Markdown parser sees the text
 * (issue 12: 1,000 nested list levels overflowed the stack after 36 s; 400 stacked `- - - …`
 * markers took 18 s to render here). Real notes nest a handful of levels; past MAX_NESTING a
 * line is lifted to that level (indentation, `>` markers and stacked list markers each capped),
 * which keeps its text and its place, and the author hears where. One pass, linear in the text;
 * code fences are left alone.
 */
export const MAX_NESTING = 8;
/** Columns of indentation kept: two per list level. */
const MAX_INDENT = 2 * MAX_NESTING;

const FENCE = /^[ \t]*(`{3,}|~{3,})/;
const QUOTES = /^(?:[ \t]{0,3}>)+/;
const MARKERS = /^(?:[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)+/;

function columns(ws: string): number {
  let c = 0;
  for (const ch of ws) c += ch === "\t" ? 4 - (c % 4) : 1;
  return c;
}

export function capNesting(text: string, file: string): { text: string; diagnostics: Diagnostic[] } {
  // Fast path: nothing can be deep without that much indentation or that many markers.
  if (!/^(?:[ \t]*(?:\*\*)?[QA]:(?:\*\*)?)?(?:[ \t]{17,}|(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])[ \t]*){9,})/m.test(text)) return { text, diagnostics: [] };
  const lines = text.split("\n");
  const diagnostics: Diagnostic[] = [];
  let fence: string | null = null;
  let reported = -2;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const f = FENCE.exec(line);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    // A `Q:` / `A:` marker may open the line: what follows it nests the same way.
    const marker = /^[ \t]*(?:\*\*)?[QA]:(?:\*\*)?[ \t]*/.exec(line)?.[0] ?? "";
    let rest = line.slice(marker.length);
    const indent = marker ? "" : /^[ \t]*/.exec(rest)![0];
    const indentCols = columns(indent);
    rest = rest.slice(indent.length);
    const quotes = QUOTES.exec(rest)?.[0] ?? "";
    const quoteCount = (quotes.match(/>/g) ?? []).length;
    rest = rest.slice(quotes.length).replace(/^[ \t]+/, "");
    const markers = MARKERS.exec(rest)?.[0] ?? "";
    const markerList = markers.trim() ? markers.trim().split(/[ \t]+/) : [];
    const depth = Math.floor(indentCols / 2) + quoteCount + markerList.length;
    if (depth <= MAX_NESTING) continue;
    const keptQuotes = Math.min(quoteCount, MAX_NESTING);
    const keptMarkers = markerList.slice(0, Math.max(1, MAX_NESTING - keptQuotes));
    lines[i] =
      marker +
      " ".repeat(Math.min(indentCols, MAX_INDENT)) +
      (keptQuotes ? "> ".repeat(keptQuotes) : "") +
      (markerList.length ? keptMarkers.join(" ") + " " : "") +
      rest.slice(markers.length);
    if (i !== reported + 1) {
      diagnostics.push({
        file,
        line: i + 1,
        severity: "warning",
        rule: "nesting-depth",
        message: `Lists or quotes nest ${depth} levels deep here; Attend shows at most ${MAX_NESTING}, so deeper lines are lifted to level ${MAX_NESTING}.`,
      });
    }
    reported = i;
  }
  return { text: lines.join("\n"), diagnostics };
}
