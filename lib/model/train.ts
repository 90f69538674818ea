// Training pieces: defaults, learning-rate schedule, batches, one optimisation step, loss estimate.
// The loop with I/O (progress bar, checkpoints) lives in scripts/model-train.ts.
import * as tf from "@tensorflow/tfjs";
import { type ModelConfig, MiniGPT } from "./minigpt";
import { mulberry32 } from "./sampling";

export interface TrainConfig {
  // data
  valFraction: number; // share of characters held out for validation, whole duplicate groups at a time (corpus.ts)
  minCharCount: number; // characters rarer than this in the training text become UNK
  // model (overrides of defaultConfig; vocabSize comes from the corpus)
  model: Omit<ModelConfig, "vocabSize">;
  // optimiser: Adam with linear warm-up then cosine decay to minLr
  batchSize: number; // sequences per step
  maxSteps: number;
  learningRate: number; // peak
  minLr: number; // floor of the cosine (nanoGPT: learningRate / 10)
  warmupSteps: number;
  beta1: number;
  beta2: number;
  gradClip: number; // global L2 norm of the gradient is clipped to this (0: off)
  dropout: number; // residual dropout while training (the corpus is small: ~16 passes over it)
  // evaluation and I/O
  evalInterval: number; // steps between validation estimates (and checkpoints)
  evalBatches: number; // batches averaged per estimate
  seed: number;
}

export const trainDefaults: TrainConfig = {
  // data
  valFraction: 0.1,
  minCharCount: 2,
  // model: 4 layers × 128 wide, 4 heads of 32, context 128: 840,568 parameters, 1.68 MB as float16.
  // Sized for the budget: ~1.3 s per step of 16×128 chars on one wasm thread (2 shared cores), so 1800 steps
  // ≈ 40 min ≈ 15 passes over the 245k training characters on an idle machine. Validation on the duplicate-group split:
  // see bench/RESULTS.md (the 1.48 reported before was measured on a split whose validation text had copies in training).
  model: { blockSize: 128, nEmbd: 128, nHead: 4, nLayer: 4, ffnMult: 4, layerNormEps: 1e-5, initStd: 0.02 },
  // optimiser
  batchSize: 16,
  maxSteps: 1800,
  learningRate: 2e-3, // small model, small batch: a high peak is stable thanks to warm-up and clipping
  minLr: 2e-4,
  warmupSteps: 100,
  beta1: 0.9,
  beta2: 0.99, // nanoGPT's choice for few tokens per step
  gradClip: 1.0,
  dropout: 0.1, // 0.2 left the model underfit: after 1100 steps train 1.87 ≈ validation 1.90 nats/char
  // evaluation and I/O
  evalInterval: 250,
  evalBatches: 16,
  seed: 1337,
};

/**
 * Linear warm-up to the peak, then cosine decay to minLr at maxSteps (nanoGPT's get_lr).
 * `timeFraction` (share of a wall-clock budget used, 0 → 1) lets a run on a shared machine finish its
 * decay when the budget ends even if it gets fewer steps than planned: after warm-up the cosine follows
 * whichever of steps and time is further along.
 */
export function learningRateAt(step: number, c: Pick<TrainConfig, "learningRate" | "minLr" | "warmupSteps" | "maxSteps">, timeFraction = 0): number {
  if (step < c.warmupSteps) return (c.learningRate * (step + 1)) / c.warmupSteps;
  const byStep = (step - c.warmupSteps) / Math.max(1, c.maxSteps - c.warmupSteps); // 0 → 1
  const progress = Math.min(1, Math.max(byStep, timeFraction));
  if (progress >= 1) return c.minLr;
  return c.minLr + 0.5 * (1 + Math.cos(Math.PI * progress)) * (c.learningRate - c.minLr);
}

/** Random windows of T+1 characters: input = first T, target = the same shifted by one (next character). */
export class BatchSampler {
  private readonly rand: () => number;
  constructor(private readonly data: Int32Array, private readonly blockSize: number, seed: number) {
    if (data.length <= blockSize + 1) throw new Error(`text of ${data.length} characters is shorter than a block of ${blockSize + 1}`);
    this.rand = mulberry32(seed);
  }
  next(batchSize: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
    const T = this.blockSize;
    const xs = new Int32Array(batchSize * T);
    const ys = new Int32Array(batchSize * T);
    for (let b = 0; b < batchSize; b++) {
      const start = Math.floor(this.rand() * (this.data.length - T - 1));
      xs.set(this.data.subarray(start, start + T), b * T);
      ys.set(this.data.subarray(start + 1, start + T + 1), b * T);
    }
    return { x: tf.tensor2d(xs, [batchSize, T], "int32"), y: tf.tensor2d(ys, [batchSize, T], "int32") };
  }
}

