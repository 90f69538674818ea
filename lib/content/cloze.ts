/**
 * Cloze deletions, for every dialect that meets them (cloze files, Obsidian notes, Anki exports):
 *
 *     The softmax turns {{c1::logits}} into {{c2::probabilities::a distribution}}.
 *     Attention scores are divided by ==$\sqrt{d_k}$==.
 *
 * One card per cloze number (Anki's `{{cN::…}}`; each `==highlight==` gets the next free number),
 * siblings of each other. A cloze card is an ordinary card, so nothing downstream changes: its
 * question is the text with that number blanked (`[…]`, or `[hint]`) and the others shown, its
 * answer the full text with the deleted part in bold. Math and code may sit inside a cloze:
 * braces are counted and backtick spans skipped, so `{{c1::$\frac{1}{\sqrt{d}}$}}` ends at the
 * right `}}`.
 */

export interface ClozeSpan {
  /** Offsets of the whole construct (`{{c1::…}}` or `==…==`) in the text. */
  start: number;
  end: number;
  number: number;
  text: string;
  hint: string | null;
}

const ANKI_OPEN = /\{\{c(\d{1,3})::/y;

/**
 * Clozes, code spans and highlights are looked for within this many characters of their start,
 * so a file full of unclosed `{{c1::`, backticks or `==` stays linear (a cloze is a phrase).
 */
const REACH = 2000;

/** The offset just past the code span whose backtick run starts at `i`, or null if none starts there. */
function skipCodeSpan(text: string, i: number): number | null {
  let run = 0;
  while (text[i + run] === "`") run++;
  if (!run) return null;
  const from = i + run;
  const close = text.slice(from, from + REACH).indexOf("`".repeat(run));
  return close < 0 ? from : from + close + run;
}

/** Parse `{{cN::` at `start`; returns the span or null when it never closes. */
function readAnki(text: string, start: number, number: number, bodyStart: number): ClozeSpan | null {
  let depth = 0;
  let hintAt = -1;
  for (let i = bodyStart; i < text.length && i < bodyStart + REACH; ) {
    const c = text[i];
    if (c === "`") {
      i = skipCodeSpan(text, i)!;
      continue;
    }
    if (c === "\\" && i + 1 < text.length) {
      i += 2; // `\{` and `\}` in TeX are literal braces, never structure
      continue;
    }
    if (depth === 0 && c === "}" && text[i + 1] === "}") {
      const body = text.slice(bodyStart, i);
      const hint = hintAt >= 0 ? text.slice(hintAt + 2, i) : null;
      return { start, end: i + 2, number, text: hintAt >= 0 ? text.slice(bodyStart, hintAt) : body, hint: hint?.trim() || null };
    }
    if (c === "{") depth++;
    else if (c === "}") depth = Math.max(0, depth - 1);
    else if (depth === 0 && hintAt < 0 && c === ":" && text[i + 1] === ":") {
      hintAt = i;
      i += 2;
      continue;
    }
    i++;
  }
  return null;
}

/**
 * Every cloze in `text`, in order. Highlights (`==x==`, not `a == b`: no space inside the marks)
 * are numbered after the highest Anki number. Clozes inside code spans or fences are code.
 */
export function findClozes(text: string): ClozeSpan[] {
  const spans: ClozeSpan[] = [];
  const highlights: { start: number; end: number; text: string }[] = [];
  let fenced = false;
  let lineStart = true;
  for (let i = 0; i < text.length; ) {
    if (lineStart) {
      const fence = /^[ \t]*(```|~~~)/.exec(text.slice(i, i + 12));
      if (fence) fenced = !fenced;
      lineStart = false;
    }
    const c = text[i];
    if (c === "\n") {
      lineStart = true;
      i++;
      continue;
    }
    if (fenced) {
      i++;
      continue;
    }
    if (c === "`") {
      i = skipCodeSpan(text, i)!;
      continue;
    }
    if (c === "{") {
      ANKI_OPEN.lastIndex = i;
      const m = ANKI_OPEN.exec(text);
      if (m) {
        const span = readAnki(text, i, Number(m[1]), i + m[0].length);
        if (span) {
          spans.push(span);
          i = span.end;
          continue;
        }
      }
    }
    if (c === "=" && text[i + 1] === "=" && text[i + 2] && !/[\s=]/.test(text[i + 2])) {
      const found = text.slice(i + 2, i + 2 + REACH).indexOf("==");
      const close = found < 0 ? -1 : i + 2 + found;
      const inner = close < 0 ? "" : text.slice(i + 2, close);
      if (close > 0 && !/\s$/.test(inner) && !inner.includes("\n\n")) {
        highlights.push({ start: i, end: close + 2, text: inner });
        i = close + 2;
        continue;
      }
    }
    i++;
  }
  let next = spans.reduce((n, s) => Math.max(n, s.number), 0) + 1;
  for (const h of highlights) spans.push({ ...h, number: next++, hint: null });
  return spans.sort((a, b) => a.start - b.start);
}

export function hasCloze(text: string): boolean {
  return (text.includes("{{c") || text.includes("==")) && findClozes(text).length > 0;
}

export interface ClozeCard {
  number: number;
  question: string;
  answer: string;
}

/** The deleted text in bold; math and code stay intact because `**` wraps them whole. */
const shown = (s: ClozeSpan) => `**${s.text.trim()}**`;
const blank = (s: ClozeSpan) => `**\\[${s.hint ? s.hint.replace(/[[\]]/g, "\\$&") : "…"}\\]**`;
/** Inside `$…$` Markdown emphasis would break the formula: box the part in TeX instead. */
const shownInMath = (s: ClozeSpan) => `\\boxed{${s.text.trim()}}`;
const blankInMath = (s: ClozeSpan) => `\\boxed{\\text{${s.hint ? s.hint.replace(/[{}\\]/g, "") : "?"}}}`;

/** Whether each offset of `text` is inside `$…$` / `$$…$$` (code spans and `\$` are not math). */
function mathMask(text: string): (offset: number) => boolean {
  const ranges: [number, number][] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "`" && open < 0) {
      i = skipCodeSpan(text, i)! - 1;
      continue;
    }
    if (c !== "$") continue;
    const width = text[i + 1] === "$" ? 2 : 1;
    if (open < 0) open = i;
    else {
      ranges.push([open, i + width]);
      open = -1;
    }
    i += width - 1;
  }
  return (offset) => ranges.some(([a, b]) => offset > a && offset < b);
}

/** One card per cloze number, in number order. Empty when the text has no clozes. */
export function clozeCards(text: string): ClozeCard[] {
  const spans = findClozes(text);
  const numbers = [...new Set(spans.map((s) => s.number))].sort((a, b) => a - b);
  const inMath = mathMask(text);
  const render = (number: number | null, hide: boolean) => {
    let out = "";
    let at = 0;
    for (const s of spans) {
      out += text.slice(at, s.start);
      const math = inMath(s.start);
      if (s.number !== number) out += s.text;
      else if (math) out += hide ? blankInMath(s) : shownInMath(s);
      else out += hide ? blank(s) : shown(s);
      at = s.end;
    }
    return out + text.slice(at);
  };
  return numbers.map((n) => ({ number: n, question: render(n, true).trim(), answer: render(n, false).trim() }));
}

/** An explicit id on a cloze note names the note; each card gets `<id>-c<N>` so ids stay unique. */
export function suffixExplicitId(text: string, number: number): string {
  return text.replace(/<!--\s*id:\s*([A-Za-z0-9][\w-]{0,59})\s*-->/g, `<!-- id: $1-c${number} -->`);
}
