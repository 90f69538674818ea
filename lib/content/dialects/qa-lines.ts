/**
 * Dialect "qa-lines": `Q:` / `A:` lines, `--- Section ---` separators, code fences in answers.
 *
 *   Q: What does the cross_entropy_loss function do?
 *   A: It measures how well ...
 *
 *   --- Few-shot chain example ---
 *   Q: What is 2 + 2?
 *   A: 4
 *
 * Reading rules (each line outside a code fence):
 * - `Q:` starts a card; lines up to the next `A:` continue the question.
 * - `A:` starts the answer; every line up to the next `Q:`, separator or end of file continues it
 *   (blank lines and fences included, so multi-line answers and code survive as written).
 * - `--- Title ---` opens a section: the cards after it go to the sub-deck [file deck, Title] and
 *   get the tag slugify(Title). A bare `---` only ends the current card.
 * - Markers may be indented or bold (`**Q:**`); lines inside ``` / ~~~ fences are never markers.
 *
 * Decisions for malformed input (never a throw):
 * - `Q:` without `A:` → open card (answer null) plus an info, since open cards are legitimate.
 * - `A:` with no question to attach to (before any `Q:`, or a second `A:`) → error: the text
 *   would otherwise be lost or glued to the wrong card, and only the author can say which.
 * - empty `Q:` → error; empty `A:` → open card plus a warning; text outside any card → warning.
 */
import type { CardItem, Diagnostic, Dialect, ParseResult } from "../types";
import { newCard } from "../types";
import { dedent, deckTitleFromFile, joinBlock, normalizeNewlines, slugify } from "../text";

const Q_MARK = /^[ \t]*(?:\*\*)?Q:(?:\*\*)?[ \t]?(.*)$/;
const A_MARK = /^[ \t]*(?:\*\*)?A:(?:\*\*)?[ \t]?(.*)$/;
const SECTION = /^[ \t]*-{3,}[ \t]*(\S.*?)[ \t]*-{3,}[ \t]*$/;
const RULE = /^[ \t]*-{3,}[ \t]*$/;
const FENCE = /^[ \t]*(`{3,}|~{3,})/;

interface Draft {
  questionLines: string[];
  answerLines: string[] | null;
  line: number;
  answerLine: number;
  section: string | null;
}

export const qaLinesDialect: Dialect = {
  name: "qa-lines",
  detect: detectQaLines,
  parse: parseQaLines,
};

/**
 * High when most content lines are unnumbered `Q:` / `A:` pairs; 0 without any `Q:` line.
 * Halved when the file has Markdown headings, which makes it canonical (see canonical.ts).
 */
export function detectQaLines(raw: string): number {
  const lines = normalizeNewlines(raw).split("\n");
  let q = 0;
  let a = 0;
  let content = 0;
  let headings = 0;
  let fence: string | null = null;
  for (const line of lines) {
    const f = FENCE.exec(line);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      continue;
    }
    if (fence !== null || !line.trim()) continue;
    content++;
    if (/^#{1,6}[ \t]/.test(line)) headings++;
    if (Q_MARK.test(line)) q++;
    else if (A_MARK.test(line)) a++;
  }
  if (q === 0 || content === 0) return 0;
  const paired = Math.min(q, a) / q; // chat exports have `A:` lines but `N. Q:` questions
  const density = Math.min(1, (2 * Math.min(q, a)) / content);
  const score = Math.min(1, 0.35 + 0.35 * paired + 0.3 * density);
  // Q:/A: blocks under Markdown headings are the canonical format (headings nest decks).
  return headings > 0 ? score * 0.5 : score;
}

export function parseQaLines(raw: string, file: string): ParseResult {
  const lines = normalizeNewlines(raw).split("\n");
  const fileDeck = deckTitleFromFile(file);
  const diagnostics: Diagnostic[] = [];
  const drafts: Draft[] = [];
  const sectionCards = new Map<number, number>(); // section line -> cards in it
  let section: string | null = null;
  let sectionLine = 0;
  let current: Draft | null = null;
  let fence: { char: string; line: number } | null = null;
  let strayReported = false;

  const diag = (line: number, severity: Diagnostic["severity"], rule: string, message: string) =>
    diagnostics.push({ file, line, severity, rule, message });

  const finish = () => {
    if (current) drafts.push(current);
    current = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const n = i + 1;
    const f = FENCE.exec(line);
    if (fence !== null || f) {
      // Inside (or opening/closing) a fence: the line belongs to whatever is being written.
      if (fence === null) fence = { char: f![1][0], line: n };
      else if (f && f[1][0] === fence.char) fence = null;
      if (current) (current.answerLines ?? current.questionLines).push(line);
      else if (!strayReported) {
        diag(n, "warning", "qa-stray-text", "Code outside any Q:/A: card is ignored.");
        strayReported = true;
      }
      continue;
    }
    const sec = SECTION.exec(line);
    if (sec) {
      finish();
      if (section !== null && !sectionCards.get(sectionLine))
        diag(sectionLine, "info", "qa-empty-section", `Section "${section}" has no questions.`);
      section = sec[1];
      sectionLine = n;
      sectionCards.set(n, 0);
      continue;
    }
    if (RULE.test(line)) {
      finish();
      continue;
    }
    const q = Q_MARK.exec(line);
    if (q) {
      finish();
      current = { questionLines: [q[1]], answerLines: null, line: n, answerLine: 0, section };
      fence = fenceOpenedBy(q[1], n);
      if (section !== null) sectionCards.set(sectionLine, (sectionCards.get(sectionLine) ?? 0) + 1);
      strayReported = false;
      continue;
    }
    const a = A_MARK.exec(line);
    if (a) {
      const cur = current as Draft | null;
      if (cur && cur.answerLines === null) {
        cur.answerLines = [a[1]];
        cur.answerLine = n;
        // `A: ```python` opens a fence on the marker line: the fence runs to its closing line,
        // so a `Q:` inside the code is code and the closing line does not open a new fence.
        fence = fenceOpenedBy(a[1], n);
      } else {
        const why = cur
          ? `A second A: for the question on line ${cur.line}; merge the answers or add a Q:.`
          : "A: with no Q: before it; add the question or remove the answer.";
        diag(n, "error", "qa-answer-without-question", why);
        finish();
      }
      continue;
    }
    if (current) (current.answerLines ?? current.questionLines).push(line);
    else if (line.trim() && !strayReported) {
      diag(n, "warning", "qa-stray-text", "Text outside any Q:/A: card is ignored.");
      strayReported = true;
    }
  }
  finish();
  if (fence !== null) diag(fence.line, "warning", "unclosed-fence", "Code fence is never closed; it runs to the end of the file.");
  if (section !== null && !sectionCards.get(sectionLine))
    diag(sectionLine, "info", "qa-empty-section", `Section "${section}" has no questions.`);

  const cards: CardItem[] = [];
  const sectionOf: (string | null)[] = [];
  for (const d of drafts) {
    const question = joinBlock(blockLines(d.questionLines));
    if (!question) {
      diag(d.line, "error", "qa-empty-question", "Q: has no question text.");
      continue;
    }
    let answer: string | null = null;
    if (d.answerLines === null) {
      diag(d.line, "info", "qa-open-card", "Q: has no A:; kept as an open card (no reference answer).");
    } else {
      answer = joinBlock(blockLines(d.answerLines)) || null;
      if (answer === null) diag(d.answerLine, "warning", "qa-empty-answer", "A: is empty; kept as an open card.");
    }
    cards.push(
      newCard({
        deck: d.section ? [fileDeck, d.section] : [fileDeck],
        question,
        answer,
        tags: d.section && slugify(d.section) ? [slugify(d.section)] : [],
        source: { file, line: d.line },
      }),
    );
    sectionOf.push(d.section);
  }
  linkFollowUps(cards, sectionOf, file);
  return { items: cards, diagnostics };
}