/** Consecutive, non-overlapping windows covering the whole text (for an exact validation loss). */
export function* sequentialBatches(data: Int32Array, blockSize: number, batchSize: number): Generator<{ x: tf.Tensor2D; y: tf.Tensor2D; n: number }> {
  const T = blockSize;
  const starts: number[] = [];
  for (let s = 0; s + T + 1 <= data.length; s += T) starts.push(s);
  for (let i = 0; i < starts.length; i += batchSize) {
    const chunk = starts.slice(i, i + batchSize);
    const xs = new Int32Array(batchSize * T); // padded to a fixed batch so shapes never change
    const ys = new Int32Array(batchSize * T);
    chunk.forEach((s, b) => {
      xs.set(data.subarray(s, s + T), b * T);
      ys.set(data.subarray(s + 1, s + T + 1), b * T);
    });
    yield { x: tf.tensor2d(xs, [batchSize, T], "int32"), y: tf.tensor2d(ys, [batchSize, T], "int32"), n: chunk.length };
  }
}

/**
 * Exact mean cross-entropy (nats/char) over all full windows of `data`: every character after the first
 * of its window is predicted once. Returns nats per character and perplexity = e^loss.
 */
export async function evaluate(model: MiniGPT, data: Int32Array, batchSize = 16): Promise<{ loss: number; perplexity: number; chars: number }> {
  let sum = 0;
  let count = 0;
  const T = model.config.blockSize;
  for (const { x, y, n } of sequentialBatches(data, T, batchSize)) {
    const perSeq = tf.tidy(() => {
      const logits = model.forward(x).logits; // [B,T,V]
      const V = logits.shape[2];
      const logp = tf.logSoftmax(logits); // [B,T,V]
      const picked = tf.sum(tf.mul(logp, tf.oneHot(y, V).toFloat()), -1); // [B,T]
      return tf.neg(tf.sum(picked, -1)); // [B] summed nats per window
    });
    const values = await perSeq.data();
    for (let b = 0; b < n; b++) sum += values[b];
    count += n * T;
    perSeq.dispose();
    x.dispose();
    y.dispose();
  }
  const loss = sum / count;
  return { loss, perplexity: Math.exp(loss), chars: count };
}

/** Mean loss over a few random batches (cheap estimate during training). */
export async function estimateLoss(model: MiniGPT, sampler: BatchSampler, batches: number, batchSize: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < batches; i++) {
    const { x, y } = sampler.next(batchSize);
    const l = model.loss(x, y);
    sum += (await l.data())[0];
    tf.dispose([x, y, l]);
  }
  return sum / batches;
}

/**
 * One Adam step on one batch with the global gradient norm clipped to `clip`
 * (Pascanu et al. 2013: a rare huge gradient would otherwise throw the weights far off). Returns loss and the norm before clipping.
 */
export function trainStep(model: MiniGPT, optimizer: tf.AdamOptimizer, x: tf.Tensor2D, y: tf.Tensor2D, clip: number, dropoutRate = 0): { loss: tf.Scalar; gradNorm: tf.Scalar } {
  return tf.tidy(() => {
    const vars = [...model.params.values()];
    const { value, grads } = tf.variableGrads(() => model.loss(x, y, dropoutRate), vars);
    const { clipped, norm } = clipByGlobalNorm(grads, clip);
    optimizer.applyGradients(clipped as Parameters<tf.AdamOptimizer["applyGradients"]>[0]);
    return { loss: value, gradNorm: norm };
  });
}

/** Scales all gradients by min(1, clip / ‖g‖) where ‖g‖ is the L2 norm over every gradient together (clip 0: off). */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, clip: number): { clipped: tf.NamedTensorMap; norm: tf.Scalar } {
  const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
  const scale = clip > 0 ? tf.minimum(1, tf.div(clip, tf.add(norm, 1e-6))) : tf.scalar(1);
  const clipped: tf.NamedTensorMap = {};
  for (const [name, g] of Object.entries(grads)) clipped[name] = tf.mul(g, scale);
  return { clipped, norm };
}

export function createOptimizer(c: TrainConfig): tf.AdamOptimizer {
  return tf.train.adam(c.learningRate, c.beta1, c.beta2, 1e-8) as tf.AdamOptimizer;
}

/** The optimizer reads `learningRate` on every applyGradients, so the schedule just sets it. */
export function setLearningRate(optimizer: tf.AdamOptimizer, lr: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
}
