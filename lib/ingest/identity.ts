import type { Diagnostic, SourceRef } from "@/lib/content";
import { diceOfGrams, questionSignature, sameList, type QuestionSignature } from "@/lib/content/similarity";

/**
 * Card identity across edits (DESIGN.md, "Card identity"): which stored card is each incoming
 * card? Pure: plain data in, a pairing out; lib/ingest/sync.ts applies it.
 *
 * In order, each step only sees what the steps before left unpaired:
 *   1. explicit id (`<!-- id: ... -->`) — the author's word is final; the id may also be a stored
 *      card's own id, which is how an author keeps a history the steps below would not;
 *   2. the same question (same tokens: markup and punctuation aside, numbers and operators kept);
 *   3. the same question reworded, within the same deck;
 *   4. the same, across decks, with a stricter similarity threshold.
 * Retired cards take part, so a restored question gets its old id, schedule and history back.
 *
 * Identity never lies (issue 12): a card keeps a history only when it is the same question. A
 * reworded pair must (a) have the same numbers, operators-with-operands and negations
 * (`2^10` ≠ `2*10`, `x^2` ≠ `x_2`, `e^{x}` ≠ `e^{-x}`), (b) not swap a content word for another
 * (GRU ≠ LSTM, time ≠ space) and add or drop at most MAX_EXTRA_TERMS of them, and (c) reach the
 * similarity threshold. A new card that resembles an unpaired old one but fails (a)–(c) is not
 * guessed: it is reported at its file:line with the `<!-- id: ... -->` that would keep the old
 * history, and treated as new.
 *
 * Scale: steps 3–4 never compare all pairs. A pair that passes (a) has the same critical
 * tokens, and one that passes (b) differs by at most MAX_EXTRA_TERMS content words, so at least
 * one of the stored card's INDEX_TERMS rarest words (rarity counted over both sides) is also the
 * incoming card's. Stored cards are indexed under (critical tokens, each of those words): looking
 * up the incoming card's (critical tokens, word) keys finds every pair that can pass, and every
 * one-word substitution to report. Near misses whose maths differ are found through the rare
 * words alone, reading only posting lists of at most REPORT_POSTINGS cards, so the report is
 * best-effort where a word is common but the pairing is exact.
 */

export interface StoredCardKey {
  id: string;
  explicitId: string | null;
  deckPath: string;
  question: string;
  answer: string | null;
  retired: boolean;
}

export interface IncomingCardKey {
  explicitId: string | null;
  deckPath: string;
  question: string;
  answer: string | null;
  /** Where the card is written; needed to report an uncertain pairing at file:line. */
  source?: SourceRef;
}

export type PairedBy = "explicit" | "exact" | "similar-deck" | "similar-any";

export interface Pairing {
  /** For each incoming card (same index), the stored card id it continues, or null if new. */
  matches: (string | null)[];
  /** How each pair was made, for the ingest report. */
  how: (PairedBy | null)[];
  /** Stored cards that no incoming card continues (to retire). */
  unmatched: string[];
  /** New cards that resemble an unpaired old card but are not certainly the same question. */
  diagnostics: Diagnostic[];
}

/** Minimum similarity to pair a reworded card within its deck, and across decks. */
export const SIMILAR_IN_DECK = 0.62;
export const SIMILAR_ANY_DECK = 0.8;
/** A new card at least this similar to an unpaired old one is reported rather than silently new. */
export const REPORT_SIMILARITY = 0.5;
/** Content words a rewording may add or drop (never swap): "… used for in practice?" */
export const MAX_EXTRA_TERMS = 1;
/** Stored cards are indexed under this many of their rarest terms (MAX_EXTRA_TERMS + 1). */
const INDEX_TERMS = MAX_EXTRA_TERMS + 1;
/** Look-alikes kept per new card for the report, and the longest posting list the report reads. */
const REPORT_KEEP = 3;
const REPORT_POSTINGS = 64;

interface Key {
  sig: QuestionSignature;
  exact: string;
  /** Trigrams of the content tokens, and of every token. */
  grams: Map<string, number>;
  fullGrams: Map<string, number>;
  answer: Map<string, number> | null;
}

