// Small numeric helpers the widgets share (plain arrays, no TF.js).

/** Shannon entropy in nats of a distribution (zeros contribute nothing). */
export function entropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
  return h;
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Population variance. */
export function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return s / xs.length;
}

export function max(xs: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, xs[i]);
  return m;
}

/** softmax over the first `n` entries of row (the causally visible keys); the rest get 0. */
export function softmaxPrefix(row: ArrayLike<number>, n: number): number[] {
  let m = -Infinity;
  for (let i = 0; i < n; i++) m = Math.max(m, row[i]);
  const out = new Array<number>(row.length).fill(0);
  let s = 0;
  for (let i = 0; i < n; i++) s += out[i] = Math.exp(row[i] - m);
  for (let i = 0; i < n; i++) out[i] /= s;
  return out;
}

/** Row r of a [.., T, Tk] tensor's data laid out row-major (batch 0). */
export function row(data: ArrayLike<number>, cols: number, r: number): number[] {
  return Array.from({ length: cols }, (_, j) => data[r * cols + j]);
}

/** -log p(target) per position from logits [T,V] and targets [T] (nats). */
export function lossPerPosition(logits: ArrayLike<number>, V: number, targets: number[]): number[] {
  return targets.map((t, i) => {
    let m = -Infinity;
    for (let j = 0; j < V; j++) m = Math.max(m, logits[i * V + j]);
    let s = 0;
    for (let j = 0; j < V; j++) s += Math.exp(logits[i * V + j] - m);
    return Math.log(s) + m - logits[i * V + t];
  });
}
