/**
 * Dialect "prompt-list": prompts glued together with no separators, e.g. one 8 KB line
 *
 *   Explain how attention mechanisms work in transformers What is the difference between …? …
 *   … The transformer architecture revolutionized natural language processing by introducing
 *   Attention mechanisms allow models to focus on … when In deep learning, the optimization …
 *
 * Two kinds of prompt live in it:
 * - study questions: open with a wh-word, auxiliary or imperative ("What", "How", "Explain",
 *   "Describe", …) or end with "?". They become PromptItems of kind "question" and open cards.
 * - sentence starters for the language model: a sentence cut off mid-way ("… by introducing").
 *   They become PromptItems of kind "starter" only.
 *
 * Splitting (each non-blank line separately, so a one-prompt-per-line file works too): a prompt
 * may end before a capitalised word. Whether it does depends on the kind of prompt being read,
 * which its first word tells:
 * - after "?" / "." / "!" followed by a capital: always a boundary.
 * - inside a question: a boundary before an opener word ("… in transformers What is …") or before
 *   any other capital that follows a content word ("… in machine learning The transformer …").
 *   A question is a complete sentence, so it never ends on a function word: a capital after
 *   "the", "how", "between", … is a name inside it ("How does the Adam optimizer …",
 *   "Explain how KV caching …").
 * - inside a starter: starters stop on any word ("… without affecting the Early stopping …",
 *   "… ensuring that KV caching stores …"), so every capital is a boundary, except while the
 *   starter has fewer than MIN_STARTER_WORDS words: a capital that early is a name inside the
 *   sentence ("Transformers replaced RNNs in …").
 * Suspicious results (very long or very short prompts, duplicates) become warnings with the
 * column, so an author can see where a split was missed or made.
 */
import type { CardItem, Diagnostic, Dialect, ParseResult, PromptItem, PromptKind } from "../types";
import { newCard } from "../types";
import { deckTitleFromFile, normalizeNewlines } from "../text";

/** Words that open a study question (wh-words, auxiliaries, imperatives). */
const OPENERS = new Set(
  (
    "what how why when where which who whom whose " +
    "is are was were does do did can could should would will " +
    "explain describe define compare contrast discuss summarize summarise list name give show " +
    "derive calculate compute outline identify illustrate justify evaluate analyze analyse prove state"
  ).split(" "),
);

/** Words a complete sentence does not end on: a capital right after one is inside the prompt. */
const FUNCTION_WORDS = new Set(
  (
    "the a an of to in on at for with without between and or nor but how why what when where which who " +
    "whom whose that whether if from by as into onto about like vs versus than its their his her our your " +
    "my this these those is are was were be been does do did can could should would will via per over " +
    "under through across among within using use"
  ).split(" "),
);

/** A starter shorter than this is still mid-sentence: a capital inside it is a name, not a new prompt. */
export const MIN_STARTER_WORDS = 4;
const LONG_PROMPT_WORDS = 45;

interface Word {
  text: string;
  start: number; // offset in the line
}

interface Segment {
  text: string;
  start: number; // offset in the line
  kind: PromptKind;
}

export const promptListDialect: Dialect = {
  name: "prompt-list",
  detect: detectPromptList,
  parse: parsePromptList,
};

/**
 * High for long unpunctuated lines with many prompt openings and no Markdown structure.
 * Other dialects are line-oriented (headings, `Q:` lines, lists), so their lines are short.
 */
export function detectPromptList(raw: string): number {
  const lines = normalizeNewlines(raw)
    .split("\n")
    .filter((l) => l.trim());
  if (lines.length === 0) return 0;
  const markdown = lines.filter((l) => /^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s|>|```|~~~|---|(\*\*)?[QA]:|<)/.test(l)).length;
  if (markdown / lines.length > 0.05) return 0.02;
  let longChars = 0;
  let total = 0;
  let openings = 0;
  for (const l of lines) {
    total += l.length;
    if (l.length >= 300) longChars += l.length;
    openings += (l.match(/\s(?:What|How|Why|Explain|Describe|The)\s/g) ?? []).length;
  }
  const longShare = longChars / total;
  if (longShare === 0) return lines.length >= 3 && openings === 0 ? 0.15 : 0.1;
  return Math.min(1, 0.4 + 0.4 * longShare + Math.min(0.2, openings / 50));
}

export function parsePromptList(raw: string, file: string): ParseResult {
  const lines = normalizeNewlines(raw).split("\n");
  const deck = [deckTitleFromFile(file)];
  const prompts: PromptItem[] = [];
  const cards: CardItem[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, number>();

  lines.forEach((line, i) => {
    const n = i + 1;
    for (const seg of splitPrompts(line)) {
      const column = seg.start + 1;
      const source = { file, line: n };
      const words = seg.text.split(/\s+/).length;
      if (words > LONG_PROMPT_WORDS)
        diagnostics.push({ file, line: n, column, severity: "warning", rule: "prompt-long", message: `Prompt of ${words} words; two prompts may be glued together here.` });
      if (words < 3)
        diagnostics.push({ file, line: n, column, severity: "warning", rule: "prompt-short", message: `Prompt "${seg.text}" is very short; it may be a fragment of its neighbour.` });
      const key = seg.text.toLowerCase();
      if (seen.has(key))
        diagnostics.push({ file, line: n, column, severity: "warning", rule: "prompt-duplicate", message: `Same prompt as column ${seen.get(key)}.` });
      else seen.set(key, column);
      prompts.push({ kind: "prompt", text: seg.text, promptKind: seg.kind, source });
      if (seg.kind === "question") cards.push(newCard({ deck, question: seg.text, answer: null, source }));
    }
  });
  return { items: [...prompts, ...cards], diagnostics };
}

/** Split one line into prompts, each with its offset in the line and its kind. */
export function splitPrompts(line: string): Segment[] {
  const words: Word[] = [];
  for (const m of line.matchAll(/\S+/g)) words.push({ text: m[0], start: m.index! });
  const segments: Segment[] = [];
  let first = 0;
  const close = (end: number) => {
    if (end <= first) return;
    const last = words[end - 1];
    const text = line.slice(words[first].start, last.start + last.text.length);
    segments.push({ text, start: words[first].start, kind: kindOf(text) });
    first = end;
  };
  for (let i = 1; i < words.length; i++) {
    if (startsPrompt(words, first, i)) close(i);
  }
  close(words.length);
  return segments;
}

function kindOf(text: string): PromptKind {
  return text.endsWith("?") || OPENERS.has(bare(text.split(/\s/, 1)[0])) ? "question" : "starter";
}

/** Whether words[i] opens a new prompt, given that the current one began at words[first]. */
function startsPrompt(words: Word[], first: number, i: number): boolean {
  const w = words[i].text;
  if (!/^[A-Z]/.test(w)) return false;
  const prev = words[i - 1].text;
  if (/[?.!]["'”’)]*$/.test(prev)) return true;
  const length = i - first;
  const inQuestion = OPENERS.has(bare(words[first].text));
  if (inQuestion) {
    if (FUNCTION_WORDS.has(bare(prev)) || OPENERS.has(bare(prev))) return false;
    return OPENERS.has(bare(w)) || length >= 3;
  }
  return length >= MIN_STARTER_WORDS;
}

function bare(word: string): string {
  return word.toLowerCase().replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
}