function gramsOf(text: string): Map<string, number> {
  const s = ` ${text} `;
  const grams = new Map<string, number>();
  for (let i = 0; i + 3 <= s.length; i++) {
    const g = s.slice(i, i + 3);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/** The exact-match key: every token in order (markup and punctuation aside). */
function exactKey(question: string): string {
  return questionSignature(question).tokens.join(" ");
}

function keyOf(question: string, answer: string | null): Key {
  const sig = questionSignature(question);
  const exact = sig.tokens.join(" ");
  return {
    sig,
    exact,
    // Similarity over the content tokens: "Describe briefly …" and "What is …" frame one question.
    grams: gramsOf(sig.content.join(" ") || exact),
    fullGrams: gramsOf(exact),
    answer: answer ? gramsOf(questionSignature(answer).tokens.join(" ")) : null,
  };
}

export type Verdict =
  | { same: true; score: number }
  | { same: false; score: number; certain: boolean; reason: string };

/**
 * Whether two versions of a card ask the same question. `certain` on a "no" means it is
 * certainly a different question (numbers or maths differ); otherwise it is only not certainly
 * the same, which the author hears about.
 */
function compare(a: Key, b: Key, threshold: number): Verdict {
  // The better of the two: frames count for little ("Describe briefly …" = "What is …"), but a short
  // question is mostly frame ("What is the GRU cell used for?").
  const q = Math.max(diceOfGrams(a.grams, b.grams), diceOfGrams(a.fullGrams, b.fullGrams));
  const score = a.answer && b.answer ? 0.75 * q + 0.25 * diceOfGrams(a.answer, b.answer) : q;
  if (!sameList(a.sig.critical, b.sig.critical)) {
    return { same: false, score, certain: true, reason: `${listDiff(a.sig.critical, b.sig.critical)} differ` };
  }
  const removed = a.sig.terms.filter((t) => !b.sig.terms.includes(t));
  const added = b.sig.terms.filter((t) => !a.sig.terms.includes(t));
  if (removed.length && added.length) {
    return { same: false, score, certain: false, reason: `"${removed.join(" ")}" became "${added.join(" ")}"` };
  }
  if (removed.length + added.length > MAX_EXTRA_TERMS) {
    const words = [...removed, ...added].map((w) => `"${w}"`).join(", ");
    return { same: false, score, certain: false, reason: `${removed.length ? "dropped" : "added"} ${words}` };
  }
  if (score < threshold) return { same: false, score, certain: false, reason: `only ${Math.round(score * 100)}% alike` };
  return { same: true, score };
}

/** Public form of the rule, for tests and tools: is `after` the same question as `before`? */
export function sameCardQuestion(before: string, after: string, threshold = SIMILAR_IN_DECK): Verdict {
  return compare(keyOf(before, null), keyOf(after, null), threshold);
}

function listDiff(a: string[], b: string[]): string {
  const onlyA = a.filter((x) => !b.includes(x));
  const onlyB = b.filter((x) => !a.includes(x));
  return `"${onlyA.join(" ") || "∅"}" / "${onlyB.join(" ") || "∅"}"`;
}

export function pairCards(stored: StoredCardKey[], incoming: IncomingCardKey[]): Pairing {
  const matches: (string | null)[] = incoming.map(() => null);
  const how: Pairing["how"] = incoming.map(() => null);
  const taken = new Set<string>();
  const take = (i: number, id: string, by: PairedBy) => {
    matches[i] = id;
    how[i] = by;
    taken.add(id);
  };

  // 1. explicit ids: an author's id, or the id of the stored card itself
  const byExplicit = new Map(stored.filter((s) => s.explicitId).map((s) => [s.explicitId!, s]));
  const byId = new Map(stored.map((s) => [s.id, s]));
  incoming.forEach((card, i) => {
    if (!card.explicitId) return;
    const own = byId.get(card.explicitId);
    const s = byExplicit.get(card.explicitId) ?? (own && !own.explicitId ? own : undefined);
    if (s && !taken.has(s.id)) take(i, s.id, "explicit");
  });

  // 2. the same question; a stored card with an explicit id is only taken by that id
  const keysIn = new Map<number, Key>();
  const keyIn = (i: number) => {
    let k = keysIn.get(i);
    if (!k) keysIn.set(i, (k = keyOf(incoming[i].question, incoming[i].answer)));
    return k;
  };
  const keysStored = new Map<string, Key>();
  const keyStored = (s: StoredCardKey) => {
    let k = keysStored.get(s.id);
    if (!k) keysStored.set(s.id, (k = keyOf(s.question, s.answer)));
    return k;
  };
  // Only the token string here: full keys (trigram maps) are built for what step 3 still needs,
  // so a cold ingest of 50,000 cards does not hold 50,000 of them.
  const byText = new Map<string, StoredCardKey[]>();
  for (const s of stored) {
    if (s.explicitId || taken.has(s.id)) continue;
    const exact = exactKey(s.question);
    const list = byText.get(exact);
    if (list) list.push(s);
    else byText.set(exact, [s]);
  }
  const exactIn = byText.size ? incoming.map((card, i) => (matches[i] === null ? exactKey(card.question) : "")) : [];
  for (const pass of byText.size ? (["same-deck", "any-deck"] as const) : []) {
    incoming.forEach((card, i) => {
      if (matches[i] !== null) return;
      const pick = (byText.get(exactIn[i]) ?? []).find((s) => !taken.has(s.id) && (pass === "any-deck" || s.deckPath === card.deckPath));
      if (pick) take(i, pick.id, "exact");
    });
  }

  // 3 and 4. reworded questions, through two indexes (see the file comment)
  const restIncoming = incoming.map((_, i) => i).filter((i) => matches[i] === null);
  const restStored = stored.filter((s) => !taken.has(s.id) && !s.explicitId);
  const diagnostics: Diagnostic[] = [];
  if (!restIncoming.length || !restStored.length) return { matches, how, unmatched: unmatchedOf(stored, taken), diagnostics };

  // Rarity of each term over both sides: rare terms make short posting lists.
  const frequency = new Map<string, number>();
  for (const k of [...restIncoming.map(keyIn), ...restStored.map(keyStored)]) {
    for (const t of k.sig.terms) frequency.set(t, (frequency.get(t) ?? 0) + 1);
  }
  const rarest = (terms: string[], n: number) => terms.slice().sort((a, b) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : 1)).slice(0, n);
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };

  // Pairing index: a pair can only be the same question with the same critical tokens, so cards
  // are grouped by them; inside a group, by the INDEX_TERMS rarest terms ("" for a card with none).
  const criticalKey = (k: Key) => k.sig.critical.join("\u0000");
  const pairIndex = new Map<string, StoredCardKey[]>();
  // Report index: near misses whose maths differ ("x^2" / "x_2") are in other groups; found by
  // rare terms alone, looking only at short posting lists, so reporting stays linear.
  const reportIndex = new Map<string, StoredCardKey[]>();
  for (const s of restStored) {
    const k = keyStored(s);
    const group = criticalKey(k);
    const terms = rarest(k.sig.terms, INDEX_TERMS);
    // A card with at most MAX_EXTRA_TERMS words may pair with one that has none.
    if (terms.length <= MAX_EXTRA_TERMS) push(pairIndex, `${group}\u0001`, s);
    for (const t of terms) {
      push(pairIndex, `${group}\u0001${t}`, s);
      push(reportIndex, t, s);
    }
  }

  type Candidate = { i: number; s: StoredCardKey; verdict: Verdict; sameDeck: boolean };
  const pairs: Candidate[] = [];
  /** Per incoming card, its closest rejected look-alikes (best first), for the report. */
  const nearMisses = new Map<number, Candidate[]>();
  const noteMiss = (c: Candidate) => {
    const list = nearMisses.get(c.i) ?? [];
    list.push(c);
    list.sort((a, b) => b.verdict.score - a.verdict.score);
    nearMisses.set(c.i, list.slice(0, REPORT_KEEP));
  };
  for (const i of restIncoming) {
    const k = keyIn(i);
    const group = criticalKey(k);
    const seen = new Set<string>();
    const consider = (s: StoredCardKey) => {
      if (seen.has(s.id)) return;
      seen.add(s.id);
      const sameDeck = s.deckPath === incoming[i].deckPath;
      const verdict = compare(keyStored(s), k, sameDeck ? SIMILAR_IN_DECK : SIMILAR_ANY_DECK);
      if (verdict.same) pairs.push({ i, s, verdict, sameDeck });
      else if (verdict.score >= REPORT_SIMILARITY) noteMiss({ i, s, verdict, sameDeck });
    };
    const keys = k.sig.terms.map((t) => `${group}\u0001${t}`);
    if (k.sig.terms.length <= MAX_EXTRA_TERMS) keys.push(`${group}\u0001`);
    for (const key of keys) for (const s of pairIndex.get(key) ?? []) consider(s);
    for (const t of rarest(k.sig.terms, INDEX_TERMS)) {
      const list = reportIndex.get(t) ?? [];
      if (list.length <= REPORT_POSTINGS) for (const s of list) consider(s);
    }
  }
  // Best pairs first; within the deck before across decks.
  pairs.sort((a, b) => b.verdict.score - a.verdict.score);
  for (const scope of ["similar-deck", "similar-any"] as const) {
    for (const c of pairs) {
      if (scope === "similar-deck" && !c.sameDeck) continue;
      if (matches[c.i] !== null || taken.has(c.s.id)) continue;
      take(c.i, c.s.id, scope);
    }
  }

  // What stayed new but looks like an old card that is being (or stays) retired: say so.
  for (const [i, misses] of nearMisses) {
    const source = incoming[i].source;
    const c = misses.find((m) => !taken.has(m.s.id));
    if (matches[i] !== null || !source || !c) continue;
    const v = c.verdict as Extract<Verdict, { same: false }>;
    const old = c.s.question.replace(/\s+/g, " ").trim();
    diagnostics.push({
      file: source.file,
      line: source.line,
      severity: v.certain ? "info" : "warning",
      rule: "identity-uncertain",
      message:
        `Treated as new: it looks like the ${c.s.retired ? "retired" : "old"} card "${old.length > 80 ? `${old.slice(0, 77)}…` : old}" ` +
        `but ${v.reason}${v.certain ? "" : ", so Attend cannot be sure it is the same question"}. ` +
        `If it is, add \`<!-- id: ${c.s.explicitId ?? c.s.id} -->\` to keep the old history.`,
    });
  }
  diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));

  return { matches, how, unmatched: unmatchedOf(stored, taken), diagnostics };
}

function unmatchedOf(stored: StoredCardKey[], taken: Set<string>): string[] {
  return stored.filter((s) => !taken.has(s.id)).map((s) => s.id);
}
