// The widgets' numbers, computed with the shipped model on the wasm backend (as in the browser's wasm fallback).
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headDim, type MiniGPT, type Vocab } from "@/lib/model";
import { initNodeBackend, loadModelFromDir } from "@/lib/model/node";
import { attentionScaling, attentionStep, causalCounterfactual, headDivergence, summariseHead, gradientDescentSteps, headPatterns, joinKV, kvCacheComparison, kvCachedDecode, kvRerunComparison, momentumStep, nextCharDistribution, parameterCount, perplexityOf, positionalEncodings, randomDotProducts, residualStream, samplingStages, shapeJourney, unigramFrom } from "@/lib/widgets/compute";

let model: MiniGPT;
let vocab: Vocab;
const TEXT = "Attention mechanisms allow models to focus on relevant parts of the input sequence when";

beforeAll(async () => {
  if (tf.getBackend() !== "wasm") await initNodeBackend("wasm");
  ({ model, vocab } = await loadModelFromDir(path.resolve(import.meta.dirname, "../../public/model")));
});
afterAll(() => model?.dispose());

const ids = (text: string) => vocab.encode(text).ids;

describe("attention scaling by sqrt(d)", () => {
  it("scaled scores of random unit-variance vectors have variance near 1 at d = 512; unscaled grow with d", async () => {
    const rows = await randomDotProducts([8, 64, 512]);
    const d512 = rows[2];
    expect(d512.scaledVariance).toBeGreaterThan(0.85);
    expect(d512.scaledVariance).toBeLessThan(1.15);
    expect(d512.rawVariance / 512).toBeGreaterThan(0.85);
    expect(d512.rawVariance / 512).toBeLessThan(1.15);
    // Without scaling, softmax saturates as d grows: the top weight rises, the entropy falls.
    expect(rows[2].maxRaw).toBeGreaterThan(rows[0].maxRaw);
    expect(rows[2].entropyRaw).toBeLessThan(rows[0].entropyRaw);
    // With scaling the picture stays about the same whatever d.
    expect(Math.abs(rows[2].entropyScaled - rows[0].entropyScaled)).toBeLessThan(0.5);
  });

  it("shows a real head's scores on the learner's text, scaled by exactly 1/sqrt(head_dim)", async () => {
    const r = await attentionScaling(model, ids(TEXT), 0, 1);
    const d = headDim(model.config);
    expect(r.d).toBe(d);
    expect(r.T).toBe(TEXT.length);
    // Independent expectations: the shipped model has C = 128, H = 4, so head_dim 32 and √32 = 5.656854…;
    // and the widget's scaled scores and softmax match what the model itself computed (its taps).
    expect(d).toBe(32);
    const { logits, taps } = model.forward([ids(TEXT)], { taps: ["h0.attn.head1.scores.scaled", "h0.attn.head1.weights"] });
    logits.dispose();
    const t = await taps.read();
    const T = r.T;
    for (const [i, j] of [[5, 2], [40, 39], [T - 1, 0], [T - 1, T - 1]]) {
      expect(r.scaled[i][j]).toBeCloseTo(r.raw[i][j] / 5.656854, 4);
      expect(r.scaled[i][j]).toBeCloseTo(t["h0.attn.head1.scores.scaled"].data[i * T + j], 4);
      expect(r.weightsScaled[i][j]).toBeCloseTo(t["h0.attn.head1.weights"].data[i * T + j], 5);
    }
    for (const w of [...r.weightsScaled, ...r.weightsUnscaled]) expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // Row 3 sees keys 0..3 only.
    expect(r.weightsScaled[3].slice(4).every((w) => w === 0)).toBe(true);
    // Larger scores are a sharper softmax: unscaled attention is at least as peaked.
    expect(r.maxUnscaled).toBeGreaterThanOrEqual(r.maxScaled - 1e-9);
    expect(r.entropyUnscaled).toBeLessThanOrEqual(r.entropyScaled + 1e-9);
  });
});

