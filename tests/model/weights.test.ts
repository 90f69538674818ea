// The shipped weights (public/model) load and reach the validation loss their manifest claims.
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { countParameters, createModel, fromHalf, generate, toHalf } from "@/lib/model";
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
