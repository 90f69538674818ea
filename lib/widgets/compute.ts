// What the widgets compute, as plain functions over a MiniGPT: the React components only draw these
// results, and tests/widgets/*.test.ts check them with the wasm backend in Node.
// Every function reads tensors back into arrays and frees them; nothing here keeps GPU memory.
import * as tf from "@tensorflow/tfjs";
import { generate, headDim, mulberry32, nextLogits, prefill, decode, sampleDistribution, sampleFrom, argmax, type MiniGPT, type Switches } from "@/lib/model";
import { entropy, lossPerPosition, max, mean, row, softmaxPrefix, variance } from "./stats";

/** The last `blockSize` ids: the model has no position vectors beyond that. */
export function window(model: MiniGPT, ids: number[]): number[] {
  return ids.slice(-model.config.blockSize);
}

async function readAndFree(t: tf.Tensor): Promise<Float32Array> {
  const d = (await t.data()) as Float32Array;
  t.dispose();
  return d;
}

// ---------------------------------------------------------------------------------------------
// 1. Attention scaling by sqrt(d)

export interface ScalingResult {
  T: number;
  d: number; // head_dim of the model
  raw: number[][]; // [T,T] q·k (upper triangle masked away later)
  scaled: number[][]; // raw / sqrt(d)
  weightsScaled: number[][]; // softmax(scaled + mask)
  weightsUnscaled: number[][]; // softmax(raw + mask)
  rawVariance: number; // over visible entries
  scaledVariance: number;
  entropyScaled: number; // mean over rows (nats)
  entropyUnscaled: number;
  maxScaled: number; // mean over rows of the largest weight
  maxUnscaled: number;
}

/** Real scores of one head on the learner's text, scaled and unscaled. */
export async function attentionScaling(model: MiniGPT, ids: number[], layer: number, head: number): Promise<ScalingResult> {
  const x = window(model, ids);
  const T = x.length;
  const name = `h${layer}.attn.head${head}.scores.raw`;
  const { logits, taps } = model.forward([x], { taps: [name] });
  logits.dispose();
  const raw = (await taps.read())[name].data;
  const d = headDim(model.config);
  const rawM = Array.from({ length: T }, (_, i) => row(raw, T, i));
  const scaledM = rawM.map((r) => r.map((v) => v / Math.sqrt(d)));
  const wS = scaledM.map((r, i) => softmaxPrefix(r, i + 1));
  const wU = rawM.map((r, i) => softmaxPrefix(r, i + 1));
  const visible = (m: number[][]) => m.flatMap((r, i) => r.slice(0, i + 1));
  return {
    T,
    d,
    raw: rawM,
    scaled: scaledM,
    weightsScaled: wS,
    weightsUnscaled: wU,
    rawVariance: variance(visible(rawM)),
    scaledVariance: variance(visible(scaledM)),
    entropyScaled: mean(wS.map(entropy)),
    entropyUnscaled: mean(wU.map(entropy)),
    maxScaled: mean(wS.map(max)),
    maxUnscaled: mean(wU.map(max)),
  };
}

export interface RandomDotRow {
  d: number;
  rawVariance: number; // Var(q·k) for q, k with unit-variance entries: ≈ d
  scaledVariance: number; // Var(q·k / sqrt(d)) ≈ 1
  entropyRaw: number; // mean entropy of softmax over `keys` unscaled scores (nats)
  entropyScaled: number;
  maxRaw: number; // mean largest weight
  maxScaled: number;
}

