import type { CardItem, Diagnostic, Dialect, ParseResult } from "../types";
import { newCard } from "../types";
import { deckTitleFromFile, joinBlock, slugify } from "../text";

/**
 * The canonical authoring format (docs/authoring.md): optional front matter (handled by the
 * pipeline), Markdown headings that nest sub-decks, and `Q:` / `A:` blocks:
 *
 *     # Attention
 *     Q: Why divide attention scores by $\sqrt{d_k}$?
 *     A: Because ...
 *        (the answer runs to the next `Q:`, heading or `---` rule)
 *     <!-- id: attention-scaling -->
 *
 * Directives in HTML comments (id, widget, tags, follow-up) are read by clean/directives.ts,
 * for every dialect alike.
 */

const QUESTION = /^Q:\s?(.*)$/;
const ANSWER = /^A:\s?(.*)$/;
const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const RULE = /^(-{3,}|\*{3,}|_{3,})\s*$/;
const FENCE = /^\s*(```+|~~~+)/;

export const canonicalDialect: Dialect = {
  name: "canonical",

  detect(text) {
    const lines = text.split("\n");
    const q = lines.filter((l) => QUESTION.test(l)).length;
    const headings = lines.filter((l) => HEADING.test(l)).length;
    if (q === 0) return 0;
    // Q:/A: blocks under Markdown headings are this dialect; without headings the qa-lines
    // dialect reads them just as well, so stay just below it.
    return headings > 0 ? 0.8 : 0.3;
  },

  parse(text, file): ParseResult {
    const lines = text.split("\n");
    const diagnostics: Diagnostic[] = [];
    const items: CardItem[] = [];
    const root = deckTitleFromFile(file);
    const headingStack: { level: number; title: string }[] = [];

    let current: { qLines: string[]; aLines: string[] | null; line: number } | null = null;
    let fence: string | null = null;

    const flush = () => {
      if (!current) return;
      const question = joinBlock(current.qLines);
      const answer = current.aLines === null ? null : joinBlock(current.aLines);
      if (!question) {
        diagnostics.push({ file, line: current.line, severity: "error", rule: "empty-question", message: "`Q:` has no question text." });
      } else {
        const sub = headingStack.map((h) => h.title);
        items.push(
          newCard({
            deck: [root, ...sub],
            question,
            answer: answer || null,
            source: { file, line: current.line },
            tags: sub.length ? [slugify(sub[sub.length - 1])] : [],
          }),
        );
      }
      current = null;
    };

    lines.forEach((raw, i) => {
      const line = raw.replace(/\s+$/, "");
      const fenceMatch = FENCE.exec(line);
      if (fence !== null || fenceMatch) {
        if (fenceMatch) fence = fence === null ? fenceMatch[1][0] : fenceMatch[1][0] === fence ? null : fence;
        if (current) (current.aLines ?? current.qLines).push(raw);
        else if (line.trim()) diagnostics.push(strayText(file, i + 1));
        return;
      }
      let m: RegExpExecArray | null;
      if ((m = HEADING.exec(line))) {
        flush();
        const level = m[1].length;
        while (headingStack.length && headingStack[headingStack.length - 1].level >= level) headingStack.pop();
        headingStack.push({ level, title: m[2] });
      } else if (RULE.test(line)) {
        flush();
      } else if ((m = QUESTION.exec(line))) {
        flush();
        current = { qLines: [m[1]], aLines: null, line: i + 1 };
        fence = FENCE.exec(m[1])?.[1][0] ?? null; // `Q: ```` opens a fence on the marker line
      } else if ((m = ANSWER.exec(line))) {
        if (!current) {
          diagnostics.push({ file, line: i + 1, severity: "error", rule: "answer-without-question", message: "`A:` without a `Q:` before it." });
        } else if (current.aLines !== null) {
          diagnostics.push({ file, line: i + 1, severity: "error", rule: "second-answer", message: "A second `A:` for one `Q:`; start a new card with `Q:`." });
        } else {
          current.aLines = [m[1]];
          fence = FENCE.exec(m[1])?.[1][0] ?? null; // `A: ```python` opens a fence on the marker line
        }
      } else if (current) {
        (current.aLines ?? current.qLines).push(raw);
      } else if (line.trim() && !/^<!--.*-->$/.test(line.trim())) {
        diagnostics.push(strayText(file, i + 1));
      }
    });
    flush();
    return { items, diagnostics };
  },
};

function strayText(file: string, line: number): Diagnostic {
  return {
    file,
    line,
    severity: "warning",
    rule: "stray-text",
    message: "Text outside any `Q:`/`A:` block is not shown to students.",
  };
}
