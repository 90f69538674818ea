/**
 * The card browser's search syntax, a small part of Anki's (https://docs.ankiweb.net/searching.html),
 * parsed into clauses that are all required (AND). Pure: the storage layer turns the clauses into
 * SQL (lib/db/cards.ts); nothing here reads a clock or a database.
 *
 *   attention mask        both words, anywhere in the question, answer or an alternative answer
 *   "causal mask"         the phrase
 *   -softmax              not containing the word (any clause can be negated)
 *   deck:Attention        the deck and its sub-decks; "deck:Attention / Basics" with quotes; * is a wildcard
 *   tag:fsrs              a tag (* wildcard)
 *   is:due is:new is:suspended is:buried is:learn is:review is:leech
 *   prop:due<3            due in fewer than 3 days (prop:due=0 today, prop:due<0 overdue);
 *                         also prop:ivl (days), prop:reps, prop:lapses; operators < <= > >= = !=
 *   rated:1  rated:7:1    answered today / in the last 7 days with Again (1..4)
 */

export type IsFlag = "due" | "new" | "suspended" | "buried" | "learn" | "review" | "leech";
export type PropName = "due" | "ivl" | "reps" | "lapses";
export type Comparison = "<" | "<=" | ">" | ">=" | "=" | "!=";

export type SearchTerm =
  | { kind: "text"; value: string }
  | { kind: "deck"; value: string }
  | { kind: "tag"; value: string }
  | { kind: "is"; value: IsFlag }
  | { kind: "prop"; prop: PropName; op: Comparison; value: number }
  | { kind: "rated"; days: number; rating: number | null };

export interface SearchClause {
  negate: boolean;
  term: SearchTerm;
}

export interface SearchError {
  message: string;
  /** 1-based column of the token at fault. */
  column: number;
}

export interface ParsedSearch {
  clauses: SearchClause[];
  errors: SearchError[];
}

/** Longest query accepted (characters) and most clauses: every clause is a condition on every card. */
export const MAX_QUERY_CHARS = 500;
export const MAX_CLAUSES = 20;
/** rated: looks back at most this many days (Anki caps it at 365 too). */
export const MAX_RATED_DAYS = 365;

const IS_FLAGS: readonly IsFlag[] = ["due", "new", "suspended", "buried", "learn", "review", "leech"];
const PROPS: readonly PropName[] = ["due", "ivl", "reps", "lapses"];
const KEYS = ["deck", "tag", "is", "prop", "rated"] as const;

interface Token {
  text: string;
  negate: boolean;
  /** The token began with a quote: an unknown key: is then plain text ("http://..."). */
  quoted: boolean;
  column: number;
}

/** Split on spaces outside quotes; `-` at a token's start negates it; quotes are removed. */
function tokenize(input: string, errors: SearchError[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i])) {
      i++;
      continue;
    }
    const column = i + 1;
    let negate = false;
    if (input[i] === "-" && i + 1 < input.length && !/\s/.test(input[i + 1])) {
      negate = true;
      i++;
    }
    const quoted = input[i] === '"';
    let text = "";
    let open = false;
    let openedAt = 0;
    for (; i < input.length && (open || !/\s/.test(input[i])); i++) {
      if (input[i] === '"') {
        open = !open;
        openedAt = i + 1;
      } else text += input[i];
    }
    if (open) errors.push({ message: `The quote opened at column ${openedAt} is never closed.`, column: openedAt });
    if (text.length) tokens.push({ text, negate, quoted, column });
    else if (negate) errors.push({ message: "Nothing follows this “-”.", column });
  }
  return tokens;
}

const COMPARISON = /^(due|ivl|reps|lapses)(<=|>=|!=|<|>|=)(-?\d+)$/;

