// MiniGPT: a character-level GPT in TF.js, the model described by
// content/tests/building-a-gpt-from-scratch.md, read top to bottom like nanoGPT's model.py.
//
//   ids [B,T] ─▶ Embeddings (token + learned position, added) ─▶ N × Block ─▶ LayerNorm ─▶ Linear head ─▶ logits [B,T,V]
//   Block (pre-norm):  x = x + MultiHeadAttention(LayerNorm(x));  x = x + FeedForward(LayerNorm(x))
//
// Shapes: B batch, T sequence length, C = nEmbd, H = nHead, D = C / H (head_dim), V = vocabSize, F = ffnMult·C.
// Runs unchanged in the browser (webgpu/webgl/wasm/cpu) and in Node (wasm): no node: imports here.
import * as tf from "@tensorflow/tfjs";
import { bmm, matmul2d, transposeLast } from "./ops";
import { Recorder, type ForwardOptions, type Switches } from "./taps";

export interface ModelConfig {
  vocabSize: number; // characters known to the vocabulary, plus the unknown token
  blockSize: number; // context length: the most positions the model attends over (rows of the position table)
  nEmbd: number; // C, width of the residual stream
  nHead: number; // H, heads per attention layer; head_dim D = nEmbd / nHead
  nLayer: number; // transformer blocks
  ffnMult: number; // the feed-forward layer expands to ffnMult·C (4 in the paper and the test)
  layerNormEps: number; // added to the variance so LayerNorm never divides by zero
  initStd: number; // std of the normal init of weights (GPT-2: 0.02)
}

/** The shipped model's shape (see lib/model/train.ts for why). vocabSize is a placeholder: a trained model takes its corpus's. */
export const defaultConfig: ModelConfig = {
  vocabSize: 120,
  blockSize: 128,
  nEmbd: 128,
  nHead: 4,
  nLayer: 4,
  ffnMult: 4,
  layerNormEps: 1e-5,
  initStd: 0.02,
};

export function headDim(config: ModelConfig): number {
  if (config.nEmbd % config.nHead !== 0) throw new Error(`nEmbd ${config.nEmbd} is not divisible by nHead ${config.nHead}`);
  return config.nEmbd / config.nHead;
}

/** Parameter count from the config alone; tests check it against the sum of the real variables. */
export function countParameters(c: ModelConfig): number {
  const C = c.nEmbd, V = c.vocabSize, T = c.blockSize, H = c.nHead, D = headDim(c), F = c.ffnMult * c.nEmbd;
  const embeddings = V * C + T * C; // token table + position table
  const layerNorm = 2 * C; // gain + bias
  const heads = H * 3 * (C * D + D); // q, k, v projections per head, with bias (one fused C → 3·H·D matrix)
  const attnProj = H * D * C + C; // concat of heads back to C
  const ffn = C * F + F + F * C + C; // expand, then project back
  const block = layerNorm + heads + attnProj + layerNorm + ffn;
  const head = C * V + V; // linear head to the vocabulary
  return embeddings + c.nLayer * block + layerNorm + head;
}

/** Named variables of a model; the names are also the keys of the weights file. */
export type Params = Map<string, tf.Variable>;

// ---------------------------------------------------------------------------------------------
// Building blocks. Each holds its variables and has a forward that reads like the diagram.

/** Creates the named variables of a model, seeded so a fresh model is reproducible. */
class ParamFactory {
  private n = 0;
  constructor(readonly params: Params, private readonly seed: number, private readonly std: number) {}
  normal(name: string, shape: number[], std = this.std): tf.Variable {
    return this.add(name, () => tf.randomNormal(shape, 0, std, "float32", this.seed + this.n++));
  }
  zeros(name: string, shape: number[]): tf.Variable {
    return this.add(name, () => tf.zeros(shape));
  }
  ones(name: string, shape: number[]): tf.Variable {
    return this.add(name, () => tf.ones(shape));
  }
  private add(name: string, init: () => tf.Tensor): tf.Variable {
    if (this.params.has(name)) throw new Error(`duplicate parameter ${name}`);
    const t = init();
    const v = tf.variable(t, true); // unnamed: TF.js variable names are global, and several models may coexist
    t.dispose();
    this.params.set(name, v);
    return v;
  }
}