describe("softmax temperature, top-k, top-p", () => {
  it("temperature towards 0 equals argmax", async () => {
    const logits = await nextCharDistribution(model, ids(TEXT));
    expect(logits.length).toBe(vocab.size);
    // A temperature 50× below the gap between the two largest logits: every other character is at most e^-50 as likely.
    const sorted = Array.from(logits).sort((a, b) => b - a);
    const T = (sorted[0] - sorted[1]) / 50;
    const cold = samplingStages(logits, { temperature: T, topK: 0, topP: 1, seed: 3 });
    expect(cold.stages[1].probs[cold.argmax]).toBeGreaterThan(1 - 1e-12); // 1 − 118·e^-50 in float64
    expect(cold.samples.every((s) => s === cold.argmax)).toBe(true);
    const zero = samplingStages(logits, { temperature: 0, topK: 0, topP: 1, seed: 3 });
    expect(zero.stages[3].kept).toBe(1);
    expect(zero.stages[3].probs[zero.argmax]).toBe(1);
  });

  it("higher temperature flattens; top-k keeps k characters; top-p keeps the smallest set reaching p", async () => {
    const logits = await nextCharDistribution(model, ids("The transformer architecture revolutionized natural language processing by introducing"));
    const t1 = samplingStages(logits, { temperature: 1, topK: 0, topP: 1, seed: 1 });
    const t2 = samplingStages(logits, { temperature: 2, topK: 5, topP: 0.5, seed: 1 });
    expect(t1.stages[0].kept).toBe(vocab.size); // full vocabulary before any filter
    expect(t2.stages[1].entropy).toBeGreaterThan(t1.stages[1].entropy);
    expect(t2.stages[2].kept).toBe(5);
    expect(t2.stages[3].kept).toBeLessThanOrEqual(5);
    const sorted = Array.from(t2.stages[2].probs).sort((a, b) => b - a);
    let cum = 0;
    let n = 0;
    while (cum < 0.5) cum += sorted[n++];
    expect(t2.stages[3].kept).toBe(n);
    // Seeded: the same seed gives the same samples, all from the kept set.
    const again = samplingStages(logits, { temperature: 2, topK: 5, topP: 0.5, seed: 1 });
    expect(again.samples).toEqual(t2.samples);
    expect(t2.samples.every((s) => t2.stages[3].probs[s] > 0)).toBe(true);
  });
});

describe("KV cache", () => {
  it("generates the same continuation with and without the cache; q is one row, the cache blockSize rows", async () => {
    const r = await kvCacheComparison(model, ids("KV caching stores previously computed key and value matrices"), 12);
    expect(r.identical).toBe(true);
    expect(r.withCache.ids.length).toBe(12);
    expect(r.maxLogitDiff).toBeLessThan(1e-3);
    // Shapes as the model recorded them: the shipped model has head_dim 128/4 = 32 and blockSize 128.
    for (const s of r.steps) {
      expect(s.qShape).toEqual([1, 1, 32]);
      expect(s.kCacheShape).toEqual([1, 128, 32]);
      expect(s.msWithCache).toBeGreaterThan(0);
      expect(s.msWithout).toBeGreaterThan(0);
    }
    expect(r.steps[1].filled).toBe(r.steps[0].filled + 1);
    // FLOPs by hand for C = 128, L = 4, d_ff = 512, V = vocabulary: per position 4·(4·128² + 2·128·512) + 128·V
    // multiply-adds, plus 4·2·128 per key attended; a decode step at position p attends over p + 1 keys, the rerun
    // computes positions 0..p the same way.
    const V = vocab.size;
    const perPos = 786_432 + 128 * V;
    const st = r.steps[3];
    const p = st.position;
    expect(st.flopsWithCache).toBe(2 * (perPos + 1024 * (p + 1)));
    expect(st.flopsWithout).toBe(2 * ((p + 1) * perPos + (1024 * (p + 1) * (p + 2)) / 2));
    expect(r.speedup).toBeGreaterThan(0);
  });

  it("shows the cached half on its own, then joins the reruns: same ids, per-step times for both", async () => {
    const x = ids("KV caching stores previously computed key and value matrices");
    const before = tf.memory().numTensors;
    const cached = await kvCachedDecode(model, x, 6);
    expect(tf.memory().numTensors).toBe(before); // the cache is freed with the first stage
    expect(cached.ids.length).toBe(6);
    expect(cached.logits.length).toBe(6);
    expect(cached.steps.length).toBe(5);
    const l0 = Array.from(cached.logits[0]);
    expect(cached.ids[0]).toBe(l0.indexOf(Math.max(...l0))); // greedy: the largest logit
    const rerun = await kvRerunComparison(model, cached);
    expect(rerun.msWithout.length).toBe(5);
    const joined = joinKV(cached, rerun);
    expect(joined.withCache.ids).toEqual(cached.ids);
    expect(joined.without.ids).toEqual(rerun.ids);
    expect(joined.identical).toBe(true);
    expect(joined.steps.map((s) => s.msWithout)).toEqual(rerun.msWithout);
    // A rerun that chose a different character is reported, not hidden.
    const other = joinKV(cached, { ...rerun, ids: [...rerun.ids.slice(0, -1), (rerun.ids.at(-1)! + 1) % vocab.size] });
    expect(other.identical).toBe(false);
    // The reruns choose their own characters: a cached half that went wrong (here: a different first character and
    // logits) is caught, not copied.
    const wrongFirst = (cached.ids[0] + 1) % vocab.size;
    const tampered = { ...cached, ids: [wrongFirst, ...cached.ids.slice(1)], logits: [new Float32Array(cached.logits[0].length).fill(0), ...cached.logits.slice(1)] };
    const honest = await kvRerunComparison(model, tampered);
    expect(honest.ids[0]).toBe(cached.ids[0]);
    expect(honest.logitDiffs[0]).toBeGreaterThan(0.1);
    expect(joinKV(tampered, honest).identical).toBe(false);
  });
});

