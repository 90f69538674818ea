// What the widgets compute, as plain functions over a MiniGPT: the React components only draw these
// results, and tests/widgets/*.test.ts check them with the wasm backend in Node.
// Every function reads tensors back into arrays and frees them; nothing here keeps GPU memory.
import * as tf from "@tensorflow/tfjs";
import { headDim, mulberry32, nextLogits, prefill, decode, filterDistribution, sampleFrom, argmax, type FilteredDistribution, type MiniGPT, type Switches } from "@/lib/model";
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
  kept: number; // characters the filters keep (a kept one may underflow to p = 0 at a low temperature)
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
  const stage = (label: string, f: FilteredDistribution): SamplingStage => ({ label, probs: f.probs, kept: f.kept, entropy: entropy(f.probs) });
  const stages = [
    stage("softmax(logits)", filterDistribution(logits, { temperature: 1 })),
    stage(`÷ temperature ${c.temperature}`, filterDistribution(logits, { temperature: c.temperature })),
    stage(c.topK > 0 ? `top-k ${c.topK}` : "top-k off", filterDistribution(logits, { temperature: c.temperature, topK: c.topK })),
    stage(c.topP < 1 ? `top-p ${c.topP}` : "top-p off", filterDistribution(logits, { temperature: c.temperature, topK: c.topK, topP: c.topP })),
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
  qShape: number[]; // [B, T_new, D] of layer 0, head 0, as the model recorded it: 1 new position while decoding
  kCacheShape: number[]; // [B, blockSize, D] of layer 0, head 0: fixed size, `filled` rows written
  filled: number;
  flopsWithCache: number; // forwardFlops of the one new position
  flopsWithout: number; // forwardFlops of every position of the prefix, counted the same way
  msWithCache: number; // this decode step, after warm-up
  msWithout: number; // this step's unpadded recompute of the whole prefix
  maxLogitDiff: number; // |decode − full recomputation| for this step
}

export interface KVResult {
  withCache: { ids: number[]; msPerToken: number; msTotal: number; prefillMs: number };
  without: { ids: number[]; msPerToken: number; msTotal: number };
  identical: boolean;
  steps: KVStep[];
  maxLogitDiff: number;
  speedup: number; // median per-step time without the cache ÷ with it
}

/**
 * FLOPs (2 per multiply-add) of the matrix products that compute the given positions, each attending over
 * itself and every earlier position (the causal work; masked keys are not counted). A cached decode step is
 * forwardFlops(model, [p]); recomputing the prefix is forwardFlops(model, [0, 1, …, p]).
 */
export function forwardFlops(model: MiniGPT, positions: number[]): number {
  const { nEmbd: C, nLayer: L, vocabSize: V, ffnMult } = model.config;
  const perPosition = L * (4 * C * C + 2 * ffnMult * C * C) + C * V; // q,k,v,proj + ffn + head
  let macs = 0;
  for (const p of positions) macs += perPosition + L * 2 * C * (p + 1); // q·kᵀ and weights·v over p+1 keys, all heads together
  return 2 * macs;
}

const TAP_Q = "h0.attn.head0.q";
const TAP_K_CACHE = "h0.attn.head0.kCache";

/** A shape the model recorded; a missing tap is an error, not a guess. */
function tapShape(shapes: Record<string, number[]>, name: string): number[] {
  const s = shapes[name];
  if (!s) throw new Error(`the model recorded no tap "${name}" (has: ${Object.keys(shapes).slice(0, 8).join(", ")}…)`);
  return s;
}

const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The cached half of the comparison: what the widget shows first. */
export interface KVCached {
  prompt: number[];
  ids: number[]; // greedy continuation with the cache
  logits: Float32Array[]; // the logits each chosen id came from (prefill's last row, then each decode step)
  prefillMs: number;
  msPerToken: number;
  msTotal: number;
  steps: Omit<KVStep, "msWithout" | "maxLogitDiff">[];
}

