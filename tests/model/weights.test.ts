// The shipped weights (public/model) load and reach the validation loss their manifest claims.
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { assignWeights, countParameters, createModel, encodeWeights, fromHalf, generate, toHalf } from "@/lib/model";
import { buildCorpus } from "@/lib/model/corpus";
import { corpusHash, loadModelFromDir, readCorpusFiles, saveModelToDir } from "@/lib/model/node";
import { evaluate } from "@/lib/model/train";
import type { Manifest } from "@/lib/model/weights";
import { tiny, useWasm } from "./setup";

const dir = path.resolve("public/model");
beforeAll(useWasm);

describe("float16", () => {
  it("round-trips within half precision, including subnormals and rounding to even", () => {
    for (const x of [0, 1, -2.5, 0.1, 1e-6, -3.14159, 65504, 6e-8]) {
      expect(Math.abs(fromHalf(toHalf(x)) - x)).toBeLessThanOrEqual(Math.max(Math.abs(x) * 2 ** -11, 2 ** -25));
    }
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(1 + 2 ** -11)).toBe(0x3c00); // tie → even
    expect(toHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(fromHalf(toHalf(1e6))).toBe(Infinity);
  });

  it("save then load gives the same forward pass (float32 exact, float16 close)", async () => {
    const m = createModel(tiny, 8);
    const x = [[1, 2, 3, 4, 5]];
    const ref = m.forward(x).logits;
    for (const dtype of ["float32", "float16"] as const) {
      const out = path.join("checkpoints", "test-weights", dtype);
      await saveModelToDir(out, m, { format: "attend-minigpt/1", config: m.config, vocab: ["\u0000", ...Array.from({ length: tiny.vocabSize - 1 }, (_, i) => String.fromCharCode(65 + i))], parameters: 0, corpus: { sha256: "", files: [], trainChars: 0, valChars: 0, valFraction: 0, unknownValChars: 0 }, training: { steps: 0, batchSize: 0, tokensSeen: 0, seconds: 0, backend: "", trainConfig: {} }, validation: { loss: 0, perplexity: 1, chars: 0 }, createdAt: "" }, dtype);
      const { model } = await loadModelFromDir(out);
      const l = model.forward(x).logits;
      const d = (await tf.max(tf.abs(tf.sub(l, ref))).data())[0];
      if (dtype === "float32") expect(d).toBe(0);
      else expect(d).toBeLessThan(1e-2);
      l.dispose();
      model.dispose();
    }
    ref.dispose();
    m.dispose();
  });
});

describe("weights written per head (before the fused Q/K/V projection)", () => {
  it("load into the fused layout and give the same logits", async () => {
    const m = createModel(tiny, 9);
    const { bytes, entries } = await encodeWeights(m, "float32");
    // Rewrite the file as the old layout did: one q, k, v Linear per head, split here column by column.
    const f32 = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const H = tiny.nHead, C = tiny.nEmbd, D = C / H;
    const legacy: { name: string; shape: number[]; data: Float32Array }[] = [];
    for (const e of entries) {
      const data = f32.subarray(e.offset / 4, e.offset / 4 + e.shape.reduce((a, b) => a * b, 1));
      const m2 = /^(h\d+\.attn)\.qkv\.(w|b)$/.exec(e.name);
      if (!m2) {
        legacy.push({ name: e.name, shape: e.shape, data });
        continue;
      }
      const rows = m2[2] === "w" ? C : 1;
      ["q", "k", "v"].forEach((part, i) => {
        for (let h = 0; h < H; h++) {
          const out = new Float32Array(rows * D);
          for (let r = 0; r < rows; r++) for (let c = 0; c < D; c++) out[r * D + c] = data[r * 3 * C + i * C + h * D + c];
          legacy.push({ name: `${m2[1]}.head${h}.${part}.${m2[2]}`, shape: m2[2] === "w" ? [C, D] : [D], data: out });
        }
      });
    }
    let offset = 0;
    const legacyEntries = legacy.map((l) => ({ name: l.name, shape: l.shape, offset: (offset += l.data.length * 4) - l.data.length * 4 }));
    const legacyBytes = new Uint8Array(offset);
    legacy.forEach((l, i) => legacyBytes.set(new Uint8Array(l.data.buffer.slice(l.data.byteOffset, l.data.byteOffset + l.data.byteLength)), legacyEntries[i].offset));
    expect(legacyEntries.some((e) => e.name === "h1.attn.head3.v.b")).toBe(true);
    const loaded = createModel(tiny, 100); // different init, so only a correct mapping matches
    assignWeights(loaded, legacyBytes, legacyEntries, "float32");
    const x = [[3, 1, 4, 1, 5, 9, 2, 6]];
    const a = m.forward(x).logits;
    const b = loaded.forward(x).logits;
    expect((await tf.max(tf.abs(tf.sub(a, b))).data())[0]).toBe(0);
    // a file missing one head's key is refused by name
    const broken = legacyEntries.filter((e) => e.name !== "h0.attn.head1.k.w");
    expect(() => assignWeights(createModel(tiny, 1), legacyBytes, broken, "float32")).toThrow(/lacks variable h0\.attn\.qkv\.w/);
    tf.dispose([a, b]);
    m.dispose();
    loaded.dispose();
  });
});

describe("shipped weights", () => {
  it("are under 3 MB with a complete manifest", async () => {
    const manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as Manifest;
    const size = (await stat(path.join(dir, manifest.weightsFile))).size;
    expect(size).toBeLessThan(3 * 1024 * 1024);
    expect(size).toBe(countParameters(manifest.config) * (manifest.dtype === "float16" ? 2 : 4));
    expect(manifest.parameters).toBe(countParameters(manifest.config));
    expect(manifest.vocab).toHaveLength(manifest.config.vocabSize);
    expect(manifest.corpus.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.training.steps).toBeGreaterThan(0);
    expect(manifest.validation.loss).toBeLessThanOrEqual(2.0);
  });

  it("load and reach the manifest's validation loss on the shipped validation text", async () => {
    const { model, vocab, manifest } = await loadModelFromDir(dir);
    const text = await readFile(path.join(dir, "validation.txt"), "utf8");
    const val = Int32Array.from(vocab.encode(text).ids);
    expect(val.length).toBe(manifest.corpus.valChars);
    const r = await evaluate(model, val);
    expect(r.chars).toBe(manifest.validation.chars);
    expect(Math.abs(r.loss - manifest.validation.loss)).toBeLessThan(1e-3);
    expect(r.loss).toBeLessThan(2.0);
    // that text is the validation split of the corpus the manifest hashes (checked while content/ is unchanged)
    const files = await readCorpusFiles("content");
    if (corpusHash(files) === manifest.corpus.sha256) expect(buildCorpus(files, manifest.corpus.valFraction).val).toBe(text);
    // and it writes something that looks like the corpus
    const { ids } = vocab.encode("Q: What is attention?\nA:");
    const g = await generate(model, ids, { maxNewTokens: 60, greedy: true });
    const sample = vocab.decode(g.ids);
    expect(sample.split(/\s+/).filter((w) => /^[a-z]{3,}$/.test(w)).length).toBeGreaterThan(3);
    model.dispose();
  }, 120_000);
});