describe("causal masking", () => {
  it("editing a later character changes nothing before it with the mask, and changes earlier outputs without it", async () => {
    const x = ids("Causal masking ensures that tokens only attend to previous tokens");
    const edit = 20;
    const r = await causalCounterfactual(model, x, edit, vocab.encode("Z").ids[0]);
    for (let t = 0; t < edit; t++) expect(r.diffMasked[t], `position ${t}`).toBe(0);
    expect(r.diffMasked[edit]).toBeGreaterThan(1e-3);
    expect(Math.max(...r.diffUnmasked.slice(0, edit))).toBeGreaterThan(1e-3);
    // Weights of the original text: zero above the diagonal.
    expect(r.weights[2].slice(3).every((w) => w === 0)).toBe(true);
  });
});

describe("multi-head attention", () => {
  it("shows every head's pattern; ablating a head changes the loss", async () => {
    const r = await headPatterns(model, ids("Multi-head attention allows the model to attend to information"), 0);
    expect(r.patterns.length).toBe(model.config.nHead);
    for (const p of r.patterns) for (const w of p) expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(r.baseLoss).toBeGreaterThan(0);
    expect(r.ablatedLoss.some((l) => Math.abs(l - r.baseLoss) > 1e-3)).toBe(true);
  });
});

describe("attention you can read", () => {
  it("one query step by step: ÷√32, −∞ above the diagonal, softmax by hand, weighted sum = the head's output", async () => {
    const text = "The cat sat on the mat because it was warm";
    const r = await attentionStep(model, ids(text), 1, 2, 20);
    expect(r.query).toBe(20);
    expect(r.raw).toHaveLength(text.length);
    for (let j = 0; j < r.T; j++) {
      expect(r.scaled[j]).toBeCloseTo(r.raw[j] / 5.656854, 4);
      if (j > 20) expect(r.masked[j]).toBe(-Infinity);
      else expect(r.masked[j]).toBeCloseTo(r.scaled[j], 5);
    }
    const e = r.scaled.slice(0, 21).map((v) => Math.exp(v - Math.max(...r.scaled.slice(0, 21))));
    const z = e.reduce((a, b) => a + b, 0);
    e.forEach((v, j) => expect(r.weights[j]).toBeCloseTo(v / z, 5));
    expect(r.weights.slice(21).every((w) => w === 0)).toBe(true);
    expect(r.modelOut).toHaveLength(32);
    expect(r.maxDiff).toBeLessThan(1e-5);
  });

  it("summarises a head from its pattern (hand-computed 3×3 example)", () => {
    const s3 = summariseHead([
      [1, 0, 0],
      [0.25, 0.75, 0],
      [0.5, 0.25, 0.25],
    ]);
    expect(s3.distance).toBeCloseTo((0 + 0.25 + 1.25) / 3, 12);
    expect(s3.self).toBeCloseTo((1 + 0.75 + 0.25) / 3, 12);
    expect(s3.previous).toBeCloseTo(0.25, 12);
    expect(s3.first).toBeCloseTo(0.375, 12);
    expect(s3.entropy).toBeCloseTo((0 + -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)) + -(0.5 * Math.log(0.5) + 0.5 * Math.log(0.25))) / 3, 12);
    expect(headDivergence([[[1, 0], [1, 0]], [[1, 0], [1, 0]]])).toBe(0);
    expect(headDivergence([[[1, 0], [1, 0]], [[1, 0], [0, 1]]])).toBe(1);
  });

  it("auto picks the layer whose heads differ most, by measurement", async () => {
    const r = await headPatterns(model, ids("Multi-head attention allows the model to attend to information"), "auto");
    expect(r.divergence).toHaveLength(model.config.nLayer);
    expect(r.divergence[r.layer]).toBe(Math.max(...r.divergence));
    expect(r.summaries).toHaveLength(model.config.nHead);
  });
});

