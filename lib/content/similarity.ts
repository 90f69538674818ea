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