/** q·k for random vectors with unit-variance entries at each width d: variance grows as d unless scaled. */
export async function randomDotProducts(ds: number[], opts: { queries?: number; keys?: number; seed?: number } = {}): Promise<RandomDotRow[]> {
  const nq = opts.queries ?? 64;
  const nk = opts.keys ?? 64;
  const seed = opts.seed ?? 7;
  const out: RandomDotRow[] = [];
  for (const d of ds) {
    const dots = tf.tidy(() => {
      const q = tf.randomNormal([nq, d], 0, 1, "float32", seed);
      const k = tf.randomNormal([nk, d], 0, 1, "float32", seed + 1);
      return tf.matMul(q, k, false, true); // [nq,nk]
    });
    const raw = await readAndFree(dots);
    const scaled = raw.map((v) => v / Math.sqrt(d));
    const rows = (xs: Float32Array) => Array.from({ length: nq }, (_, i) => softmaxPrefix(row(xs, nk, i), nk));
    const wR = rows(raw);
    const wS = rows(scaled);
    out.push({
      d,
      rawVariance: variance(raw),
      scaledVariance: variance(scaled),
      entropyRaw: mean(wR.map(entropy)),
      entropyScaled: mean(wS.map(entropy)),
      maxRaw: mean(wR.map(max)),
      maxScaled: mean(wS.map(max)),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 2. Softmax temperature, top-k, top-p

export interface SamplingStage {
  label: string;
  probs: Float64Array; // over the whole vocabulary
  kept: number; // characters with p > 0
  entropy: number; // nats
}

export interface SamplingResult {
  logits: Float32Array;
  stages: SamplingStage[]; // softmax, ÷ temperature, top-k, top-p
  samples: number[]; // seeded draws from the last stage
  argmax: number;
}

export interface SamplingControls {
  temperature: number;
  topK: number; // 0: off
  topP: number; // 1: off
  seed: number;
  samples?: number;
}

/** The full next-character distribution after `ids`, then each filter in turn. */
export async function nextCharDistribution(model: MiniGPT, ids: number[]): Promise<Float32Array> {
  return nextLogits(model, window(model, ids));
}

export function samplingStages(logits: ArrayLike<number>, c: SamplingControls): SamplingResult {
  const stage = (label: string, probs: Float64Array): SamplingStage => ({ label, probs, kept: probs.filter((p) => p > 0).length, entropy: entropy(probs) });
  const stages = [
    stage("softmax(logits)", sampleDistribution(logits, { temperature: 1 })),
    stage(`÷ temperature ${c.temperature}`, sampleDistribution(logits, { temperature: c.temperature })),
    stage(c.topK > 0 ? `top-k ${c.topK}` : "top-k off", sampleDistribution(logits, { temperature: c.temperature, topK: c.topK })),
    stage(c.topP < 1 ? `top-p ${c.topP}` : "top-p off", sampleDistribution(logits, { temperature: c.temperature, topK: c.topK, topP: c.topP })),
  ];
  const rand = mulberry32(c.seed);
  const last = stages[3].probs;
  const samples = Array.from({ length: c.samples ?? 20 }, () => sampleFrom(last, rand()));
  return { logits: Float32Array.from(logits), stages, samples, argmax: argmax(logits) };
}

// ---------------------------------------------------------------------------------------------
// 3. KV cache

export interface KVStep {
  step: number;
  position: number; // of the new character
  qShape: number[]; // [B, T_new, D]: 1 new position while decoding
  kCacheShape: number[]; // [B, blockSize, D]: fixed size, `filled` rows written
  filled: number;
  flopsWithCache: number; // ≈ multiply-adds × 2 for one new position
  flopsWithout: number; // the whole prefix again
  maxLogitDiff: number; // |decode − full recomputation| for this step
}

export interface KVResult {
  withCache: { ids: number[]; msPerToken: number; msTotal: number };
  without: { ids: number[]; msPerToken: number; msTotal: number };
  identical: boolean;
  steps: KVStep[];
  maxLogitDiff: number;
}

/** FLOPs (2 per multiply-add) of the matrix products for `n` new positions attending over `ctx` positions. */
export function forwardFlops(model: MiniGPT, n: number, ctx: number): number {
  const { nEmbd: C, nLayer: L, vocabSize: V, ffnMult } = model.config;
  const perPosition = L * (4 * C * C + 2 * ffnMult * C * C) + C * V; // q,k,v,proj + ffn + head
  const attention = L * 2 * C * ctx; // q·kᵀ and weights·v over ctx keys, all heads together
  return 2 * n * (perPosition + attention);
}

/** Greedy continuation with and without the cache, shapes per decode step, and logits compared step by step. */
export async function kvCacheComparison(model: MiniGPT, ids: number[], tokens: number): Promise<KVResult> {
  const S = model.config.blockSize;
  const prompt = ids.slice(-(S - tokens)); // room for every new token without a refill
  const a = await generate(model, prompt, { maxNewTokens: tokens, greedy: true, useCache: true });
  const b = await generate(model, prompt, { maxNewTokens: tokens, greedy: true, useCache: false });
  // Step by step: shapes from the taps, logits of decode vs a full pass over the same prefix.
  const steps: KVStep[] = [];
  const seq = [...prompt, ...a.ids];
  const p = prefill(model, [prompt]);
  p.logits.dispose();
  const D = headDim(model.config);
  let worst = 0;
  try {
    for (let s = 0; s < tokens - 1; s++) {
      const pos = prompt.length + s;
      const d = decode(p.cache, [seq[pos]], { taps: ["h0.attn.head0.q"] });
      const shapes = d.taps.shapes;
      d.taps.dispose();
      const full = await nextLogits(model, seq.slice(0, pos + 1));
      const dec = await readAndFree(d.logits);
      let diff = 0;
      for (let i = 0; i < dec.length; i++) diff = Math.max(diff, Math.abs(dec[i] - full[i]));
      worst = Math.max(worst, diff);
      steps.push({
        step: s + 1,
        position: pos,
        qShape: shapes["h0.attn.head0.q"] ?? [1, 1, D],
        kCacheShape: shapes["h0.attn.head0.kCache"] ?? [1, S, D],
        filled: pos + 1,
        flopsWithCache: forwardFlops(model, 1, pos + 1),
        flopsWithout: forwardFlops(model, pos + 1, pos + 1),
        maxLogitDiff: diff,
      });
    }
  } finally {
    p.cache.dispose();
  }
  return {
    withCache: { ids: a.ids, msPerToken: a.ms.perToken, msTotal: a.ms.total },
    without: { ids: b.ids, msPerToken: b.ms.perToken, msTotal: b.ms.total },
    identical: a.ids.length === b.ids.length && a.ids.every((id, i) => id === b.ids[i]),
    steps,
    maxLogitDiff: worst,
  };
}

// ---------------------------------------------------------------------------------------------
// 4. Causal masking: a counterfactual edit of a later character

export interface CausalResult {
  T: number;
  edit: number; // position edited
  weights: number[][]; // [T,T] of the chosen head, original text
  diffMasked: number[]; // per position: max |Δ logits| between original and edited, with the mask
  diffUnmasked: number[]; // the same with the mask switched off
}

async function logitsOf(model: MiniGPT, ids: number[], switches: Switches): Promise<Float32Array> {
  const { logits } = model.forward([ids], { switches });
  return readAndFree(logits);
}

export async function causalCounterfactual(model: MiniGPT, ids: number[], edit: number, newId: number, layer = 0, head = 0): Promise<CausalResult> {
  const x = window(model, ids);
  const T = x.length;
  const e = Math.min(Math.max(0, edit), T - 1);
  const edited = x.slice();
  edited[e] = newId;
  const V = model.config.vocabSize;
  const name = `h${layer}.attn.head${head}.weights`;
  const { logits, taps } = model.forward([x], { taps: [name] });
  logits.dispose();
  const w = (await taps.read())[name].data;
  const perPos = (a: Float32Array, b: Float32Array) =>
    Array.from({ length: T }, (_, t) => {
      let m = 0;
      for (let j = 0; j < V; j++) m = Math.max(m, Math.abs(a[t * V + j] - b[t * V + j]));
      return m;
    });
  const on = { causalMask: true };
  const off = { causalMask: false };
  return {
    T,
    edit: e,
    weights: Array.from({ length: T }, (_, i) => row(w, T, i)),
    diffMasked: perPos(await logitsOf(model, x, on), await logitsOf(model, edited, on)),
    diffUnmasked: perPos(await logitsOf(model, x, off), await logitsOf(model, edited, off)),
  };
}

// ---------------------------------------------------------------------------------------------
// 5. Multi-head attention: patterns and ablation

export interface HeadsResult {
  T: number;
  patterns: number[][][]; // [head][T][T]
  baseLoss: number; // mean next-character loss (nats) of the text
  ablatedLoss: number[]; // per head, the loss with that head switched off
}

/** Mean next-character cross-entropy of `ids` under switches (targets: ids shifted by one). */
export async function textLoss(model: MiniGPT, ids: number[], switches: Switches = {}): Promise<number> {
  const x = window(model, ids);
  const l = await logitsOf(model, x.slice(0, -1), switches);
  return mean(lossPerPosition(l, model.config.vocabSize, x.slice(1)));
}

export async function headPatterns(model: MiniGPT, ids: number[], layer: number): Promise<HeadsResult> {
  const x = window(model, ids);
  const T = x.length;
  const prefix = `h${layer}.attn.head`;
  const { logits, taps } = model.forward([x], { taps: Array.from({ length: model.config.nHead }, (_, h) => `${prefix}${h}.weights`) });
  logits.dispose();
  const read = await taps.read();
  const patterns = Array.from({ length: model.config.nHead }, (_, h) => {
    const w = read[`${prefix}${h}.weights`].data;
    return Array.from({ length: T }, (_, i) => row(w, T, i));
  });
  const baseLoss = await textLoss(model, x);
  const ablatedLoss: number[] = [];
  for (let h = 0; h < model.config.nHead; h++) ablatedLoss.push(await textLoss(model, x, { ablateHeads: [{ layer, head: h }] }));
  return { T, patterns, baseLoss, ablatedLoss };
}