describe("shape journey", () => {
  it("records the shapes the comprehension test asks for, for the trained model and a 512-wide, 8-head config", async () => {
    const { createModel } = await import("@/lib/model");
    const c = model.config;
    const trained = Object.fromEntries(shapeJourney(model, 2, 10).map((s) => [s.tap, s.shape]));
    expect(trained["embed.out"]).toEqual([2, 10, c.nEmbd]);
    expect(trained["h0.attn.head0.out"]).toEqual([2, 10, c.nEmbd / c.nHead]);
    expect(trained["h0.attn.out"]).toEqual([2, 10, c.nEmbd]);
    expect(trained["h0.ffn.hidden"]).toEqual([2, 10, 4 * c.nEmbd]);
    expect(trained["logits"]).toEqual([2, 10, c.vocabSize]);
    const big = createModel({ vocabSize: c.vocabSize, nEmbd: 512, nHead: 8, nLayer: 1, blockSize: 16 });
    const shapes = Object.fromEntries(shapeJourney(big, 1, 16).map((s) => [s.tap, s.shape]));
    big.dispose();
    expect(shapes["h0.attn.head0.out"]).toEqual([1, 16, 64]);
    expect(shapes["h0.attn.concat"]).toEqual([1, 16, 512]);
    expect(shapes["h0.ffn.hidden"]).toEqual([1, 16, 2048]);
    expect(shapes["h0.attn.head0.scores.raw"]).toEqual([1, 16, 16]);
  });
});

describe("gradient descent by hand", () => {
  it("reproduces the seed's three steps on y = wx (5 → 1.8 → 1.16 → 1.032) and matches autodiff", async () => {
    const steps = await gradientDescentSteps({ w0: 5, x: 2, y: 2, lr: 0.1, steps: 3 });
    expect(steps.map((s) => s.loss)).toEqual([64, expect.closeTo(2.56, 9), expect.closeTo(0.1024, 9)]);
    expect(steps.map((s) => s.grad)).toEqual([32, expect.closeTo(6.4, 9), expect.closeTo(1.28, 9)]);
    expect(steps[2].wNext).toBeCloseTo(1.032, 9);
    for (const s of steps) expect(s.autodiff).toBeCloseTo(s.grad, 4);
  });

  it("one SGD-with-momentum step: v = 0.9·0.1 + 0.2 = 0.29, w = 0.5 − 0.1·0.29 = 0.471, as tf.train.momentum", async () => {
    const r = await momentumStep({ w: 0.5, grad: 0.2, v: 0.1, lr: 0.1, beta: 0.9 });
    expect(r.vNew).toBeCloseTo(0.29, 12);
    expect(r.wNew).toBeCloseTo(0.471, 12);
    expect(r.tfW).toBeCloseTo(0.471, 6);
    const other = await momentumStep({ w: -2, grad: 3, v: -1, lr: 0.05, beta: 0.5 });
    expect(other.tfW).toBeCloseTo(other.wNew, 5);
  });
});