/** The uncached half: the same greedy continuation, the whole prefix rerun (unpadded) for every character. */
export interface KVRerun {
  ids: number[];
  msPerToken: number;
  msTotal: number;
  msWithout: number[]; // per decode step (steps[i] of the cached half)
  logitDiffs: number[]; // per generated character: max |cached − rerun logits|
}

/**
 * Greedy continuation with the cache: prefill, then one decode per character, each step timed after a warm-up
 * of the same shapes (shader compilation, wasm start-up). Shapes per decode step from the taps; FLOPs of the
 * decode step and of the rerun it saves, counted the same way.
 */
export async function kvCachedDecode(model: MiniGPT, ids: number[], tokens: number): Promise<KVCached> {
  const S = model.config.blockSize;
  const prompt = ids.slice(-(S - tokens)); // room for every new token: no context refill
  await warmUp(model, prompt);
  const out: number[] = [];
  const logits: Float32Array[] = [];
  const steps: KVCached["steps"] = [];
  let t = performance.now();
  const p = prefill(model, [prompt]);
  logits.push(await readAndFree(tf.tidy(() => p.logits.slice([0, prompt.length - 1, 0], [1, 1, -1]).reshape([-1]))));
  p.logits.dispose();
  const prefillMs = performance.now() - t;
  try {
    for (let s = 0; s < tokens; s++) {
      out.push(argmax(logits[s]));
      if (s === tokens - 1) break;
      const pos = prompt.length + s; // position of the character just chosen
      t = performance.now();
      const d = decode(p.cache, [out[s]], { taps: [] }); // [] records shapes only
      logits.push(await readAndFree(d.logits));
      const msWithCache = performance.now() - t;
      const shapes = d.taps.shapes;
      steps.push({
        step: s + 1,
        position: pos,
        qShape: tapShape(shapes, TAP_Q),
        kCacheShape: tapShape(shapes, TAP_K_CACHE),
        filled: pos + 1,
        flopsWithCache: forwardFlops(model, [pos]),
        flopsWithout: forwardFlops(model, Array.from({ length: pos + 1 }, (_, i) => i)),
        msWithCache,
      });
    }
  } finally {
    p.cache.dispose();
  }
  const msTotal = prefillMs + steps.reduce((n, st) => n + st.msWithCache, 0);
  return { prompt, ids: out, logits, prefillMs, msPerToken: msTotal / tokens, msTotal, steps };
}

/**
 * The comparison the cache saves: the same greedy continuation generated independently by rerunning the whole
 * prefix (unpadded) for every character, warmed up first, each rerun timed; logits compared with the cached ones.
 */
export async function kvRerunComparison(model: MiniGPT, cached: KVCached): Promise<KVRerun> {
  const { prompt } = cached;
  await warmUpRerun(model, prompt);
  const ids: number[] = [];
  const msWithout: number[] = [];
  const logitDiffs: number[] = [];
  let t = performance.now();
  let logits = await nextLogits(model, prompt, { pad: false });
  let msTotal = performance.now() - t;
  for (let s = 0; s < cached.ids.length; s++) {
    let diff = 0;
    for (let i = 0; i < logits.length; i++) diff = Math.max(diff, Math.abs(cached.logits[s][i] - logits[i]));
    logitDiffs.push(diff);
    ids.push(argmax(logits));
    if (s === cached.ids.length - 1) break;
    await new Promise((resolve) => setTimeout(resolve, 0)); // between reruns the page can paint and take input (not timed)
    t = performance.now();
    logits = await nextLogits(model, [...prompt, ...ids], { pad: false });
    const ms = performance.now() - t;
    msWithout.push(ms);
    msTotal += ms;
  }
  return { ids, msPerToken: msTotal / cached.ids.length, msTotal, msWithout, logitDiffs };
}