/** y = x·W + b over the last axis. */
export class Linear {
  readonly w: tf.Variable; // [in, out]
  readonly b: tf.Variable; // [out]
  constructor(p: ParamFactory, name: string, nIn: number, nOut: number, std?: number) {
    this.w = p.normal(`${name}.w`, [nIn, nOut], std);
    this.b = p.zeros(`${name}.b`, [nOut]);
  }
  forward(x: tf.Tensor): tf.Tensor {
    const shape = x.shape as number[]; // [..., in]
    const x2 = x.reshape([-1, shape[shape.length - 1]]); // [N, in]: one big matmul
    return tf.add(matmul2d(x2, this.w), this.b).reshape([...shape.slice(0, -1), this.w.shape[1] as number]); // [..., out]
  }
}

/** Normalises each position's vector to mean 0, variance 1, then scales and shifts (Ba et al. 2016). */
export class LayerNorm {
  readonly g: tf.Variable; // [C]
  readonly b: tf.Variable; // [C]
  constructor(p: ParamFactory, readonly name: string, c: number, private readonly eps: number) {
    this.g = p.ones(`${name}.g`, [c]);
    this.b = p.zeros(`${name}.b`, [c]);
  }
  forward(x: tf.Tensor, rec: Recorder, bypass = false): tf.Tensor {
    const { mean, variance } = tf.moments(x, -1, true); // [B,T,1] each
    rec.record(`${this.name}.mean`, () => mean.squeeze([-1])); // [B,T]
    rec.record(`${this.name}.std`, () => tf.sqrt(variance).squeeze([-1])); // [B,T]
    if (bypass) return x;
    const xhat = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, this.eps))); // [B,T,C]
    return tf.add(tf.mul(xhat, this.g), this.b); // [B,T,C]
  }
}

/** One-hot × table instead of gather: the wasm backend cannot take the gradient of gather
 *  (no UnsortedSegmentSum), and the product is exact, so every backend gives the same numbers. */