describe("parameter count", () => {
  it("the formula equals the real variables, for the shipped config and a learner's config", async () => {
    const { createModel, countParameters } = await import("@/lib/model");
    const shipped = await parameterCount(model.config, (c) => createModel(c));
    expect(shipped.total).toBe(shipped.real);
    expect(shipped.total).toBe(countParameters(model.config));
    const mine = await parameterCount({ vocabSize: 120, blockSize: 64, nEmbd: 96, nHead: 3, nLayer: 2, ffnMult: 4 }, (c) => createModel(c));
    expect(mine.total).toBe(mine.real);
    // Attention scores grow with T²: doubling T multiplies their memory by 4.
    expect(mine.attention[1].scoresBytes).toBe(4 * mine.attention[0].scoresBytes);
    // Too big to build in a browser tab: counted by formula only.
    const huge = await parameterCount({ vocabSize: 50257, blockSize: 1024, nEmbd: 768, nHead: 12, nLayer: 12, ffnMult: 4 }, () => {
      throw new Error("must not build");
    });
    expect(huge.real).toBeNull();
    expect(huge.total).toBeGreaterThan(100e6);
  });

  it("takes d_ff and tied embeddings (GPT-2 small by hand: 124,439,808 tied)", async () => {
    const { createModel } = await import("@/lib/model");
    const gpt2 = { vocabSize: 50257, blockSize: 1024, nEmbd: 768, nHead: 12, nLayer: 12, ffnMult: 4 };
    // GPT-2 small: 124,439,808 parameters with tied embeddings and no output bias; this head adds a bias of V
    expect((await parameterCount(gpt2, () => { throw new Error("must not build"); }, { tied: true })).total).toBe(124_439_808 + 50_257);
    const untied = await parameterCount(gpt2, () => { throw new Error("must not build"); });
    expect(untied.total).toBe(124_439_808 + 50_257 + 768 * 50_257);
    // d_ff = 2·C on a small config: the formula and the real variables agree, and each layer loses 2·C·2C + 2C parameters
    const small = { vocabSize: 50, blockSize: 32, nEmbd: 64, nHead: 4, nLayer: 2, ffnMult: 4 };
    const half = await parameterCount(small, (c) => createModel(c), { dFF: 128 });
    expect(half.real).toBe(half.total);
    const full = await parameterCount(small, (c) => createModel(c));
    expect(full.total - half.total).toBe(2 * (2 * 64 * 128 + 128));
    expect((await parameterCount(small, (c) => createModel(c), { dFF: 100 })).whyNotBuilt).toMatch(/multiple of C/);
  });
});

describe("cross-entropy and perplexity", () => {
  it("perplexity is exp(mean loss); the model beats the uniform and unigram baselines on English", async () => {
    const { readContentDir } = await import("@/lib/ingest/files");
    const counts: Record<string, number> = {};
    for (const f of readContentDir(path.resolve(import.meta.dirname, "../../content"))) for (const c of f.text) counts[c] = (counts[c] ?? 0) + 1;
    const unigram = unigramFrom(counts, vocab.chars);
    expect(unigram.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const r = await perplexityOf(model, ids("Perplexity measures how well a language model predicts a sequence"), unigram);
    expect(r.loss.length).toBe(r.chars.length);
    expect(r.perplexity).toBeCloseTo(Math.exp(r.loss.reduce((a, b) => a + b, 0) / r.loss.length), 6);
    expect(r.uniformPerplexity).toBe(vocab.size);
    expect(r.unigramPerplexity).toBeLessThan(r.uniformPerplexity);
    expect(r.perplexity).toBeLessThan(r.unigramPerplexity);
    // Gibberish surprises the model more than English.
    const junk = await perplexityOf(model, ids("qzx vbk jjw pqy zzq xkv"), unigram);
    expect(junk.perplexity).toBeGreaterThan(r.perplexity);
  });
});

describe("positional encodings", () => {
  it("without the position table (and the mask) the last output ignores the order of the prefix; with it, order matters", async () => {
    const r = await positionalEncodings(model, ids("Positional encoding provides information about order"));
    expect(r.lastDiffBag).toBeLessThan(1e-4);
    expect(r.lastDiffWithout).toBeGreaterThan(r.lastDiffBag); // the causal mask alone leaks some order
    expect(r.lastDiffWith).toBeGreaterThan(1e-2);
    expect(r.lossWithout).toBeGreaterThan(r.lossWith);
    expect(r.learned.length).toBe(r.T);
    expect(r.sinusoidalCosine[0][0]).toBeCloseTo(1, 6);
    // Sinusoidal: neighbouring positions are more alike than distant ones.
    expect(r.sinusoidalCosine[5][6]).toBeGreaterThan(r.sinusoidalCosine[5][40]);
  });
});

describe("layer norm and the residual stream", () => {
  it("records the stream's statistics per layer; bypassing a LayerNorm or a residual raises the loss", async () => {
    const x = ids("Layer normalization stabilizes training by normalizing activations");
    const ln = await residualStream(model, x, { kind: "layernorm", layer: "all" });
    expect(ln.layers.length).toBe(model.config.nLayer + 1);
    for (const l of ln.layers) expect(l.std).toBeGreaterThan(0);
    expect(ln.bypassed.loss).toBeGreaterThan(ln.loss);
    const res = await residualStream(model, x, { kind: "residual", layer: 0 });
    expect(res.loss).toBeCloseTo(ln.loss, 6);
    expect(res.bypassed.loss).toBeGreaterThan(res.loss);
  });
});
