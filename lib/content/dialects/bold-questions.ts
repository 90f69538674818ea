/**
 * Dialect "bold-questions": the interview-question collections that write each question as a bold
 * line and the answer as the paragraphs under it.
 *
 *     # Theoretical interview questions      first H1 before any question: the root deck
 *     ## Supervised machine learning         sub-deck (and tag)
 *     **What is regression? 👶**             question; 👶 / ⭐️ / 🚀 become the tags easy / medium / hard
 *     Regression is ...                      answer: every line up to the next bold question,
 *                                            heading, `<br/>` or `---` rule
 *     <br/>
 *
 * "Answer here" (the collections' placeholder) leaves an open card. Text before the first
 * question (introductions, tables of contents, sponsors) and text after a `<br/>` or rule that no
 * question opens is not a card: one info per run says where it starts.
 */
import type { CardItem, Diagnostic, Dialect, ParseResult } from "../types";
import { newCard } from "../types";
import { deckTitleFromFile, dedent, joinBlock, normalizeNewlines, slugify } from "../text";
import { FENCE, HEADING, HeadingStack } from "../blocks";

/** `**Question?**`, optionally numbered or bulleted, optional trailing difficulty emoji. */
const BOLD_LINE = /^[ \t]{0,3}(?:[-*+][ \t]+|\d{1,4}[.)][ \t]+)?\*\*(?!\*)(.+?)\*\*[ \t]*([\p{Extended_Pictographic}\uFE0F \t]*)$/u;
const BREAK = /^[ \t]*(?:<br\s*\/?>[ \t]*)+$/i;
const RULE = /^[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const OPENER = /^(?:what|how|why|when|where|which|who|is|are|can|could|should|would|does|do|did|explain|describe|define|compare|name|list|give|tell)\b/i;
const PLACEHOLDER = /^(?:answer here|todo|tbd|\.\.\.)\.?$/i;
const DIFFICULTY: [RegExp, string][] = [
  [/👶/u, "easy"],
  [/⭐/u, "medium"],
  [/🚀/u, "hard"],
];

export const boldQuestionsDialect: Dialect = {
  name: "bold-questions",
  detect: detectBoldQuestions,
  parse: parseBoldQuestions,
};

/** The question inside a bold line (emoji and numbering removed), or null when it is not one. */
export function boldQuestion(line: string): { question: string; tags: string[] } | null {
  const m = BOLD_LINE.exec(line);
  if (!m) return null;
  const all = `${m[1]} ${m[2]}`;
  const tags = DIFFICULTY.filter(([re]) => re.test(all)).map(([, t]) => t);
  const question = m[1]
    .replace(/[\p{Extended_Pictographic}\uFE0F]/gu, "")
    .replace(/^(?:Q\d*[.:)]|\d{1,4}[.)])[ \t]*/i, "")
    .trim();
  if (!question || !(/\?$/.test(question) || OPENER.test(question))) return null;
  return { question, tags };
}

export function detectBoldQuestions(raw: string): number {
  const lines = normalizeNewlines(raw).split("\n");
  let questions = 0;
  let answered = 0;
  let foreign = 0;
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    if (FENCE.test(lines[i])) fence = !fence;
    if (fence) continue;
    if (/^[ \t]*(?:\d+[.)][ \t]*)?(?:\*\*)?[QA]:/.test(lines[i])) foreign++;
    if (!boldQuestion(lines[i])) continue;
    questions++;
    const next = lines.slice(i + 1, i + 4).find((l) => l.trim());
    if (next && !boldQuestion(next) && !HEADING.test(next) && !BREAK.test(next)) answered++;
  }
  if (questions === 0 || foreign > questions / 2) return 0;
  // One bold question is a file too, but weaker evidence than a list of them.
  return Math.min(0.9, 0.5 + 0.4 * (answered / questions)) * (questions >= 2 ? 1 : 0.7);
}

export function parseBoldQuestions(raw: string, file: string): ParseResult {
  const lines = normalizeNewlines(raw).split("\n");
  const diagnostics: Diagnostic[] = [];
  const items: CardItem[] = [];
  const headings = new HeadingStack();
  let root = deckTitleFromFile(file);
  let current: { question: string; tags: string[]; line: number; answer: string[]; deck: string[] } | null = null;
  let stray: number | null = null;
  let strayRuns = 0;
  let fence = false;

  const flush = () => {
    if (!current) return;
    const answer = joinBlock(dedent(current.answer));
    const open = !answer || PLACEHOLDER.test(answer);
    const sub = current.deck;
    items.push(
      newCard({
        deck: [root, ...sub],
        question: current.question,
        answer: open ? null : answer,
        source: { file, line: current.line },
        tags: [...(sub.length ? [slugify(sub[sub.length - 1])] : []), ...current.tags],
      }),
    );
    current = null;
  };

  lines.forEach((text, i) => {
    const n = i + 1;
    const f = FENCE.test(text);
    if (fence || f) {
      if (f) fence = !fence;
      if (current) current.answer.push(text);
      return;
    }
    const h = HEADING.exec(text);
    if (h) {
      flush();
      if (h[1].length === 1 && !items.length && headings.depth === 0 && root === deckTitleFromFile(file)) root = h[2];
      else headings.push(h[1].length, h[2]);
      stray = null;
      return;
    }
    if (BREAK.test(text) || RULE.test(text)) {
      flush();
      stray = null;
      return;
    }
    const q = boldQuestion(text);
    if (q) {
      flush();
      current = { question: q.question, tags: q.tags, line: n, answer: [], deck: headings.titles() };
      return;
    }
    if (current) current.answer.push(text);
    else if (text.trim() && stray === null) {
      stray = n;
      if (!strayRuns++) {
        diagnostics.push({ file, line: n, severity: "info", rule: "bold-not-a-card", message: "Text outside any bold question (introduction, links, sponsors) is not a card." });
      }
    }
  });
  flush();
  return { items, diagnostics };
}