export function lookup(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor {
  const oneHot = tf.oneHot(ids.flatten().toInt(), table.shape[0]).toFloat(); // [N, rows]
  return matmul2d(oneHot, table).reshape([...ids.shape, table.shape[1]]); // [..., C]
}

/** Token embedding + learned position embedding, added (same width, so each position vector shifts the token vector). */
export class Embeddings {
  readonly wte: tf.Variable; // [V, C]
  readonly wpe: tf.Variable; // [blockSize, C]
  constructor(p: ParamFactory, c: ModelConfig) {
    this.wte = p.normal("wte", [c.vocabSize, c.nEmbd]);
    this.wpe = p.normal("wpe", [c.blockSize, c.nEmbd]);
  }
  /** ids [B,T] at positions pos [T] (0..T-1 for a full pass, the decode position for the KV cache). */
  forward(ids: tf.Tensor2D, pos: tf.Tensor1D, rec: Recorder, sw: Switches): tf.Tensor {
    const tok = lookup(this.wte as tf.Tensor2D, ids); // [B,T,C]
    rec.record("embed.tok", () => tok);
    if (sw.positionalEmbedding === false) return tok;
    const posEmb = lookup(this.wpe as tf.Tensor2D, pos); // [T,C]
    rec.record("embed.pos", () => posEmb);
    return tf.add(tok, posEmb); // [B,T,C] (broadcast over B)
  }
}

/** Keys and values one layer has seen so far (KV cache), every head at once. */
export interface LayerCache {
  k: tf.Tensor4D; // [B, H, blockSize, D], rows ≥ length are not yet written
  v: tf.Tensor4D; // [B, H, blockSize, D]
}

/** What every layer of one pass shares. Built once per pass, so each layer does only its own work. */
export interface Pass {
  rec: Recorder;
  sw: Switches & { dropout?: number }; // dropout: training only
  maskBias: tf.Tensor2D | null; // [T,Tk]: 0 where query t may look at key j, -Infinity where not; null: no mask
  cache?: {
    layers: LayerCache[]; // [layer]
    rows: tf.Tensor2D | null; // [T,blockSize] one-hot: the cache row of each new position (null when T = 1: broadcast)
    written: tf.Tensor4D; // [1,1,blockSize,1] 1 at rows written by this pass
    kept: tf.Tensor4D; // [1,1,blockSize,1] = 1 − written
  };
}

/** Anything that maps [..., C] → [..., out]: a Linear, or a slice of the fused Q/K/V projection. */
export interface Projection {
  forward(x: tf.Tensor): tf.Tensor;
}

/**
 * One attention head: softmax(q·kᵀ / sqrt(D) + mask) · v. The readable reference: MultiHeadAttention runs
 * all heads at once with the same numbers (tests/model/minigpt.test.ts checks one against the other).
 * Scores are divided by sqrt(D) so their variance stays ~1 whatever the width, when q and k have independent,
 * unit-variance entries (else softmax saturates and its gradients vanish); future positions get -Infinity
 * before softmax so they receive exactly 0 weight.
 */
export class SingleHeadAttention {
  constructor(
    readonly name: string,
    private readonly d: number,
    readonly query: Projection, // C → D
    readonly key: Projection, // C → D
    readonly value: Projection, // C → D
  ) {}

  /** x [B,T,C] → [B,T,D]. */
  forward(x: tf.Tensor, maskBias: tf.Tensor2D | null, scaling = true): tf.Tensor {
    const q = this.query.forward(x); // [B,T,D]
    const k = this.key.forward(x); // [B,T,D]
    const v = this.value.forward(x); // [B,T,D]
    const raw = bmm(q as tf.Tensor3D, transposeLast(k as tf.Tensor3D)); // [B,T,T]
    const scaled = scaling ? tf.div(raw, Math.sqrt(this.d)) : raw; // [B,T,T]
    // -Infinity, not 0: exp(-inf) = 0, so masked positions get exactly zero weight after softmax.
    const masked = maskBias ? tf.add(scaled, maskBias) : scaled; // [B,T,T]
    const weights = tf.softmax(masked, -1); // [B,T,T], each row sums to 1
    return bmm(weights as tf.Tensor3D, v as tf.Tensor3D); // [B,T,D]
  }
}

/**
 * The cache with this pass's rows replaced by `fresh` [B,H,T,D] → [B,H,blockSize,D]. The cache has a fixed size, so
 * shapes (and compiled GPU shaders) never change while decoding. old·kept + new·written is exact: factors are 0 or 1.
 */
function writeRows(old: tf.Tensor4D, fresh: tf.Tensor, c: NonNullable<Pass["cache"]>): tf.Tensor4D {
  let placed = fresh; // [B,H,1,D] broadcasts over the rows when T = 1
  if (c.rows) {
    const [B, H, T, D] = fresh.shape;
    const flat = fresh.transpose([2, 0, 1, 3]).reshape([T, B * H * D]); // [T, B·H·D]
    placed = matmul2d(c.rows.transpose(), flat).reshape([c.rows.shape[1], B, H, D]).transpose([1, 2, 0, 3]); // [B,H,S,D]
  }
  return tf.add(tf.mul(old, c.kept), tf.mul(placed, c.written)) as tf.Tensor4D;
}

/**
 * H heads side by side, each C → D = C/H, computed together: one projection C → 3·H·D gives every head's
 * q, k and v (fewer, larger kernels: a decode step runs ~4× fewer ops than one SingleHeadAttention per head),
 * then one batched product per step of attention over [B·H] matrices. Outputs are concatenated back to C and
 * mixed by a projection. Each head's intermediates are still tapped under h{l}.attn.head{h}.*.
 */
export class MultiHeadAttention {
  readonly qkv: Linear; // C → 3·H·D, columns [q of head 0..H−1 | k of head 0..H−1 | v of head 0..H−1]
  readonly proj: Linear; // H·D → C
  private readonly H: number;
  private readonly D: number;
  constructor(p: ParamFactory, readonly name: string, readonly layer: number, c: ModelConfig) {
    this.H = c.nHead;
    this.D = headDim(c);
    this.qkv = new Linear(p, `${name}.qkv`, c.nEmbd, 3 * c.nHead * this.D);
    // GPT-2: residual projections scaled by 1/sqrt(2·nLayer) so the residual stream does not grow with depth.
    this.proj = new Linear(p, `${name}.proj`, c.nHead * this.D, c.nEmbd, c.initStd / Math.sqrt(2 * c.nLayer));
  }

  forward(x: tf.Tensor, pass: Pass): tf.Tensor {
    const { rec, sw } = pass;
    const { H, D } = this;
    const [B, T] = x.shape;
    const qkv = this.qkv.forward(x); // [B,T,3·H·D]
    const split = (i: number) => qkv.slice([0, 0, i * H * D], [B, T, H * D]).reshape([B, T, H, D]).transpose([0, 2, 1, 3]) as tf.Tensor4D; // [B,H,T,D]
    const q = split(0);
    let k = split(1);
    let v = split(2);
    this.tapHeads(rec, "q", q);
    this.tapHeads(rec, "k", k);
    this.tapHeads(rec, "v", v);
    const cache = pass.cache?.layers[this.layer];
    if (cache && pass.cache) {
      k = writeRows(cache.k, k, pass.cache); // [B,H,blockSize,D]
      v = writeRows(cache.v, v, pass.cache); // [B,H,blockSize,D]
      cache.k = tf.keep(k); // outlives the pass; kvcache.ts frees the previous ones
      cache.v = tf.keep(v);
      this.tapHeads(rec, "kCache", k);
      this.tapHeads(rec, "vCache", v);
    }
    const Tk = k.shape[2];
    const raw = bmm(q.reshape([B * H, T, D]), transposeLast(k.reshape([B * H, Tk, D]))).reshape([B, H, T, Tk]); // [B,H,T,Tk]
    this.tapHeads(rec, "scores.raw", raw);
    const scaled = sw.scaling === false ? raw : tf.div(raw, Math.sqrt(D)); // [B,H,T,Tk]
    this.tapHeads(rec, "scores.scaled", scaled);
    // -Infinity, not 0: exp(-inf) = 0, so masked positions get exactly zero weight after softmax.
    const masked = pass.maskBias ? tf.add(scaled, pass.maskBias) : scaled; // [B,H,T,Tk], mask broadcast
    this.tapHeads(rec, "scores.masked", masked);
    const weights = tf.softmax(masked, -1); // [B,H,T,Tk], each row sums to 1
    this.tapHeads(rec, "weights", weights);
    let out = bmm(weights.reshape([B * H, T, Tk]), v.reshape([B * H, Tk, D])).reshape([B, H, T, D]); // [B,H,T,D]
    const ablated = sw.ablateHeads?.filter((a) => a.layer === this.layer).map((a) => a.head) ?? [];
    if (ablated.length) {
      const live = tf.tensor4d(Array.from({ length: H }, (_, h) => (ablated.includes(h) ? 0 : 1)), [1, H, 1, 1], "bool");
      out = tf.where(live, out, tf.zerosLike(out)); // an ablated head contributes exact zeros (not −0 from a product)
    }
    this.tapHeads(rec, "out", out);
    const concat = out.transpose([0, 2, 1, 3]).reshape([B, T, H * D]); // [B,T,H·D], head h in columns h·D…(h+1)·D−1
    rec.record(`${this.name}.concat`, () => concat);
    return this.proj.forward(concat); // [B,T,C]
  }

  /** Records head h's slice [B,...] of t [B,H,...] as h{l}.attn.head{h}.{what}; nothing runs when taps are off. */
  private tapHeads(rec: Recorder, what: string, t: tf.Tensor): void {
    if (!rec.on) return;
    for (let h = 0; h < this.H; h++) rec.record(`${this.name}.head${h}.${what}`, () => t.slice([0, h], [-1, 1]).squeeze([1]));
  }

  /** Head h as a SingleHeadAttention over slices of the fused weights (new tensors: dispose them, or call inside tf.tidy). */
  referenceHead(h: number): SingleHeadAttention {
    const { H, D } = this;
    const C = this.qkv.w.shape[0] as number;
    const part = (i: number): Projection => {
      const w = this.qkv.w.slice([0, i * H * D + h * D], [C, D]); // [C,D]
      const b = this.qkv.b.slice([i * H * D + h * D], [D]); // [D]
      return { forward: (x) => tf.add(matmul2d(x.reshape([-1, C]), w), b).reshape([...x.shape.slice(0, -1), D]) };
    };
    return new SingleHeadAttention(`${this.name}.head${h}`, D, part(0), part(1), part(2));
  }
}

/** GELU, tanh approximation (Hendrycks & Gimpel 2016); TF.js has no gelu op. */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.mul(x, tf.mul(x, x)))));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}

