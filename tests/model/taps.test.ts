// Taps and switches the widgets rely on.
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModel, headDim, type MiniGPT, type Switches } from "@/lib/model";
import { ids, maxAbsDiff, tiny, useWasm } from "./setup";

let model: MiniGPT;
const T = 8;
const x = [ids(T, tiny.vocabSize, 3)];
beforeAll(async () => {
  await useWasm();
  model = createModel(tiny, 9);
});
afterAll(() => model.dispose());

async function run(switches: Switches = {}, taps: string[] | true = true) {
  const { logits, taps: rec } = model.forward(x, { taps, switches });
  const t = await rec.read();
  const l = await logits.data();
  logits.dispose();
  return { t, logits: l };
}
const at = (d: { shape: number[]; data: ArrayLike<number> }, i: number, j: number) => d.data[i * d.shape[2] + j]; // batch 0, [i, j]

describe("taps", () => {
  it("scores before and after scaling differ by sqrt(head_dim); masking puts -inf above the diagonal", async () => {
    const { t } = await run();
    const raw = t["h1.attn.head2.scores.raw"], scaled = t["h1.attn.head2.scores.scaled"], masked = t["h1.attn.head2.scores.masked"];
    const D = headDim(tiny);
    for (let i = 0; i < T; i++)
      for (let j = 0; j < T; j++) {
        expect(at(scaled, i, j)).toBeCloseTo(at(raw, i, j) / Math.sqrt(D), 6);
        expect(at(masked, i, j)).toBe(j > i ? -Infinity : at(scaled, i, j));
      }
  });

  it("attention weights per head: rows sum to 1, zero on the future", async () => {
    const { t } = await run();
    for (let l = 0; l < tiny.nLayer; l++)
      for (let h = 0; h < tiny.nHead; h++) {
        const w = t[`h${l}.attn.head${h}.weights`];
        expect(w.shape).toEqual([1, T, T]);
        for (let i = 0; i < T; i++) {
          let sum = 0;
          for (let j = 0; j < T; j++) {
            sum += at(w, i, j);
            if (j > i) expect(at(w, i, j)).toBe(0);
          }
          expect(sum).toBeCloseTo(1, 5);
        }
      }
  });

  it("q, k, v are the head's projections of the LayerNorm output; scores = q·kᵀ", async () => {
    const { t } = await run();
    const q = tf.tensor3d(t["h0.attn.head1.q"].data as Float32Array, t["h0.attn.head1.q"].shape as [number, number, number]);
    const k = tf.tensor3d(t["h0.attn.head1.k"].data as Float32Array, t["h0.attn.head1.k"].shape as [number, number, number]);
    const raw = tf.tensor(t["h0.attn.head1.scores.raw"].data, t["h0.attn.head1.scores.raw"].shape);
    expect(await maxAbsDiff(tf.matMul(q, k, false, true), raw)).toBeLessThan(1e-5);
    tf.dispose([q, k, raw]);
  });

  it("residual stream and LayerNorm statistics per layer", async () => {
    const { t } = await run();
    for (let l = 0; l < tiny.nLayer; l++) {
      const resid = t[`h${l}.in`], mean = t[`h${l}.ln1.mean`], std = t[`h${l}.ln1.std`];
      const C = tiny.nEmbd;
      for (let i = 0; i < T; i++) {
        const row = Array.from(resid.data).slice(i * C, (i + 1) * C);
        const m = row.reduce((a, b) => a + b, 0) / C;
        const s = Math.sqrt(row.reduce((a, b) => a + (b - m) ** 2, 0) / C);
        expect(mean.data[i]).toBeCloseTo(m, 5);
        expect(std.data[i]).toBeCloseTo(s, 5);
      }
      // the block's output is the next block's input
      if (l > 0) expect(Array.from(t[`h${l}.in`].data)).toEqual(Array.from(t[`h${l - 1}.out`].data));
    }
  });

  it("prefix requests keep only those tensors but every shape", async () => {
    const { logits, taps } = model.forward(x, { taps: ["h1.attn.head0.weights"] });
    expect(Object.keys(taps.tensors)).toEqual(["h1.attn.head0.weights"]);
    expect(Object.keys(taps.shapes).length).toBeGreaterThan(50);
    taps.dispose();
    logits.dispose();
  });
});