/** Both halves side by side, per step. */
export function joinKV(cached: KVCached, rerun: KVRerun): KVResult {
  const steps = cached.steps.map((st, i) => ({ ...st, msWithout: rerun.msWithout[i], maxLogitDiff: rerun.logitDiffs[i] }));
  return {
    withCache: { ids: cached.ids, msPerToken: cached.msPerToken, msTotal: cached.msTotal, prefillMs: cached.prefillMs },
    without: { ids: rerun.ids, msPerToken: rerun.msPerToken, msTotal: rerun.msTotal },
    identical: cached.ids.length === rerun.ids.length && cached.ids.every((id, i) => id === rerun.ids[i]),
    steps,
    maxLogitDiff: Math.max(0, ...rerun.logitDiffs),
    speedup: steps.length ? medianOf(steps.map((st) => st.msWithout)) / medianOf(steps.map((st) => st.msWithCache)) : NaN,
  };
}

/**
 * Greedy continuation generated twice side by side: with the cache (prefill, then one decode per character) and
 * without (the whole prefix rerun, unpadded, each step). Both paths are warmed up first, so the per-step times
 * compare the steps themselves. The widget shows the cached half first and adds the reruns when they finish.
 */
export async function kvCacheComparison(model: MiniGPT, ids: number[], tokens: number): Promise<KVResult> {
  const cached = await kvCachedDecode(model, ids, tokens);
  return joinKV(cached, await kvRerunComparison(model, cached));
}

const warmed = new WeakMap<MiniGPT, number>(); // prompt length each model's cached path was last warmed up with
const warmedRerun = new WeakMap<MiniGPT, number>(); // and its rerun path

/** Runs the cached path once on throwaway inputs of the same shapes, so the timed steps exclude compilation. */
async function warmUp(model: MiniGPT, prompt: number[]): Promise<void> {
  if (warmed.get(model) === prompt.length) return; // same shapes as last time: nothing left to compile
  warmed.set(model, prompt.length);
  const p = prefill(model, [prompt]);
  p.logits.dispose();
  for (let i = 0; i < 2; i++) {
    const d = decode(p.cache, [prompt[prompt.length - 1]], { taps: [] });
    await readAndFree(d.logits);
  }
  p.cache.dispose();
}