/** Position-wise: expand C → F, GELU, project F → C. Each position is transformed alone (no mixing across T). */
export class FeedForward {
  readonly fc: Linear; // C → F
  readonly proj: Linear; // F → C
  constructor(p: ParamFactory, readonly name: string, c: ModelConfig) {
    this.fc = new Linear(p, `${name}.fc`, c.nEmbd, c.ffnMult * c.nEmbd);
    this.proj = new Linear(p, `${name}.proj`, c.ffnMult * c.nEmbd, c.nEmbd, c.initStd / Math.sqrt(2 * c.nLayer));
  }
  forward(x: tf.Tensor, rec: Recorder): tf.Tensor {
    const hidden = gelu(this.fc.forward(x)); // [B,T,F]
    rec.record(`${this.name}.hidden`, () => hidden);
    return this.proj.forward(hidden); // [B,T,C]
  }
}

/** Pre-norm transformer block: attended = x + attn(ln1(x)); out = attended + ffn(ln2(attended)). */
export class Block {
  readonly ln1: LayerNorm;
  readonly attn: MultiHeadAttention;
  readonly ln2: LayerNorm;
  readonly ffn: FeedForward;
  constructor(p: ParamFactory, readonly layer: number, c: ModelConfig) {
    const n = `h${layer}`;
    this.ln1 = new LayerNorm(p, `${n}.ln1`, c.nEmbd, c.layerNormEps);
    this.attn = new MultiHeadAttention(p, `${n}.attn`, layer, c);
    this.ln2 = new LayerNorm(p, `${n}.ln2`, c.nEmbd, c.layerNormEps);
    this.ffn = new FeedForward(p, `${n}.ffn`, c);
  }
  forward(x: tf.Tensor, pass: Pass): tf.Tensor {
    const { rec, sw } = pass;
    const n = `h${this.layer}`;
    const noLn = bypassed(sw.bypassLayerNorm, this.layer);
    const noRes = bypassed(sw.bypassResidual, this.layer);
    rec.record(`${n}.in`, () => x); // residual stream entering the block
    const a = dropout(this.attn.forward(this.ln1.forward(x, rec, noLn), pass), sw); // [B,T,C]
    rec.record(`${n}.attn.out`, () => a);
    const attended = noRes ? a : tf.add(x, a); // [B,T,C]
    rec.record(`${n}.attended`, () => attended);
    const f = dropout(this.ffn.forward(this.ln2.forward(attended, rec, noLn), rec), sw); // [B,T,C]
    rec.record(`${n}.ffn.out`, () => f);
    const out = noRes ? f : tf.add(attended, f); // [B,T,C]
    rec.record(`${n}.out`, () => out);
    return out;
  }
}