describe("switches", () => {
  it("scaling off: scaled scores equal raw scores, and the output changes", async () => {
    const on = await run();
    const off = await run({ scaling: false });
    expect(Array.from(off.t["h0.attn.head0.scores.scaled"].data)).toEqual(Array.from(off.t["h0.attn.head0.scores.raw"].data));
    expect(maxDiff(on.logits, off.logits)).toBeGreaterThan(1e-6);
  });

  it("mask off: weights above the diagonal become positive", async () => {
    const { t } = await run({ causalMask: false });
    expect(at(t["h0.attn.head0.weights"], 0, T - 1)).toBeGreaterThan(0);
    expect(at(t["h0.attn.head0.scores.masked"], 0, T - 1)).toBe(at(t["h0.attn.head0.scores.scaled"], 0, T - 1));
  });

  it("positional embedding off: no embed.pos, and with the mask off the model cannot tell order", async () => {
    const { t } = await run({ positionalEmbedding: false });
    expect(t["embed.pos"]).toBeUndefined();
    expect(Array.from(t["embed.out"].data)).toEqual(Array.from(t["embed.tok"].data));
    // permutation equivariance: with neither positions nor mask, reversing the input reverses the logits
    const sw = { positionalEmbedding: false, causalMask: false };
    const a = model.forward(x, { switches: sw }).logits;
    const b = model.forward([[...x[0]].reverse()], { switches: sw }).logits;
    expect(await maxAbsDiff(tf.reverse(a, 1), b)).toBeLessThan(1e-5);
    const c = model.forward([[...x[0]].reverse()]).logits; // with positions it can
    expect(await maxAbsDiff(tf.reverse(a, 1), c)).toBeGreaterThan(1e-4);
    tf.dispose([a, b, c]);
  });

  it("ablating a head zeroes its slice of the concat and nothing else in that layer's heads", async () => {
    const on = await run();
    const off = await run({ ablateHeads: [{ layer: 1, head: 2 }] });
    const D = headDim(tiny), HD = tiny.nHead * D;
    const concat = off.t["h1.attn.concat"].data;
    for (let i = 0; i < T; i++)
      for (let c = 0; c < HD; c++) {
        const v = concat[i * HD + c];
        if (c >= 2 * D && c < 3 * D) expect(v).toBe(0);
        else expect(v).toBe(on.t["h1.attn.concat"].data[i * HD + c]);
      }
    expect(maxDiff(on.logits, off.logits)).toBeGreaterThan(1e-6);
  });

  it("bypassing the residual makes a block's output its FFN output", async () => {
    const { t } = await run({ bypassResidual: [0] });
    expect(Array.from(t["h0.out"].data)).toEqual(Array.from(t["h0.ffn.out"].data));
    expect(Array.from(t["h0.attended"].data)).toEqual(Array.from(t["h0.attn.out"].data));
    const normal = await run();
    expect(Array.from(normal.t["h1.out"].data)).not.toEqual(Array.from(normal.t["h1.ffn.out"].data));
  });

  it("bypassing LayerNorm feeds the raw residual stream to the sublayers", async () => {
    const on = await run({}, ["h0.in", "h0.attn.head0.q"]);
    const off = await run({ bypassLayerNorm: "all" }, ["h0.in", "h0.attn.head0.q"]);
    // q = LN(x)·Wq + b: identical Wq, different input, different q
    expect(maxDiff(on.t["h0.attn.head0.q"].data, off.t["h0.attn.head0.q"].data)).toBeGreaterThan(1e-5);
    // head 0's q is the first D columns of the fused C → 3·H·D projection
    const D = tiny.nEmbd / tiny.nHead;
    const Wq = model.params.get("h0.attn.qkv.w")!.slice([0, 0], [tiny.nEmbd, D]), bq = model.params.get("h0.attn.qkv.b")!.slice([0], [D]);
    const xin = tf.tensor(off.t["h0.in"].data, off.t["h0.in"].shape).reshape([T, tiny.nEmbd]);
    const q = tf.add(tf.matMul(xin, Wq), bq);
    expect(maxDiff(await q.data(), off.t["h0.attn.head0.q"].data)).toBeLessThan(1e-5);
    tf.dispose([xin, q, Wq, bq]);
  });
});

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