async function warmUpRerun(model: MiniGPT, prompt: number[]): Promise<void> {
  if (warmedRerun.get(model) === prompt.length) return;
  warmedRerun.set(model, prompt.length);
  await nextLogits(model, prompt, { pad: false });
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

export interface HeadSummary {
  entropy: number; // mean over query rows of the row's entropy (nats): low = focused
  distance: number; // mean over rows of Σ_j w_ij·(i − j): how far back the head looks, in characters
  self: number; // mean weight on the query's own position
  previous: number; // mean weight on the position just before (rows 1..T−1)
  first: number; // mean weight on position 0 (rows 1..T−1): an "attention sink"
}

export interface HeadsResult {
  T: number;
  layer: number; // the layer shown
  patterns: number[][][]; // [head][T][T]
  summaries: HeadSummary[]; // per head
  divergence: number[]; // per layer: how much its heads differ (see headDivergence)
  baseLoss: number; // mean next-character loss (nats) of the text
  ablatedLoss: number[]; // per head, the loss with that head switched off
}

/** Mean next-character cross-entropy of `ids` under switches (targets: ids shifted by one). */
export async function textLoss(model: MiniGPT, ids: number[], switches: Switches = {}): Promise<number> {
  const x = window(model, ids);
  const l = await logitsOf(model, x.slice(0, -1), switches);
  return mean(lossPerPosition(l, model.config.vocabSize, x.slice(1)));
}

/** What one head's [T,T] pattern does, in five numbers (see HeadSummary). */
export function summariseHead(w: number[][]): HeadSummary {
  const T = w.length;
  const later = w.slice(1);
  return {
    entropy: mean(w.map(entropy)),
    distance: mean(w.map((row, i) => row.reduce((acc, v, j) => acc + v * (i - j), 0))),
    self: mean(w.map((row, i) => row[i])),
    previous: T > 1 ? mean(later.map((row, k) => row[k])) : 0,
    first: T > 1 ? mean(later.map((row) => row[0])) : 0,
  };
}

/**
 * How differently a layer's heads attend: the mean, over pairs of heads and over query rows, of the total
 * variation distance ½·Σ_j |w_ij − w'_ij| (0: identical rows, 1: disjoint). Row 0 is skipped (always [1]).
 */
export function headDivergence(patterns: number[][][]): number {
  let sum = 0;
  let n = 0;
  for (let a = 0; a < patterns.length; a++)
    for (let b = a + 1; b < patterns.length; b++)
      for (let i = 1; i < patterns[a].length; i++) {
        let tv = 0;
        for (let j = 0; j <= i; j++) tv += Math.abs(patterns[a][i][j] - patterns[b][i][j]);
        sum += tv / 2;
        n++;
      }
  return n ? sum / n : 0;
}

/**
 * Every head's pattern for `layer`, or, with layer "auto", for the layer whose heads differ most on this
 * text (measured: headDivergence of every layer from one pass), with summaries and per-head ablation.
 */
export async function headPatterns(model: MiniGPT, ids: number[], layer: number | "auto"): Promise<HeadsResult> {
  const x = window(model, ids);
  const T = x.length;
  const { nLayer, nHead } = model.config;
  const names = Array.from({ length: nLayer }, (_, l) => Array.from({ length: nHead }, (_, h) => `h${l}.attn.head${h}.weights`));
  const { logits, taps } = model.forward([x], { taps: layer === "auto" ? names.flat() : names[layer] });
  logits.dispose();
  const read = await taps.read();
  const patternsOf = (l: number) => names[l].map((name) => Array.from({ length: T }, (_, i) => row(read[name].data, T, i)));
  const divergence = layer === "auto" ? Array.from({ length: nLayer }, (_, l) => headDivergence(patternsOf(l))) : [];
  const shown = layer === "auto" ? divergence.indexOf(Math.max(...divergence)) : layer;
  const patterns = patternsOf(shown);
  const baseLoss = await textLoss(model, x);
  const ablatedLoss: number[] = [];
  for (let h = 0; h < nHead; h++) ablatedLoss.push(await textLoss(model, x, { ablateHeads: [{ layer: shown, head: h }] }));
  return { T, layer: shown, patterns, summaries: patterns.map(summariseHead), divergence, baseLoss, ablatedLoss };
}

// ---------------------------------------------------------------------------------------------
// 5b. One query position, step by step: raw scores → ÷√d → mask → softmax → weighted sum of values

export interface AttentionStep {
  T: number;
  query: number; // the query position shown
  d: number;
  raw: number[]; // q_i·k_j for every key j (the future included: the mask comes later)
  scaled: number[]; // raw / √d
  masked: number[]; // scaled, −Infinity for j > i
  weights: number[]; // softmax(masked)
  values: number[][]; // [T][D] v_j
  weightedSum: number[]; // Σ_j weights_j · v_j, computed here
  modelOut: number[]; // the head's output at position i, as the model computed it
  maxDiff: number; // |weightedSum − modelOut|
}

/** The four steps of one head's attention for one query, every number read from the model's own taps. */
export async function attentionStep(model: MiniGPT, ids: number[], layer: number, head: number, query: number): Promise<AttentionStep> {
  const x = window(model, ids);
  const T = x.length;
  const i = Math.max(0, Math.min(T - 1, query));
  const n = `h${layer}.attn.head${head}`;
  const parts = ["scores.raw", "scores.scaled", "scores.masked", "weights", "v", "out"];
  const { logits, taps } = model.forward([x], { taps: parts.map((p) => `${n}.${p}`) });
  logits.dispose();
  const t = await taps.read();
  const d = headDim(model.config);
  const rowOf = (name: string, width: number, r: number) => Array.from(t[`${n}.${name}`].data.subarray(r * width, (r + 1) * width));
  const values = Array.from({ length: T }, (_, j) => rowOf("v", d, j));
  const weights = rowOf("weights", T, i);
  const weightedSum = Array.from({ length: d }, (_, c) => weights.reduce((acc, w, j) => acc + w * values[j][c], 0));
  const modelOut = rowOf("out", d, i);
  return {
    T,
    query: i,
    d,
    raw: rowOf("scores.raw", T, i),
    scaled: rowOf("scores.scaled", T, i),
    masked: rowOf("scores.masked", T, i),
    weights,
    values,
    weightedSum,
    modelOut,
    maxDiff: Math.max(...weightedSum.map((v, c) => Math.abs(v - modelOut[c]))),
  };
}

// ---------------------------------------------------------------------------------------------
// 6. Shape journey: the shapes a real forward pass records

export interface ShapeStop {
  tap: string; // tap name in lib/model/taps.ts
  stage: string; // what the comprehension test calls it
  shape: number[];
}

const STOPS: [string, string][] = [
  ["input", "raw input ids [batch, seq_len]"],
  ["embed.out", "a) after Embeddings.forward()"],
  ["h0.attn.head0.q", "q of one head"],
  ["h0.attn.head0.scores.raw", "q·kᵀ scores of one head"],
  ["h0.attn.head0.out", "b) after one SingleHeadAttention.forward()"],
  ["h0.attn.concat", "heads concatenated"],
  ["h0.attn.out", "c) after MultiHeadAttention.forward()"],
  ["h0.ffn.hidden", "inside the feed-forward (expanded)"],
  ["h0.ffn.out", "d) after FeedForward.forward()"],
  ["h0.out", "after one Block"],
  ["logits", "e) after MiniGPT.forward()"],
];

/** Runs ids [batch, T] through `model` with shape taps on and returns the shapes of the stages above. */
export function shapeJourney(model: MiniGPT, batch: number, T: number): ShapeStop[] {
  const ids = Array.from({ length: batch }, (_, b) => Array.from({ length: T }, (_, t) => (b * 7 + t * 3) % model.config.vocabSize));
  const { logits, taps } = model.forward(ids, { taps: [] }); // [] keeps no tensors, shapes are always recorded
  logits.dispose();
  taps.dispose();
  return STOPS.filter(([tap]) => taps.shapes[tap]).map(([tap, stage]) => ({ tap, stage, shape: taps.shapes[tap] }));
}

// ---------------------------------------------------------------------------------------------
// 10. Gradient descent by hand, checked against TF.js autodiff

export interface GDStep {
  step: number;
  w: number;
  yhat: number; // w·x
  loss: number; // (ŷ − y)²
  dLdyhat: number; // 2(ŷ − y)
  grad: number; // dL/dw = 2(ŷ − y)·x
  autodiff: number; // tf.grad of the same loss at w
  wNext: number; // w − α·grad
}

export async function gradientDescentSteps(p: { w0: number; x: number; y: number; lr: number; steps: number }): Promise<GDStep[]> {
  const out: GDStep[] = [];
  let w = p.w0;
  const lossOf = (wt: tf.Tensor) => tf.square(tf.sub(tf.mul(wt, p.x), p.y)); // L(w) = (w·x − y)²
  for (let s = 1; s <= p.steps; s++) {
    const yhat = w * p.x;
    const dLdyhat = 2 * (yhat - p.y);
    const grad = dLdyhat * p.x;
    const g = tf.tidy(() => tf.grad(lossOf)(tf.scalar(w)));
    const autodiff = (await readAndFree(g))[0];
    out.push({ step: s, w, yhat, loss: (yhat - p.y) ** 2, dLdyhat, grad, autodiff, wNext: w - p.lr * grad });
    w = w - p.lr * grad;
  }
  return out;
}

export interface MomentumStep {
  vNew: number; // β·v + g
  wNew: number; // w − α·v_new
  tfW: number; // the same step by tf.train.momentum
}

/**
 * One SGD-with-momentum step by hand, and by tf.train.momentum (accumulator = β·accumulator + g; w −= α·accumulator).
 * TF.js starts the accumulator at 0, so a first step with gradient v from w + α·v loads it with v and lands on w.
 */
export async function momentumStep(p: { w: number; grad: number; v: number; lr: number; beta: number }): Promise<MomentumStep> {
  const vNew = p.beta * p.v + p.grad;
  const wNew = p.w - p.lr * vNew;
  const name = `widget-momentum-${Math.random().toString(36).slice(2)}`;
  const variable = tf.variable(tf.scalar(p.w + p.lr * p.v), true, name);
  const opt = tf.train.momentum(p.lr, p.beta);
  const g1 = tf.scalar(p.v);
  const g2 = tf.scalar(p.grad);
  opt.applyGradients([{ name, tensor: g1 }]);
  opt.applyGradients([{ name, tensor: g2 }]);
  const tfW = (await variable.data())[0];
  tf.dispose([g1, g2, variable]);
  opt.dispose();
  return { vNew, wNew, tfW };
}

// ---------------------------------------------------------------------------------------------
// 11. Parameter count and memory of a config

export interface ParamBreakdown {
  config: ModelConfigLike;
  dFF: number; // the feed-forward width used
  tied: boolean; // output head shares the token embedding matrix (then only its bias is new)
  parts: { part: string; formula: string; count: number }[];
  total: number; // from the formula
  real: number | null; // sum of the real variables of a model built with this config (null: not buildable here, see `whyNotBuilt`)
  whyNotBuilt: string | null;
  bytes: { fp32: number; fp16: number; adamTraining: number; kvCachePerSequence: number };
  attention: { T: number; scoresBytes: number; flops: number }[]; // per layer, all heads, batch 1
}

export type ModelConfigLike = { vocabSize: number; blockSize: number; nEmbd: number; nHead: number; nLayer: number; ffnMult: number };

export const BUILD_LIMIT = 30_000_000; // parameters: beyond this the widget does not allocate the model to count it

/**
 * Parameters of a config by formula. `dFF` defaults to ffnMult·C (4·C in the paper); `tied` counts the output
 * head as sharing the token embedding matrix (GPT-2 does; this MiniGPT does not: its head has its own C·V weights).
 */
export function parameterBreakdown(c: ModelConfigLike, opts: { dFF?: number; tied?: boolean } = {}): Omit<ParamBreakdown, "real" | "whyNotBuilt"> {
  const { vocabSize: V, blockSize: T, nEmbd: C, nHead: H, nLayer: L } = c;
  const D = C / H;
  const F = opts.dFF && opts.dFF > 0 ? opts.dFF : c.ffnMult * C;
  const tied = opts.tied ?? false;
  const parts = [
    { part: "token embeddings", formula: "V·C", count: V * C },
    { part: "position embeddings", formula: "T·C", count: T * C },
    { part: "attention q, k, v (all layers)", formula: "L·H·3·(C·D + D)", count: L * H * 3 * (C * D + D) },
    { part: "attention projection", formula: "L·(H·D·C + C)", count: L * (H * D * C + C) },
    { part: `feed-forward (d_ff = ${F})`, formula: "L·(C·d_ff + d_ff + d_ff·C + C)", count: L * (C * F + F + F * C + C) },
    { part: "layer norms", formula: "(2L + 1)·2C", count: (2 * L + 1) * 2 * C },
    tied ? { part: "output head (weights tied to the token embeddings)", formula: "V", count: V } : { part: "output head (own weights, not tied)", formula: "C·V + V", count: C * V + V },
  ];
  const total = parts.reduce((a, p) => a + p.count, 0);
  const attention = [64, 128, 256, 512, 1024, 2048, 4096].map((n) => ({ T: n, scoresBytes: 4 * H * n * n, flops: 2 * 2 * n * n * C }));
  return {
    config: c,
    dFF: F,
    tied,
    parts,
    total,
    bytes: { fp32: 4 * total, fp16: 2 * total, adamTraining: 16 * total, kvCachePerSequence: 2 * L * T * C * 4 },
    attention,
  };
}

/** The formula's count and the real variables of a freshly built model with the config (disposed at once). */
const realCounts = new Map<string, number>(); // config → sum of its real variables (building a 19M model takes ~0.5 s)

export async function parameterCount(c: ModelConfigLike, build: (c: ModelConfigLike) => MiniGPT, opts: { dFF?: number; tied?: boolean } = {}): Promise<ParamBreakdown> {
  const b = parameterBreakdown(c, opts);
  let real: number | null = null;
  let whyNotBuilt: string | null = null;
  if (b.tied) whyNotBuilt = "this MiniGPT does not tie its embeddings";
  else if (b.dFF % c.nEmbd !== 0) whyNotBuilt = "MiniGPT builds d_ff as a whole multiple of C";
  else if (b.total > BUILD_LIMIT) whyNotBuilt = `more than ${BUILD_LIMIT / 1e6}M parameters`;
  else {
    const config = { ...c, ffnMult: b.dFF / c.nEmbd };
    const key = JSON.stringify(config);
    real = realCounts.get(key) ?? null;
    if (real === null) {
      const m = build(config);
      real = [...m.params.values()].reduce((a, v) => a + v.size, 0);
      m.dispose();
      realCounts.set(key, real);
    }
  }
  return { ...b, real, whyNotBuilt };
}

// ---------------------------------------------------------------------------------------------
// 7. Cross-entropy and perplexity per character, against uniform and unigram baselines

export interface PerplexityResult {
  chars: number[]; // ids of the predicted characters (positions 1..T-1)
  loss: number[]; // −ln p_model(char | prefix), nats
  unigramLoss: number[]; // −ln p_unigram(char)
  meanLoss: number;
  perplexity: number; // exp(mean loss)
  uniformPerplexity: number; // V: every character equally likely
  unigramPerplexity: number;
}

/**
 * Unigram probabilities over the vocabulary from character counts (add-one smoothing so no character has p = 0).
 * `counts` maps characters to how often they occur in the corpus.
 */
export function unigramFrom(counts: Record<string, number>, vocabChars: string[]): Float64Array {
  const p = new Float64Array(vocabChars.length);
  let total = 0;
  vocabChars.forEach((c, i) => (total += p[i] = (counts[c] ?? 0) + 1));
  for (let i = 0; i < p.length; i++) p[i] /= total;
  return p;
}

export async function perplexityOf(model: MiniGPT, ids: number[], unigram: Float64Array): Promise<PerplexityResult> {
  const x = window(model, ids);
  if (x.length < 2) throw new Error("type at least two characters");
  const logits = await logitsOf(model, x.slice(0, -1), {});
  const targets = x.slice(1);
  const loss = lossPerPosition(logits, model.config.vocabSize, targets);
  const unigramLoss = targets.map((t) => -Math.log(unigram[t]));
  const meanLoss = mean(loss);
  return {
    chars: targets,
    loss,
    unigramLoss,
    meanLoss,
    perplexity: Math.exp(meanLoss),
    uniformPerplexity: model.config.vocabSize,
    unigramPerplexity: Math.exp(mean(unigramLoss)),
  };
}

// ---------------------------------------------------------------------------------------------
// 8. Positional encodings: sinusoidal, learned, and order without them

/** Vaswani et al. 2017: PE[pos, 2i] = sin(pos / 10000^(2i/C)), PE[pos, 2i+1] = cos(same). */
export function sinusoidalEncoding(T: number, C: number): number[][] {
  return Array.from({ length: T }, (_, pos) => Array.from({ length: C }, (_, j) => {
    const angle = pos / Math.pow(10000, (2 * Math.floor(j / 2)) / C);
    return j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
  }));
}

/** Cosine similarity of every pair of rows. */
export function cosineMatrix(rows: ArrayLike<number>[]): number[][] {
  const norms = rows.map((r) => Math.sqrt(Array.from(r).reduce((a, v) => a + v * v, 0)) || 1);
  return rows.map((a, i) => rows.map((b, j) => {
    let dot = 0;
    for (let k = 0; k < a.length; k++) dot += a[k] * b[k];
    return dot / (norms[i] * norms[j]);
  }));
}

export interface PositionResult {
  T: number;
  learned: number[][]; // wpe rows 0..T-1 [T,C]
  learnedCosine: number[][]; // [T,T]
  sinusoidalCosine: number[][]; // [T,T]
  shuffled: number[]; // ids: the prefix reversed, last character kept
  // max |Δ| of the last position's logits between the text and its shuffled prefix
  lastDiffWith: number;
  lastDiffWithout: number; // no position table, causal mask on: the mask alone still leaks some order
  lastDiffBag: number; // no position table and no mask: a bag of characters, order invisible
  lossWith: number; // mean next-character loss of the text
  lossWithout: number; // same, position table switched off
}

export async function positionalEncodings(model: MiniGPT, ids: number[]): Promise<PositionResult> {
  const x = window(model, ids);
  const T = x.length;
  if (T < 3) throw new Error("type at least three characters");
  const C = model.config.nEmbd;
  const wpe = model.embeddings.wpe;
  const table = (await wpe.data()) as Float32Array; // [blockSize, C]
  const learned = Array.from({ length: T }, (_, t) => Array.from(table.subarray(t * C, (t + 1) * C)));
  const shuffled = [...x.slice(0, -1).reverse(), x[T - 1]]; // same characters, other order, same last one
  const V = model.config.vocabSize;
  // The text and its shuffle as one batch of 2: one pass per setting instead of two.
  const lastDiff = async (sw: Switches) => {
    const { logits } = model.forward([x, shuffled], { switches: sw });
    const l = await readAndFree(logits); // [2,T,V]
    return diff(l.subarray((T - 1) * V, T * V), l.subarray((2 * T - 1) * V, 2 * T * V));
  };
  const diff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
  const off = { positionalEmbedding: false };
  return {
    T,
    learned,
    learnedCosine: cosineMatrix(learned),
    sinusoidalCosine: cosineMatrix(sinusoidalEncoding(T, C)),
    shuffled,
    lastDiffWith: await lastDiff({}),
    lastDiffWithout: await lastDiff(off),
    lastDiffBag: await lastDiff({ ...off, causalMask: false }),
    lossWith: await textLoss(model, x),
    lossWithout: await textLoss(model, x, off),
  };
}

// ---------------------------------------------------------------------------------------------
// 9. Layer norm and the residual stream

export interface StreamLayer {
  layer: number; // nLayer = the final LayerNorm
  mean: number; // mean over positions of the residual stream's per-position mean (input of the LayerNorm)
  std: number; // mean over positions of its per-position std
}

export interface ResidualResult {
  layers: StreamLayer[]; // input of ln1 of each block, then of the final LayerNorm
  loss: number; // as trained
  bypassed: { label: string; loss: number; layers: StreamLayer[] }; // with the learner's bypass
}

async function streamStats(model: MiniGPT, x: number[], switches: Switches): Promise<StreamLayer[]> {
  const L = model.config.nLayer;
  const names = [...Array.from({ length: L }, (_, l) => `h${l}.ln1`), "lnf"];
  const { logits, taps } = model.forward([x], { taps: names.flatMap((n) => [`${n}.mean`, `${n}.std`]), switches });
  logits.dispose();
  const read = await taps.read();
  return names.map((n, l) => ({ layer: l, mean: mean(read[`${n}.mean`].data), std: mean(read[`${n}.std`].data) }));
}

/** Statistics of the residual stream entering each LayerNorm, and the loss when one part is bypassed. */
export async function residualStream(model: MiniGPT, ids: number[], bypass: { kind: "layernorm" | "residual"; layer: number | "all" }): Promise<ResidualResult> {
  const x = window(model, ids);
  if (x.length < 3) throw new Error("type at least three characters");
  const which = bypass.layer === "all" ? "all" : [bypass.layer];
  const sw: Switches = bypass.kind === "layernorm" ? { bypassLayerNorm: which } : { bypassResidual: which };
  const where = bypass.layer === "all" ? "every layer" : bypass.layer === model.config.nLayer ? "the final LayerNorm" : `layer ${bypass.layer}`;
  return {
    layers: await streamStats(model, x, {}),
    loss: await textLoss(model, x),
    bypassed: { label: `${bypass.kind === "layernorm" ? "LayerNorm" : "residual"} bypassed at ${where}`, loss: await textLoss(model, x, sw), layers: await streamStats(model, x, sw) },
  };
}
