// Turning the last position's logits into the next character: greedy, temperature, top-k, top-p,
// with a seeded random number generator so a sample can be reproduced exactly.

export { mulberry32 } from "../random";

export interface SamplingOptions {
  temperature?: number; // logits / temperature before softmax; 0 (or greedy) picks the argmax. Default 1
  topK?: number; // keep the k most likely characters (0/undefined: all)
  topP?: number; // keep the smallest set whose probability reaches p (nucleus; 1/undefined: all)
  greedy?: boolean;
}

/** The characters each filter keeps and the renormalised probabilities over them. */
export interface FilteredDistribution {
  probs: Float64Array; // renormalised over the kept characters, 0 elsewhere
  keep: Uint8Array; // 1 for a kept character; a kept character may still underflow to p = 0 at a low temperature
  kept: number; // how many characters the filters keep (not how many have p > 0)
}

/**
 * Temperature, then top-k, then top-p, as the widgets show them: top-p works on the top-k column after
 * renormalising it (the distribution the learner sees), so at T=2, k=5, p=0.8 it keeps the smallest prefix
 * of those 5 whose renormalised mass reaches 0.8. p = 1 (or undefined) keeps everything: no cumulative
 * float sum decides it, so temperature alone never drops a character.
 */
export function filterDistribution(logits: ArrayLike<number>, opts: SamplingOptions = {}): FilteredDistribution {
  const V = logits.length;
  const temperature = opts.temperature ?? 1;
  const probs = new Float64Array(V);
  const keep = new Uint8Array(V);
  if (opts.greedy || temperature <= 0) {
    const best = argmax(logits);
    probs[best] = 1;
    keep[best] = 1;
    return { probs, keep, kept: 1 };
  }
  let max = -Infinity;
  for (let i = 0; i < V; i++) max = Math.max(max, logits[i] / temperature);
  let sum = 0;
  for (let i = 0; i < V; i++) sum += probs[i] = Math.exp(logits[i] / temperature - max); // softmax, shifted for stability
  for (let i = 0; i < V; i++) probs[i] /= sum;

  // Rank once (ties broken by index so the result never depends on sort stability).
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => probs[b] - probs[a] || a - b);
  const k = opts.topK && opts.topK > 0 ? Math.min(opts.topK, V) : V;
  const p = opts.topP !== undefined && opts.topP < 1 ? opts.topP : 1;
  let massK = 0; // mass of the top-k column, to renormalise it before the nucleus
  for (let r = 0; r < k; r++) massK += probs[order[r]];
  let cumulative = 0; // of the renormalised top-k column
  for (let r = 0; r < k; r++) {
    keep[order[r]] = 1;
    cumulative += probs[order[r]] / massK;
    if (p < 1 && cumulative >= p) break; // nucleus: the smallest prefix reaching p (always at least one)
  }
  let keptMass = 0;
  let kept = 0;
  for (let i = 0; i < V; i++) {
    if (!keep[i]) continue;
    keptMass += probs[i];
    kept++;
  }
  for (let i = 0; i < V; i++) probs[i] = keep[i] ? probs[i] / keptMass : 0;
  return { probs, keep, kept };
}

/** Probabilities after temperature, top-k and top-p (renormalised), as the widgets show them. */
export function sampleDistribution(logits: ArrayLike<number>, opts: SamplingOptions = {}): Float64Array {
  return filterDistribution(logits, opts).probs;
}

export function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

/** Draws one index from the distribution with the given random number in [0,1). */
export function sampleFrom(probs: ArrayLike<number>, r: number): number {
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] <= 0) continue;
    cumulative += probs[i];
    last = i;
    if (r < cumulative) return i;
  }
  return last; // rounding left r just above the total
}

/** Picks the next id: greedy needs no randomness; otherwise one draw from `rand`. */
export function sampleNext(logits: ArrayLike<number>, opts: SamplingOptions, rand: () => number): number {
  if (opts.greedy || (opts.temperature ?? 1) <= 0) return argmax(logits);
  return sampleFrom(sampleDistribution(logits, opts), rand());
}