/** Residual dropout (training only): zeroes a random fraction of a sublayer's output, rescales the rest. */
function dropout(x: tf.Tensor, sw: Switches & { dropout?: number }): tf.Tensor {
  return sw.dropout ? tf.dropout(x, sw.dropout) : x;
}

function bypassed(which: "all" | number[] | undefined, layer: number): boolean {
  return which === "all" || (Array.isArray(which) && which.includes(layer));
}

/** 0 where visible (1), -Infinity where not (0): [T,Tk] → additive mask, broadcast over the batch. */
export function maskBias(visible: tf.Tensor2D): tf.Tensor2D {
  return tf.where(visible.greater(0), tf.zerosLike(visible), tf.fill(visible.shape, -Infinity)) as tf.Tensor2D;
}

/** Causal mask bias [T,T]: row t sees columns 0..t. */
export function causalMaskBias(t: number): tf.Tensor2D {
  return maskBias(tf.linalg.bandPart(tf.ones([t, t]), -1, 0) as tf.Tensor2D);
}

export class MiniGPT {
  readonly params: Params = new Map();
  readonly embeddings: Embeddings;
  readonly blocks: Block[];
  readonly lnf: LayerNorm;
  readonly head: Linear; // C → V

  constructor(readonly config: ModelConfig, seed = 1337) {
    headDim(config);
    const p = new ParamFactory(this.params, seed, config.initStd);
    this.embeddings = new Embeddings(p, config);
    this.blocks = Array.from({ length: config.nLayer }, (_, l) => new Block(p, l, config));
    this.lnf = new LayerNorm(p, "lnf", config.nEmbd, config.layerNormEps);
    this.head = new Linear(p, "head", config.nEmbd, config.vocabSize);
  }