function parseTerm(t: Token): SearchTerm | SearchError {
  const colon = t.text.indexOf(":");
  const key = colon > 0 ? t.text.slice(0, colon).toLowerCase() : "";
  if (!KEYS.includes(key as (typeof KEYS)[number])) {
    if (colon > 0 && !t.quoted && /^[a-z]+$/i.test(key)) {
      return { message: `Unknown search “${key}:”. Use deck:, tag:, is:, prop: or rated: (put text with a colon in quotes).`, column: t.column };
    }
    return { kind: "text", value: t.text };
  }
  const value = t.text.slice(colon + 1).trim();
  if (!value) return { message: `“${key}:” needs a value, as in ${key === "is" ? "is:due" : key === "prop" ? "prop:due<3" : key === "rated" ? "rated:1" : `${key}:name`}.`, column: t.column };
  switch (key) {
    case "deck":
    case "tag":
      return { kind: key, value };
    case "is": {
      const flag = value.toLowerCase();
      if (!IS_FLAGS.includes(flag as IsFlag)) return { message: `Unknown “is:${value}”: use ${IS_FLAGS.map((f) => `is:${f}`).join(", ")}.`, column: t.column };
      return { kind: "is", value: flag as IsFlag };
    }
    case "prop": {
      const m = COMPARISON.exec(value.toLowerCase().replace(/\s+/g, ""));
      if (!m) return { message: `“prop:${value}” is not a comparison: use ${PROPS.join(", ")} with < <= > >= = != and a whole number, as in prop:due<3.`, column: t.column };
      const n = Number(m[3]);
      if (!Number.isSafeInteger(n) || Math.abs(n) > 36_500) return { message: `“prop:${value}”: the number must be within ±36500.`, column: t.column };
      if (m[1] !== "due" && n < 0) return { message: `“prop:${value}”: ${m[1]} is never negative.`, column: t.column };
      return { kind: "prop", prop: m[1] as PropName, op: m[2] as Comparison, value: n };
    }
    default: {
      const m = /^(\d+)(?::(\d+))?$/.exec(value);
      const days = m ? Number(m[1]) : Number.NaN;
      const rating = m?.[2] === undefined ? null : Number(m[2]);
      if (!m || days < 1 || days > MAX_RATED_DAYS) return { message: `“rated:${value}”: use rated:N with N days from 1 to ${MAX_RATED_DAYS}, optionally :1-4 for the answer (rated:7:1).`, column: t.column };
      if (rating !== null && (rating < 1 || rating > 4)) return { message: `“rated:${value}”: the answer is 1 (Again) to 4 (Easy).`, column: t.column };
      return { kind: "rated", days, rating };
    }
  }
}

/** Parse a search; every problem is reported with its column, and the clauses that parsed are kept. */
export function parseSearch(input: string): ParsedSearch {
  const errors: SearchError[] = [];
  if (input.length > MAX_QUERY_CHARS) return { clauses: [], errors: [{ message: `A search is at most ${MAX_QUERY_CHARS} characters.`, column: MAX_QUERY_CHARS + 1 }] };
  const clauses: SearchClause[] = [];
  for (const token of tokenize(input, errors)) {
    const term = parseTerm(token);
    if ("message" in term) errors.push(term);
    else clauses.push({ negate: token.negate, term });
  }
  if (clauses.length > MAX_CLAUSES) errors.push({ message: `At most ${MAX_CLAUSES} terms in one search.`, column: 1 });
  return { clauses, errors };
}

/** Whether any clause needs the learner's study state (is:, prop:, rated:). */
export const needsLearner = (clauses: SearchClause[]) => clauses.some((c) => c.term.kind === "is" || c.term.kind === "prop" || c.term.kind === "rated");

/** The syntax, for the page that documents it (one source with the parser above). */
export const SEARCH_HELP: readonly { example: string; meaning: string }[] = [
  { example: "attention mask", meaning: "both words, in the question, the answer or another answer" },
  { example: '"causal mask"', meaning: "the exact phrase" },
  { example: "-softmax", meaning: "without the word; a “-” negates any term" },
  { example: "deck:Attention", meaning: 'the deck and its sub-decks; quote paths with spaces: "deck:Attention / Basics"; * is a wildcard' },
  { example: "tag:fsrs", meaning: "cards with the tag (* is a wildcard)" },
  { example: "is:due", meaning: "due today (also is:new, is:learn, is:review, is:suspended, is:buried, is:leech)" },
  { example: "prop:due<3", meaning: "due within the next 3 days; prop:due=0 today, prop:due<0 overdue" },
  { example: "prop:ivl>=30", meaning: "interval of 30 days or more (also prop:reps, prop:lapses; < <= > >= = !=)" },
  { example: "rated:1", meaning: "answered today; rated:7:1 answered Again in the last 7 days" },
];

/**
 * prop:due as a time range, in study days of the learner's zone: due day d (0 today) compared
 * with N. `from` inclusive, `before` exclusive; `outside` for !=. `dayStart(n)` is the start of
 * the study day n days from today (lib/srs/actions.ts studyDayStart, bound to zone and rollover).
 */
export function dueRange(op: Comparison, n: number, dayStart: (days: number) => Date): { from?: Date; before?: Date; outside?: boolean } {
  switch (op) {
    case "<":
      return { before: dayStart(n) };
    case "<=":
      return { before: dayStart(n + 1) };
    case ">":
      return { from: dayStart(n + 1) };
    case ">=":
      return { from: dayStart(n) };
    case "=":
      return { from: dayStart(n), before: dayStart(n + 1) };
    case "!=":
      return { from: dayStart(n), before: dayStart(n + 1), outside: true };
  }
}

/** rated:N: answers since the start of the study day N-1 days ago (rated:1 = today). */
export const ratedSince = (days: number, dayStart: (days: number) => Date): Date => dayStart(-(days - 1));
