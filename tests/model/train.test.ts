import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { createModel } from "@/lib/model";
import { BatchSampler, clipByGlobalNorm, createOptimizer, evaluate, learningRateAt, trainDefaults, trainStep } from "@/lib/model/train";
import { tiny, useWasm } from "./setup";

beforeAll(useWasm);

describe("learning-rate schedule", () => {
  const c = { learningRate: 1e-3, minLr: 1e-4, warmupSteps: 10, maxSteps: 110 };
  it("warms up linearly, peaks, then decays by cosine to the floor", () => {
    expect(learningRateAt(0, c)).toBeCloseTo(1e-4, 12);
    expect(learningRateAt(4, c)).toBeCloseTo(5e-4, 12);
    expect(learningRateAt(10, c)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(60, c)).toBeCloseTo(5.5e-4, 12); // halfway: midpoint of peak and floor
    expect(learningRateAt(110, c)).toBeCloseTo(1e-4, 12);
    for (let s = 11; s < 110; s++) expect(learningRateAt(s, c)).toBeLessThan(learningRateAt(s - 1, c));
  });
  it("follows the wall-clock budget when it is further along than the steps (a slowed run still anneals)", () => {
    expect(learningRateAt(20, c, 0.5)).toBeCloseTo(5.5e-4, 12); // step progress 0.1, time 0.5: the time's midpoint
    expect(learningRateAt(60, c, 0.1)).toBeCloseTo(5.5e-4, 12); // steps further along: steps rule
    expect(learningRateAt(20, c, 1)).toBeCloseTo(1e-4, 12); // budget spent: the floor
    expect(learningRateAt(4, c, 0.9)).toBeCloseTo(5e-4, 12); // warm-up is by step only
  });
});

describe("gradient clipping (question 15)", () => {
  it("scales every gradient by one factor so the global norm is at most the limit", async () => {
    const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor2d([[0, 4]]) }; // global norm 5
    const big = clipByGlobalNorm(grads, 1);
    expect((await big.norm.data())[0]).toBeCloseTo(5, 5);
    expect(Array.from(await big.clipped.a.data())).toEqual([expect.closeTo(0.6, 5), 0]);
    expect(Array.from(await big.clipped.b.data())).toEqual([0, expect.closeTo(0.8, 5)]);
    const small = clipByGlobalNorm(grads, 10); // under the limit: unchanged
    expect(Array.from(await small.clipped.b.data())).toEqual([0, 4]);
    const off = clipByGlobalNorm(grads, 0);
    expect(Array.from(await off.clipped.a.data())).toEqual([3, 0]);
    tf.dispose([grads.a, grads.b, big.norm, small.norm, off.norm, ...Object.values(big.clipped), ...Object.values(small.clipped), ...Object.values(off.clipped)]);
  });
});

describe("training step", () => {
  it("Adam with clipping drives the loss down on a repeated batch, without leaking tensors", async () => {
    const model = createModel(tiny, 3);
    const opt = createOptimizer({ ...trainDefaults, learningRate: 3e-3 });
    const data = Int32Array.from({ length: 400 }, (_, i) => "the cat sat on the mat. ".charCodeAt(i % 24) % tiny.vocabSize);
    const { x, y } = new BatchSampler(data, tiny.blockSize, 1).next(4);
    const losses: number[] = [];
    let norm0 = 0;
    let before = 0;
    for (let i = 0; i < 60; i++) {
      if (i === 1) before = tf.memory().numTensors; // after Adam has created its moments
      const { loss, gradNorm } = trainStep(model, opt, x, y, 1.0, 0.1);
      losses.push((await loss.data())[0]);
      if (i === 0) norm0 = (await gradNorm.data())[0];
      tf.dispose([loss, gradNorm]);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(norm0).toBeGreaterThan(0);
    expect(losses[0]).toBeCloseTo(Math.log(tiny.vocabSize), 0); // fresh model ≈ uniform
    expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]);
    tf.dispose([x, y]);
    model.dispose();
    opt.dispose();
  });

  it("evaluate averages the loss over every window exactly", async () => {
    const model = createModel(tiny, 4);
    const data = Int32Array.from({ length: 16 * 5 + 1 }, (_, i) => (i * 5) % tiny.vocabSize);
    const r = await evaluate(model, data, 3); // 5 windows in batches of 3 (last batch padded)
    expect(r.chars).toBe(16 * 5);
    const x = tf.tensor2d(Array.from({ length: 5 }, (_, w) => Array.from(data.subarray(w * 16, w * 16 + 16))), undefined, "int32");
    const y = tf.tensor2d(Array.from({ length: 5 }, (_, w) => Array.from(data.subarray(w * 16 + 1, w * 16 + 17))), undefined, "int32");
    const l = model.loss(x, y);
    expect(r.loss).toBeCloseTo((await l.data())[0], 5);
    expect(r.perplexity).toBeCloseTo(Math.exp(r.loss), 8);
    tf.dispose([x, y, l]);
    model.dispose();
  });
});
