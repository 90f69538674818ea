// The comprehension test's claims about MiniGPT, as executable checks.
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FeedForward, causalMaskBias, createModel, countParameters, headDim, type MiniGPT, type ModelConfig } from "@/lib/model";
import { Recorder } from "@/lib/model/taps";
import { ids, maxAbsDiff, tiny, useWasm } from "./setup";

let model: MiniGPT;
beforeAll(async () => {
  await useWasm();
  model = createModel(tiny, 42);
});
afterAll(() => model.dispose());

describe("shapes (question 3: the shape journey)", () => {
  it("records the shape of every stage", () => {
    const B = 2, T = 10, { nEmbd: C, vocabSize: V, nHead: H, nLayer: L } = tiny;
    const D = headDim(tiny);
    const { logits, taps } = model.forward([ids(T, V, 1), ids(T, V, 2)], { taps: [] });
    expect(logits.shape).toEqual([B, T, V]);
    const s = taps.shapes;
    expect(s["input"]).toEqual([B, T]);
    expect(s["embed.out"]).toEqual([B, T, C]); // a) Embeddings
    for (let l = 0; l < L; l++) {
      for (let h = 0; h < H; h++) {
        for (const n of ["q", "k", "v", "out"]) expect(s[`h${l}.attn.head${h}.${n}`]).toEqual([B, T, D]); // b) one head
        for (const n of ["scores.raw", "scores.scaled", "scores.masked", "weights"]) expect(s[`h${l}.attn.head${h}.${n}`]).toEqual([B, T, T]);
      }
      expect(s[`h${l}.attn.concat`]).toEqual([B, T, H * D]);
      expect(s[`h${l}.attn.out`]).toEqual([B, T, C]); // c) multi-head
      expect(s[`h${l}.ffn.hidden`]).toEqual([B, T, 4 * C]);
      expect(s[`h${l}.ffn.out`]).toEqual([B, T, C]); // d) feed-forward
      expect(s[`h${l}.ln1.mean`]).toEqual([B, T]);
      expect(s[`h${l}.out`]).toEqual([B, T, C]);
    }
    expect(s["logits"]).toEqual([B, T, V]); // e) MiniGPT
    expect(Object.keys(taps.tensors)).toEqual([]); // [] asks for shapes only
    logits.dispose();
  });

  it("rejects sequences longer than the context", () => {
    expect(() => model.forward([ids(tiny.blockSize + 1, tiny.vocabSize)])).toThrow(/blockSize/);
  });
});

describe("multi-head attention (question 4): all heads in one fused projection", () => {
  it("each head's output equals the readable SingleHeadAttention on the same input", async () => {
    const x = tf.randomNormal([2, 10, tiny.nEmbd], 0, 1, "float32", 5);
    const mask = causalMaskBias(10);
    const mha = model.blocks[1].attn;
    const rec = new Recorder(true);
    const out = mha.forward(x, { rec, sw: {}, maskBias: mask });
    expect(out.shape).toEqual([2, 10, tiny.nEmbd]);
    for (let h = 0; h < tiny.nHead; h++) {
      const ref = tf.tidy(() => mha.referenceHead(h).forward(x, mask));
      expect(await maxAbsDiff(ref, rec.tensors[`h1.attn.head${h}.out`])).toBeLessThan(1e-5);
      ref.dispose();
    }
    // the concat is head 0 | head 1 | …, D columns each
    const D = headDim(tiny);
    const head2 = rec.tensors["h1.attn.concat"].slice([0, 0, 2 * D], [-1, -1, D]);
    expect(await maxAbsDiff(head2, rec.tensors["h1.attn.head2.out"])).toBe(0);
    tf.dispose([x, mask, out, head2]);
    rec.dispose();
  });
});