/** A fence opened by the text after a `Q:` / `A:` marker, or null. */
function fenceOpenedBy(rest: string, line: number): { char: string; line: number } | null {
  const f = FENCE.exec(rest);
  return f ? { char: f[1][0], line } : null;
}

/** The first line (text after the marker) stays as is; continuation lines lose their common indent. */
function blockLines(lines: string[]): string[] {
  return [lines[0], ...dedent(lines.slice(1))];
}

// ---------------------------------------------------------------------------------------------
// Follow-ups
//
// A follow-up only makes sense after the question before it ("How is it calculated in our
// RNN?"). Heuristic, per section, in file order:
//  1. Pronoun rule (starts or continues a chain): a short question (≤ 12 words) that refers back
//     with it/its/they/them/their/this/these/those, or a bare "that" ("Why is that?"). An
//     expletive "it" ("Is it possible to …", "Is it true that …") does not count.
//  2. Drill-down rule (only continues a chain): "What is the [math] formula/equation/definition/
//     derivation … for/of X?" right after a follow-up. On its own such a question names its
//     subject, so it never starts a chain; inside one it is part of the same walk-through.
// A follow-up gets context = the previous question (Markdown). The chain head (the topic question
// before the first follow-up) and all its follow-ups share one group, so the queue buries them
// as siblings.
// ---------------------------------------------------------------------------------------------

const ANAPHORS = new Set(["it", "its", "itself", "they", "them", "their", "theirs", "this", "these", "those"]);
const EXPLETIVE_IT = /\bit\s+(?:is\s+|was\s+)?[a-z]+\s+(?:to|that)\b/;
const BARE_THAT = /\bthat\s*(?:[?.!]|$|\b(?:is|are|was|were|does|do|mean|matter|work|help)\b)/;
const DRILL_DOWN =
  /^(?:what|which)\s+(?:is|are)\s+the\s+(?:[a-z-]+\s+)?(?:formula|formulas|equation|equations|definition|derivation|expression)\s+(?:for|of)\b/;

/** Why `question` is a follow-up ("pronoun" | "drill-down"), or null. `chainOpen`: the previous question is a follow-up. */
export function followUpReason(question: string, chainOpen: boolean): "pronoun" | "drill-down" | null {
  const plain = question
    .replace(/`[^`]*`/g, " code ")
    .replace(/\$[^$]*\$/g, " math ")
    .toLowerCase()
    .trim();
  const words = plain.match(/[a-z0-9']+/g) ?? [];
  if (words.length === 0) return null;
  if (words.length <= 12) {
    const pronoun = words.some((w) => ANAPHORS.has(w) && !(w === "it" && EXPLETIVE_IT.test(plain)));
    if (pronoun || BARE_THAT.test(plain)) return "pronoun";
  }
  if (chainOpen && DRILL_DOWN.test(plain)) return "drill-down";
  return null;
}

function linkFollowUps(cards: CardItem[], sectionOf: (string | null)[], file: string): void {
  let chainOpen = false;
  let head: CardItem | null = null;
  for (let i = 1; i < cards.length; i++) {
    const prev = cards[i - 1];
    if (sectionOf[i] !== sectionOf[i - 1]) {
      chainOpen = false;
      continue;
    }
    const card = cards[i];
    if (!followUpReason(card.question, chainOpen)) {
      chainOpen = false;
      continue;
    }
    if (!chainOpen) {
      head = prev;
      head.group = `${file}#${slugify(head.question) || head.source.line}`;
    }
    card.context = prev.question;
    card.group = head!.group;
    chainOpen = true;
  }
}
