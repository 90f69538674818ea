// KV cache: keys and values of past positions are kept, so generating one more character runs the
// model on that one position (decode) instead of the whole sequence again. Queries need no cache:
// each is used once, by its own position. Prefill fills the cache from the prompt in one pass.
//
// The cache is allocated at full size [B, H, blockSize, D] per layer and written row by row, so every
// decode step has the same shapes (GPU backends compile shaders once; nothing grows).
import * as tf from "@tensorflow/tfjs";
import { type LayerCache, type MiniGPT, headDim, maskBias } from "./minigpt";
import { Recorder, type ForwardOptions } from "./taps";

export class KVCache {
  readonly layers: LayerCache[]; // [layer], each k, v: [B, H, blockSize, D]
  length = 0; // positions written so far
  constructor(readonly model: MiniGPT, readonly batch = 1) {
    const { nLayer, nHead, blockSize } = model.config;
    const D = headDim(model.config);
    this.layers = Array.from({ length: nLayer }, () => ({ k: tf.zeros([batch, nHead, blockSize, D]) as tf.Tensor4D, v: tf.zeros([batch, nHead, blockSize, D]) as tf.Tensor4D }));
  }
  get capacity(): number {
    return this.model.config.blockSize;
  }
  tensors(): tf.Tensor[] {
    return this.layers.flatMap((l) => [l.k, l.v]);
  }
  dispose(): void {
    tf.dispose(this.tensors());
  }
}

/**
 * Runs ids [B,T] at positions cache.length … cache.length+T−1, attending over everything cached so far
 * plus themselves, and writes their k, v into the cache. Returns logits [B,T,V].
 */
export function extend(cache: KVCache, ids: number[][], opts: ForwardOptions = {}): { logits: tf.Tensor3D; taps: Recorder } {
  const model = cache.model;
  const T = ids[0].length;
  const S = cache.capacity;
  const start = cache.length;
  if (start + T > S) throw new Error(`KV cache holds ${S} positions; ${start} used, ${T} more asked`);
  const rec = new Recorder(opts.taps);
  const sw = opts.switches ?? {};
  const old = cache.tensors();
  const logits = tf.tidy(() => {
    const idx = tf.tensor2d(ids, [ids.length, T], "int32"); // [B,T]
    const pos = tf.range(start, start + T, 1, "int32") as tf.Tensor1D; // [T]
    const cols = tf.range(0, S, 1, "int32").expandDims(0); // [1,S]
    const rows = pos.expandDims(1); // [T,1]
    // Row t sees cached columns up to its own position (all positions written so far if the mask is off).
    const last = sw.causalMask === false ? tf.fill([T, 1], start + T - 1, "int32") : rows;
    const visible = tf.lessEqual(cols, last).toFloat() as tf.Tensor2D; // [T,S]
    const onehot = tf.equal(cols, rows).toFloat() as tf.Tensor2D; // [T,S], one 1 per row
    const written = tf.sum(onehot, 0).reshape([1, 1, S, 1]) as tf.Tensor4D; // [1,1,S,1]
    const cacheInfo = { layers: cache.layers, rows: T === 1 ? null : onehot, written, kept: tf.sub(1, written) as tf.Tensor4D };
    return model.run(idx, pos, { rec, sw, maskBias: maskBias(visible), cache: cacheInfo });
  });
  tf.dispose(old); // run() replaced every layer's k, v with kept, updated tensors
  cache.length = start + T;
  return { logits: logits as tf.Tensor3D, taps: rec };
}

/**
 * Prefill: a fresh cache from the prompt ids [B,P]. With `pad` (default) the prompt is padded to
 * blockSize so the pass always has one shape; padded rows are overwritten by later decode steps and
 * never attended to. Returns logits [B,P,V] for the prompt positions.
 */
export function prefill(model: MiniGPT, ids: number[][], opts: ForwardOptions & { pad?: boolean } = {}): { logits: tf.Tensor3D; cache: KVCache; taps: Recorder } {
  const P = ids[0].length;
  const S = model.config.blockSize;
  const cache = new KVCache(model, ids.length);
  const padded = opts.pad === false ? ids : ids.map((row) => [...row, ...new Array(S - P).fill(0)]);
  const { logits: all, taps } = extend(cache, padded, opts);
  cache.length = P;
  if (P === padded[0].length) return { logits: all, cache, taps };
  const logits = tf.tidy(() => all.slice([0, 0, 0], [-1, P, -1])) as tf.Tensor3D; // [B,P,V]
  all.dispose();
  return { logits, cache, taps };
}

/** Decode: one new id per sequence (ids [B]) → logits [B,V] for the next position. */
export function decode(cache: KVCache, ids: number[], opts: ForwardOptions = {}): { logits: tf.Tensor2D; taps: Recorder } {
  const { logits, taps } = extend(
    cache,
    ids.map((id) => [id]),
    opts,
  );
  const out = tf.tidy(() => logits.squeeze([1])) as tf.Tensor2D; // [B,V]
  logits.dispose();
  return { logits: out, taps };
}