describe("causal mask (question 6)", () => {
  it("changing position 3 leaves positions 0-2 unchanged and changes 3", async () => {
    const a = ids(12, tiny.vocabSize);
    const b = [...a];
    b[3] = (a[3] + 5) % tiny.vocabSize;
    const ra = model.forward([a], { taps: ["h0.attn.head0.out"] });
    const rb = model.forward([b], { taps: ["h0.attn.head0.out"] });
    const early = (r: typeof ra) => r.logits.slice([0, 0, 0], [1, 3, -1]);
    const at3 = (r: typeof ra) => r.logits.slice([0, 3, 0], [1, 1, -1]);
    expect(await maxAbsDiff(early(ra), early(rb))).toBe(0); // exactly: -inf gives exactly zero weight
    expect(await maxAbsDiff(at3(ra), at3(rb))).toBeGreaterThan(1e-4);
    // Same at the level of a single head (the Rust test_single_head_causal_masking).
    const ha = ra.taps.tensors["h0.attn.head0.out"].slice([0, 0, 0], [1, 3, -1]);
    const hb = rb.taps.tensors["h0.attn.head0.out"].slice([0, 0, 0], [1, 3, -1]);
    expect(await maxAbsDiff(ha, hb)).toBe(0);
    tf.dispose([ra.logits, rb.logits, ha, hb]);
    ra.taps.dispose();
    rb.taps.dispose();
  });

  it("without the mask, the future leaks into positions 0-2", async () => {
    const a = ids(12, tiny.vocabSize);
    const b = [...a];
    b[3] = (a[3] + 5) % tiny.vocabSize;
    const sw = { causalMask: false };
    const la = model.forward([a], { switches: sw }).logits;
    const lb = model.forward([b], { switches: sw }).logits;
    expect(await maxAbsDiff(la.slice([0, 0, 0], [1, 3, -1]), lb.slice([0, 0, 0], [1, 3, -1]))).toBeGreaterThan(1e-6);
    tf.dispose([la, lb]);
  });
});

describe("feed-forward (question 8)", () => {
  it("treats positions independently: whole sequence = each position alone", async () => {
    const ffn = model.blocks[0].ffn as FeedForward;
    const x = tf.randomNormal([1, 9, tiny.nEmbd], 0, 1, "float32", 3);
    const rec = new Recorder(undefined);
    const whole = ffn.forward(x, rec);
    const alone = tf.concat(Array.from({ length: 9 }, (_, t) => ffn.forward(x.slice([0, t, 0], [1, 1, -1]), rec)), 1);
    expect(await maxAbsDiff(whole, alone)).toBeLessThan(1e-6);
    // and reversing positions reverses the output: no position mixing at all
    const reversed = ffn.forward(tf.reverse(x, 1), rec);
    expect(await maxAbsDiff(tf.reverse(whole, 1), reversed)).toBeLessThan(1e-6);
    tf.dispose([x, whole, alone, reversed]);
  });

  it("expands to ffnMult·C with GELU (tanh form)", async () => {
    const { gelu } = await import("@/lib/model");
    const x = tf.tensor1d([-3, -1, 0, 0.5, 2]);
    const y = await gelu(x).data();
    const ref = [-0.00363739, -0.15880801, 0, 0.34571401, 1.95459769]; // PyTorch gelu(approximate="tanh")
    ref.forEach((r, i) => expect(y[i]).toBeCloseTo(r, 5));
    x.dispose();
  });
});

describe("residual stream (question 9)", () => {
  it("a fresh block's output stays close to its input", async () => {
    const fresh = createModel(tiny, 5);
    const x = tf.randomNormal([2, 12, tiny.nEmbd], 0, 1, "float32", 11);
    const rel = async (bypassResidual?: "all") => {
      const mask = causalMaskBias(12);
      const out = fresh.blocks[0].forward(x, { rec: new Recorder(undefined), sw: { bypassResidual }, maskBias: mask });
      mask.dispose();
      const r = tf.tidy(() => tf.div(tf.norm(tf.sub(out, x)), tf.norm(x)));
      const v = (await r.data())[0];
      tf.dispose([out, r]);
      return v;
    };
    expect(await rel()).toBeLessThan(0.1);
    expect(await rel("all")).toBeGreaterThan(0.9); // without the residual the input is lost
    x.dispose();
    fresh.dispose();
  });
});

describe("parameter count (question 19)", () => {
  const configs: ModelConfig[] = [
    tiny,
    { ...tiny, vocabSize: 120, blockSize: 128, nEmbd: 128, nHead: 4, nLayer: 4 },
    { ...tiny, vocabSize: 65, blockSize: 64, nEmbd: 48, nHead: 6, nLayer: 3, ffnMult: 2 },
  ];
  it.each(configs)("formula equals the sum of variable sizes (%o)", (c) => {
    const m = createModel(c, 1);
    const sum = [...m.params.values()].reduce((n, v) => n + v.size, 0);
    expect(countParameters(c)).toBe(sum);
    m.dispose();
  });
  it("refuses a width not divisible by the heads", () => {
    expect(() => countParameters({ ...tiny, nHead: 5 })).toThrow(/divisible/);
  });
});

describe("memory", () => {
  it("no tensor leaks over 100 forward passes (with and without taps)", async () => {
    const x = [ids(16, tiny.vocabSize)];
    const warm = model.forward(x, { taps: true });
    warm.logits.dispose();
    warm.taps.dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      const { logits, taps } = model.forward(x, i % 2 ? { taps: true, switches: { ablateHeads: [{ layer: 0, head: 1 }] } } : {});
      await logits.data();
      logits.dispose();
      await taps.read(); // reads and frees the tapped tensors
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
