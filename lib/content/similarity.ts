import { stemmer } from "stemmer";

/**
 * Text similarity for two jobs: merging near-duplicate questions inside the content
 * (lib/content/merge.ts) and pairing a vanished card with a new one when an author rewords
 * it (lib/ingest). Sørensen–Dice over character trigrams of a normalised form: robust to
 * reworded punctuation, markup and small edits, and cheap enough for thousands of cards.
 */

/** Lower-case, strip Markdown/LaTeX punctuation and collapse whitespace. */
export function normalizeForMatch(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[`*_#>$\\{}[\]()"“”‘’'.,;:!?|~^-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Multiset of character trigrams of the normalised text (padded so short words count). */
export function trigrams(text: string): Map<string, number> {
  const s = ` ${normalizeForMatch(text)} `;
  const grams = new Map<string, number>();
  for (let i = 0; i + 3 <= s.length; i++) {
    const g = s.slice(i, i + 3);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/** Dice coefficient of two trigram multisets, in [0, 1]. */
export function diceOfGrams(a: Map<string, number>, b: Map<string, number>): number {
  let sizeA = 0;
  let sizeB = 0;
  let common = 0;
  for (const n of a.values()) sizeA += n;
  for (const n of b.values()) sizeB += n;
  if (sizeA + sizeB === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [g, n] of small) {
    const m = large.get(g);
    if (m) common += Math.min(n, m);
  }
  return (2 * common) / (sizeA + sizeB);
}

/** Similarity of two texts in [0, 1]; 1 means equal after normalisation. */
export function similarity(a: string, b: string): number {
  if (normalizeForMatch(a) === normalizeForMatch(b)) return 1;
  return diceOfGrams(trigrams(a), trigrams(b));
}

// ---------------------------------------------------------------------------------------------
// Question signatures: what two questions must share to be the same question (issue 12).
//
// normalizeForMatch drops `^ * - _ $`, so `2^10` / `2*10`, `x^2` / `x_2` and `$e^{x}$` /
// `$e^{-x}$` look alike to trigrams. A signature keeps them apart:
//   tokens    words, numbers, TeX commands and operators, in order (markup, punctuation and
//             emphasis dropped; `sqrt`, `\sqrt` and `√` all read "square root");
//   critical  what may never differ: numbers, each operator with its two neighbours (`x^2`,
//             `e^-`, `2*10`) and negations (`not`, `without`);
//   terms     the content words (question frames and function words dropped, Porter-stemmed):
//             the key nouns, so that GRU / LSTM and time / space differ.
// ---------------------------------------------------------------------------------------------

const SUPER: Record<string, string> = { "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+", "ⁿ": "n" };
const SUB: Record<string, string> = { "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9" };
const OPERATORS = new Set(["^", "_", "*", "+", "/", "=", "<", ">", "-", "!=", "<=", ">="]);
const NEGATIONS = new Set(["not", "no", "without", "never", "cannot", "nor"]);
/** Question frames and function words: rewording changes these freely. */
const FRAME_WORDS = new Set(
  (
    "what whats which who whom whose when where why how is are was were be been being am do does did done doing " +
    "the a an of in on at for to by with from into onto as about over under via per and or if then than so " +
    "it its this that these those there here they them their we us our you your i me my he she his her one ones " +
    "can could should would will shall may might must have has had get gets got " +
    "explain describe define definition briefly exactly actually really please give tell show name " +
    "use used using uses mean means meaning work works happen happens some any also just"
  ).split(" "),
);

export interface QuestionSignature {
  /** Every token in order: the exact-match key is `tokens.join(" ")`. */
  tokens: string[];
  /** Sorted; two questions whose critical tokens differ are different questions. */
  critical: string[];
  /** Distinct content words (stemmed), sorted. */
  terms: string[];
  /** The tokens without question frames and function words, in order: what similarity compares. */
  content: string[];
}

/** Porter stems, so that "divided" / "divide" and "gates" / "gating" are one word. */
const stem = (w: string) => (/^[a-z]+$/.test(w) ? stemmer(w) : w);

export function questionSignature(text: string): QuestionSignature {
  let t = text
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/\\\$/g, " ") // an escaped dollar sign is text, not a math delimiter
    .replace(/[⁰¹²³⁴-⁹⁻⁺ⁿ]+/g, (m) => `^{${[...m].map((c) => SUPER[c]).join("")}}`)
    .replace(/[₀-₉]+/g, (m) => `_{${[...m].map((c) => SUB[c]).join("")}}`)
    .normalize("NFKC")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\*\*|__|`/g, " ")
    // `*word*` / `_word_` is emphasis, not an operator
    .replace(/(^|[\s(])[*_](?=[^\s*_])([^*_\n]*?[^\s*_])[*_](?=$|[\s).,;:!?])/g, "$1$2")
    .replace(/\\sqrt\b|√|\bsqrt\b/gi, " square root ")
    .replace(/\\(?:cdot|times|ast)\b|[×·∗]/g, "*")
    .replace(/≠/g, " != ")
    .replace(/≤/g, " <= ")
    .replace(/≥/g, " >= ")
    .replace(/\\(?:left|right|big|Big|bigl|bigr|displaystyle|mathrm|text|operatorname)\b|\\[,;!: ]/g, " ")
    .replace(/n't\b/gi, " not")
    .replace(/(\w)['’]s\b/g, "$1")
    .toLowerCase();
  // Hyphens and underscores joining two words are spelling ("self-attention", "cross_entropy");
  // next to a single letter or a digit they are maths (`x_2`, `d_k`).
  for (let i = 0; i < 3; i++) t = t.replace(/([a-z]{2,})[-_]([a-z]{2,})/g, "$1 $2");
  const tokens: string[] = [];
  // Odd segments are inside `$…$`: there every operator is maths. In prose, `top-k`, `GPT-4` and
  // "dense + sparse" or "input/output" between two words are spelling, not operators.
  t.replace(/\$\$/g, "$")
    .split("$")
    .forEach((segment, index) => {
      const math = index % 2 === 1;
      const prose = math ? segment : segment.replace(/([a-z0-9])-(?=[a-z0-9])/g, "$1 ");
      const found = prose.match(/\\[a-z]+|\d+(?:\.\d+)?|[a-z]+|[!<>]=|[\^_*+/=<>-]/g) ?? [];
      const word = (x: string | undefined) => x !== undefined && /^[a-z]{2,}$/.test(x);
      found.forEach((tok, i) => {
        if (!math && OPERATORS.has(tok) && tok !== "^" && tok !== "_" && word(found[i - 1]) && word(found[i + 1])) return;
        tokens.push(tok);
      });
    });
  const critical: string[] = [];
  const terms = new Set<string>();
  tokens.forEach((tok, i) => {
    if (/^\d/.test(tok) || NEGATIONS.has(tok)) critical.push(tok);
    else if (OPERATORS.has(tok)) critical.push(`${tokens[i - 1] ?? ""}${tok}${tokens[i + 1] ?? ""}`);
    else if (!FRAME_WORDS.has(tok)) terms.add(stem(tok.replace(/^\\/, "")));
  });
  const content = tokens.filter((tok) => !FRAME_WORDS.has(tok));
  return { tokens, critical: critical.sort(), terms: [...terms].sort(), content };
}

/** Whether two sorted lists are equal. */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
