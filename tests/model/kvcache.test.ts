// KV cache (question 17): prefill + decode give the logits of full recomputation.
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModel, decode, generate, headDim, prefill, type MiniGPT } from "@/lib/model";
import { ids, maxAbsDiff, tiny, useWasm } from "./setup";

let model: MiniGPT;
beforeAll(async () => {
  await useWasm();
  // Larger init than default so logits vary enough for the comparison to mean something.
  model = createModel({ ...tiny, initStd: 0.2 }, 17);
});
afterAll(() => model.dispose());

describe("KV cache", () => {
  it.each([true, false])("decode logits equal full recomputation at every step (padded prefill: %s)", async (pad) => {
    const seq = ids(tiny.blockSize, tiny.vocabSize, 4);
    const P = 5;
    const p = prefill(model, [seq.slice(0, P)], { pad });
    const full0 = model.forward([seq.slice(0, P)]).logits;
    expect(await maxAbsDiff(p.logits, full0)).toBeLessThan(1e-4);
    tf.dispose([p.logits, full0]);
    let spread = 0;
    for (let t = P; t < tiny.blockSize; t++) {
      const d = decode(p.cache, [seq[t]]); // logits for position t
      const full = model.forward([seq.slice(0, t + 1)]).logits;
      const last = full.slice([0, t, 0], [1, 1, -1]).reshape([1, -1]);
      expect(await maxAbsDiff(d.logits, last)).toBeLessThan(1e-4);
      spread = Math.max(spread, (await tf.moments(last).variance.data())[0]);
      tf.dispose([d.logits, full, last]);
    }
    expect(spread).toBeGreaterThan(0.01); // the logits are not trivially flat
    expect(p.cache.length).toBe(tiny.blockSize);
    expect(() => decode(p.cache, [1])).toThrow(/KV cache holds/);
    p.cache.dispose();
  });

  it("decode shapes: q is one position, the cache holds blockSize rows", () => {
    const p = prefill(model, [[1, 2, 3]], { taps: [] });
    const d = decode(p.cache, [4], { taps: [] });
    const D = headDim(tiny);
    expect(p.taps.shapes["h0.attn.head0.q"]).toEqual([1, tiny.blockSize, D]); // padded prefill
    expect(d.taps.shapes["h0.attn.head0.q"]).toEqual([1, 1, D]);
    expect(d.taps.shapes["h0.attn.head0.kCache"]).toEqual([1, tiny.blockSize, D]);
    expect(d.taps.shapes["h0.attn.head0.scores.raw"]).toEqual([1, 1, tiny.blockSize]);
    expect(d.logits.shape).toEqual([1, tiny.vocabSize]);
    tf.dispose([p.logits, d.logits]);
    p.cache.dispose();
  });

  it("decoding does not leak tensors", async () => {
    const before = tf.memory().numTensors;
    const p = prefill(model, [[1, 2, 3]]);
    p.logits.dispose();
    for (let i = 0; i < 10; i++) decode(p.cache, [i % tiny.vocabSize]).logits.dispose();
    p.cache.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("generation with and without the cache gives the same text for a seed, across window refills", async () => {
    const before = tf.memory().numTensors;
    const prompt = ids(6, tiny.vocabSize, 2);
    const opts = { maxNewTokens: 40, temperature: 0.9, topK: 10, seed: 123 }; // 6 + 40 > blockSize 16: refills
    const a = await generate(model, prompt, { ...opts, useCache: true });
    const b = await generate(model, prompt, { ...opts, useCache: false });
    expect(a.ids).toHaveLength(40);
    expect(a.refills).toBeGreaterThan(0);
    expect(a.ids).toEqual(b.ids);
    const c = await generate(model, prompt, { ...opts, seed: 124 });
    expect(c.ids).not.toEqual(a.ids);
    expect(tf.memory().numTensors).toBe(before);
  });
});
