import { diceOfGrams, normalizeForMatch, trigrams } from "@/lib/content/similarity";

/**
 * Card identity across edits (DESIGN.md, "Card identity"): which stored card is each incoming
 * card? Pure: plain data in, a pairing out; lib/ingest/sync.ts applies it.
 *
 * In order, each step only sees what the steps before left unpaired:
 *   1. explicit id (`<!-- id: ... -->`) — the author's word is final;
 *   2. the same question text (normalised), preferring the same deck: moved or reformatted cards;
 *   3. text similarity within the same deck: reworded cards;
 *   4. text similarity across decks, with a stricter threshold: moved *and* reworded.
 * Retired cards take part, so a restored question gets its old id, schedule and history back.
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
}

export interface Pairing {
  /** For each incoming card (same index), the stored card id it continues, or null if new. */
  matches: (string | null)[];
  /** How each pair was made, for the ingest report. */
  how: ("explicit" | "exact" | "similar-deck" | "similar-any" | null)[];
  /** Stored cards that no incoming card continues (to retire). */
  unmatched: string[];
}

/** Minimum similarity to pair a reworded card within its deck, and across decks. */
export const SIMILAR_IN_DECK = 0.62;
export const SIMILAR_ANY_DECK = 0.8;

/** Similarity of two cards: mostly the question, the answer as supporting evidence. */
function cardSimilarity(
  a: { q: Map<string, number>; a: Map<string, number> | null },
  b: { q: Map<string, number>; a: Map<string, number> | null },
): number {
  const q = diceOfGrams(a.q, b.q);
  if (!a.a || !b.a) return q;
  return 0.75 * q + 0.25 * diceOfGrams(a.a, b.a);
}

export function pairCards(stored: StoredCardKey[], incoming: IncomingCardKey[]): Pairing {
  const matches: (string | null)[] = incoming.map(() => null);
  const how: Pairing["how"] = incoming.map(() => null);
  const taken = new Set<string>();

  // 1. explicit ids
  const byExplicit = new Map(stored.filter((s) => s.explicitId).map((s) => [s.explicitId!, s]));
  incoming.forEach((card, i) => {
    const s = card.explicitId ? byExplicit.get(card.explicitId) : undefined;
    if (s && !taken.has(s.id)) {
      matches[i] = s.id;
      how[i] = "explicit";
      taken.add(s.id);
    }
  });

  // 2. same normalised question; a stored card with an explicit id is only taken by that id
  const byText = new Map<string, StoredCardKey[]>();
  for (const s of stored) {
    if (s.explicitId) continue;
    const key = normalizeForMatch(s.question);
    const list = byText.get(key);
    if (list) list.push(s);
    else byText.set(key, [s]);
  }
  for (const pass of ["same-deck", "any-deck"] as const) {
    incoming.forEach((card, i) => {
      if (matches[i] !== null) return;
      const candidates = byText.get(normalizeForMatch(card.question)) ?? [];
      const pick = candidates.find(
        (s) => !taken.has(s.id) && (pass === "any-deck" || s.deckPath === card.deckPath),
      );
      if (pick) {
        matches[i] = pick.id;
        how[i] = "exact";
        taken.add(pick.id);
      }
    });
  }

  // 3 and 4. similarity, best pairs first (greedy on a sorted list of candidate pairs)
  const restIncoming = incoming.map((_, i) => i).filter((i) => matches[i] === null);
  const restStored = stored.filter((s) => !taken.has(s.id) && !s.explicitId);
  if (restIncoming.length && restStored.length) {
    const gramsIn = new Map(
      restIncoming.map((i) => [i, { q: trigrams(incoming[i].question), a: incoming[i].answer ? trigrams(incoming[i].answer!) : null }]),
    );
    const gramsStored = new Map(
      restStored.map((s) => [s.id, { q: trigrams(s.question), a: s.answer ? trigrams(s.answer) : null }]),
    );
    for (const scope of ["similar-deck", "similar-any"] as const) {
      const threshold = scope === "similar-deck" ? SIMILAR_IN_DECK : SIMILAR_ANY_DECK;
      const pairs: { i: number; id: string; score: number }[] = [];
      for (const i of restIncoming) {
        if (matches[i] !== null) continue;
        for (const s of restStored) {
          if (taken.has(s.id)) continue;
          if (scope === "similar-deck" && s.deckPath !== incoming[i].deckPath) continue;
          const score = cardSimilarity(gramsIn.get(i)!, gramsStored.get(s.id)!);
          if (score >= threshold) pairs.push({ i, id: s.id, score });
        }
      }
      pairs.sort((a, b) => b.score - a.score);
      for (const p of pairs) {
        if (matches[p.i] !== null || taken.has(p.id)) continue;
        matches[p.i] = p.id;
        how[p.i] = scope;
        taken.add(p.id);
      }
    }
  }

  return { matches, how, unmatched: stored.filter((s) => !taken.has(s.id)).map((s) => s.id) };
}
