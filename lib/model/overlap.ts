// Verbatim overlap between texts: how much of one sits inside long exact matches with another. Pure and
// dependency-free, so the browser (perplexity widget) and the training scripts share it.

/**
 * Fraction of `text`'s characters inside a verbatim match of at least `n` characters with `reference`
 * (a character counts when some n-character window of `text` containing it also occurs in `reference`).
 */
export function nearDuplicateShare(reference: string, text: string, n = 32): number {
  if (text.length === 0) return 0;
  const seen = new Set<string>();
  for (let i = 0; i + n <= reference.length; i++) seen.add(reference.slice(i, i + n));
  const covered = new Uint8Array(text.length);
  for (let i = 0; i + n <= text.length; i++) if (seen.has(text.slice(i, i + n))) covered.fill(1, i, i + n);
  return covered.reduce((a, b) => a + b, 0) / text.length;
}

export interface CorpusMatch {
  whole: boolean; // the whole (trimmed) text occurs verbatim in the corpus
  share: number; // fraction of its characters inside verbatim matches of ≥ n characters
}

/** Where a learner's text stands against a corpus: quoted whole, partly, or not at all. */
export function textInCorpus(text: string, corpus: string, n = 32): CorpusMatch {
  const t = text.trim();
  if (!t) return { whole: false, share: 0 };
  if (corpus.includes(t)) return { whole: true, share: 1 };
  // one pass over the text's windows instead of a set of every corpus window: the text is ≤ blockSize long
  const covered = new Uint8Array(t.length);
  for (let i = 0; i + n <= t.length; i++) if (corpus.includes(t.slice(i, i + n))) covered.fill(1, i, i + n);
  return { whole: false, share: covered.reduce((a, b) => a + b, 0) / t.length };
}
