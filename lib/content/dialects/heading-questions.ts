/**
 * Dialect "heading-questions": a Q&A list whose questions are headings and whose answers are the
 * text under them.
 *
 *     # Machine learning interview questions     first H1 before any question: the root deck
 *     ## Sponsors                                a heading that is not a question: a section;
 *     Thanks to ...                              text under it is not a card
 *     ## Models                                  (sub-deck and tag for the questions below)
 *     #### 1) What is the bias-variance trade-off? [[src](https://example.org/post)]
 *     The answer, up to the next heading of the same or a higher level.
 *
 * A heading is a question when (without its number `1.` / `1)` / `Q1:` and source links) it ends
 * with `?` or opens with a question word. `[[src](url)]` links leave the question and close the
 * answer as "Source: [src](url)"; Obsidian `[[Page]]` links become plain "Page".
 *
 * A comprehension test (comprehension-test.ts) also numbers its headings; what tells them apart
 * is the answers: a test's headings are titles followed by instructions, a Q&A list's headings are
 * questions followed by answers. Detection asks for both (see detectHeadingQuestions).
 */
import type { CardItem, Diagnostic, Dialect, ParseResult } from "../types";
import { newCard } from "../types";
import { deckTitleFromFile, dedent, joinBlock, normalizeNewlines, slugify } from "../text";
import { FENCE, HEADING } from "../blocks";

const OPENER = /^(?:what|what's|how|why|when|where|which|who|is|are|can|could|should|would|does|do|did|explain|describe|define|compare|name|list|give|tell)\b/i;
const NUMBER = /^(?:Q\s*\d{1,4}[.:)]|\d{1,4}(?:\.\d{1,3})*[.)]?)[ \t]+/i;
const SRC_LINK = /\[\[([^\]\n]+)\]\(([^)\s]+)\)\]/g;
const WIKI_LINK = /\[\[([^\]|\n]+)(?:\|([^\]\n]+))?\]\]/g;
const PART = /^[ \t]*(?:[-*+][ \t]+)?\(?[a-z]\)[ \t]+/;

export const headingQuestionsDialect: Dialect = {
  name: "heading-questions",
  detect: detectHeadingQuestions,
  parse: parseHeadingQuestions,
};

/** The question a heading asks, with its source links, or null when the heading is a title. */
export function headingQuestion(title: string): { question: string; sources: string[] } | null {
  const sources: string[] = [];
  const text = title
    .replace(SRC_LINK, (_m, label: string, url: string) => {
      sources.push(`[${label}](${url})`);
      return "";
    })
    .replace(WIKI_LINK, (_m, page: string, alias?: string) => alias ?? page)
    .replace(NUMBER, "")
    .replace(/[ \t]+/g, " ")
    .trim();
  if (!text || !(/\?$/.test(text) || OPENER.test(text))) return null;
  return { question: text, sources };
}

/**
 * High when headings ask questions (two or more: higher), most of them have an answer under them, and no
 * lettered parts (`- a)`) appear: that is a Q&A list. Question headings without answers are a test.
 */
export function detectHeadingQuestions(raw: string): number {
  const lines = normalizeNewlines(raw).split("\n");
  let questions = 0;
  let answered = 0;
  let parts = 0;
  let fence = false;
  let open: { level: number; body: boolean } | null = null;
  const close = () => {
    if (open?.body) answered++;
    open = null;
  };
  for (const line of lines) {
    if (FENCE.test(line)) fence = !fence;
    const h = fence ? null : HEADING.exec(line);
    if (h) {
      const level = h[1].length;
      if (open && level > open.level && !headingQuestion(h[2])) continue;
      close();
      if (headingQuestion(h[2])) {
        questions++;
        open = { level, body: false };
      }
      continue;
    }
    if (PART.test(line)) parts++;
    if (open && line.trim()) open.body = true;
  }
  close();
  if (questions === 0 || parts > 0) return 0;
  const ratio = answered / questions;
  // One answered question heading is a file too, but weaker evidence than a list of them.
  return ratio < 0.5 ? 0.1 : Math.min(0.9, 0.55 + 0.35 * ratio) * (questions >= 2 ? 1 : 0.7);
}

export function parseHeadingQuestions(raw: string, file: string): ParseResult {
  const lines = normalizeNewlines(raw).split("\n");
  const diagnostics: Diagnostic[] = [];
  const items: CardItem[] = [];
  let root = deckTitleFromFile(file);
  const sections: { level: number; title: string }[] = [];
  let current: { question: string; sources: string[]; line: number; level: number; answer: string[]; deck: string[] } | null = null;
  let fence = false;
  let outside = 0;
  let firstOutside = 0;

  const flush = () => {
    if (!current) return;
    let answer = joinBlock(dedent(current.answer)).replace(WIKI_LINK, (_m, page: string, alias?: string) => alias ?? page);
    if (current.sources.length) answer = [answer, `Source: ${current.sources.join(", ")}`].filter(Boolean).join("\n\n");
    if (!joinBlock(dedent(current.answer))) {
      diagnostics.push({ file, line: current.line, severity: "info", rule: "heading-open-card", message: "Question heading with no answer under it; kept as an open card." });
    }
    const sub = current.deck;
    items.push(
      newCard({
        deck: [root, ...sub],
        question: current.question,
        answer: answer || null,
        source: { file, line: current.line },
        tags: sub.length ? [slugify(sub[sub.length - 1])] : [],
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
      const level = h[1].length;
      const q = headingQuestion(h[2]);
      // A sub-heading inside an answer ("##### Example") belongs to the answer.
      if (current && !q && level > current.level) {
        current.answer.push(text);
        return;
      }
      flush();
      if (q) {
        current = { question: q.question, sources: q.sources, line: n, level, answer: [], deck: sections.map((s) => s.title) };
        return;
      }
      if (level === 1 && !items.length && !sections.length && root === deckTitleFromFile(file)) {
        root = h[2];
        return;
      }
      while (sections.length && sections[sections.length - 1].level >= level) sections.pop();
      sections.push({ level, title: h[2] });
      return;
    }
    if (current) current.answer.push(text);
    else if (text.trim() && !outside++) firstOutside = n;
  });
  flush();
  if (outside) {
    diagnostics.push({
      file,
      line: firstOutside,
      severity: "info",
      rule: "heading-not-a-card",
      message: `${outside} line(s) under headings that are not questions (introductions, sponsors) are not cards (first here).`,
    });
  }
  return { items, diagnostics };
}