  /** ids [B,T] (T ≤ blockSize) → logits [B,T,V], plus taps when asked. Disposes every intermediate it does not return. */
  forward(ids: tf.Tensor2D | number[][], opts: ForwardOptions = {}): { logits: tf.Tensor3D; taps: Recorder } {
    const rec = new Recorder(opts.taps);
    const logits = tf.tidy(() => {
      const idx = (Array.isArray(ids) ? tf.tensor2d(ids, undefined, "int32") : ids) as tf.Tensor2D; // [B,T]
      const T = idx.shape[1];
      if (T > this.config.blockSize) throw new Error(`sequence length ${T} exceeds blockSize ${this.config.blockSize}`);
      const pos = tf.range(0, T, 1, "int32") as tf.Tensor1D; // [T]
      const sw = opts.switches ?? {};
      return this.run(idx, pos, { rec, sw, maskBias: sw.causalMask === false ? null : causalMaskBias(T) });
    });
    return { logits: logits as tf.Tensor3D, taps: rec };
  }

  /** The body shared by the full pass and the KV-cache passes (kvcache.ts). Call inside tf.tidy. */
  run(idx: tf.Tensor2D, pos: tf.Tensor1D, pass: Pass): tf.Tensor3D {
    const { rec, sw } = pass;
    rec.record("input", () => idx);
    let x = dropout(this.embeddings.forward(idx, pos, rec, sw), sw); // [B,T,C]
    rec.record("embed.out", () => x);
    this.blocks.forEach((block) => {
      x = block.forward(x, pass); // [B,T,C]
    });
    const h = this.lnf.forward(x, rec, bypassed(sw.bypassLayerNorm, this.config.nLayer)); // [B,T,C]
    const logits = this.head.forward(h) as tf.Tensor3D; // [B,T,V]
    rec.record("logits", () => logits);
    return logits;
  }

  /** Mean cross-entropy in nats per character: −log softmax(logits)[target], averaged over every position. */
  loss(ids: tf.Tensor2D, targets: tf.Tensor2D, dropoutRate = 0): tf.Scalar {
    return tf.tidy(() => {
      const T = ids.shape[1];
      const pass = { rec: new Recorder(undefined), sw: { dropout: dropoutRate }, maskBias: causalMaskBias(T) };
      const logits = this.run(ids, tf.range(0, T, 1, "int32") as tf.Tensor1D, pass); // [B,T,V]
      return crossEntropy(logits, targets);
    });
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.params.clear();
  }
}

/** logits [B,T,V], targets [B,T] → scalar mean of −log p(target). */
export function crossEntropy(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Scalar {
  const V = logits.shape[2];
  const logp = tf.logSoftmax(logits.reshape([-1, V])); // [B·T, V]
  const picked = tf.sum(tf.mul(logp, tf.oneHot(targets.flatten().toInt(), V).toFloat()), -1); // [B·T]
  return tf.neg(tf.mean(picked)) as tf.Scalar;
}

export function createModel(config: Partial<ModelConfig> = {}, seed = 1337): MiniGPT {
  return new MiniGPT({ ...defaultConfig, ...config }, seed);
}
