// The same forward pass in headless Chromium on webgpu, webgl and wasm matches Node's (wasm) logits.
// Every backend must start: a missing WebGPU adapter fails the test instead of skipping it.
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModelFromDir, initNodeBackend } from "@/lib/model/node";
import { startHarness, type Harness } from "@/bench/model/harness";

const modelDir = process.env.MODEL_DIR ?? path.resolve("public/model");
const TEXT = "Q: What does the causal mask do?\nA: It hides future positions.";
let harness: Harness;
let reference: { ids: number[][]; data: Float32Array; shape: number[] };

beforeAll(async () => {
  await initNodeBackend("wasm");
  const { model, vocab } = await loadModelFromDir(modelDir);
  const ids = [vocab.encode(TEXT).ids, vocab.encode(TEXT.toUpperCase()).ids]; // batch of 2
  const { logits } = model.forward(ids);
  reference = { ids, data: (await logits.data()) as Float32Array, shape: logits.shape };
  logits.dispose();
  model.dispose();
  harness = await startHarness(modelDir);
});
afterAll(async () => {
  await harness?.close();
  tf.disposeVariables();
});

async function browserLogits(backend: string) {
   
  return harness.page.evaluate(([b, ids]) => (globalThis as any).attendModel.logits(b, ids), [backend, reference.ids] as const);
}

describe("browser backends match Node", () => {
  it.each(["webgpu", "webgl", "wasm"])("%s: logits within 1e-4 of Node wasm", async (backend) => {
    let r;
    try {
      r = await browserLogits(backend);
    } catch (e) {
      throw new Error(`${backend} failed in Chromium: ${(e as Error).message}\nconsole:\n${harness.consoleLines.join("\n")}`);
    }
    expect(r.backend).toBe(backend);
    expect(r.shape).toEqual(reference.shape);
    let max = 0;
    for (let i = 0; i < r.data.length; i++) max = Math.max(max, Math.abs(r.data[i] - reference.data[i]));
    console.log(`${backend}: max |Δlogit| = ${max.toExponential(2)}`);
    expect(max).toBeLessThan(1e-4);
  });

  it.each(["webgpu", "webgl", "wasm"])("%s: KV-cache decode logits equal full recomputation", async (backend) => {
    const ids = reference.ids[0];
    const r = await harness.page.evaluate(([b, p, n]) => (globalThis as any).attendModel.kvCacheDiff(b, p, n), [backend, ids.slice(0, 20), ids.slice(20, 28)] as const);
    expect(r.backend).toBe(backend);
    console.log(`${backend}: KV cache max |Δlogit| = ${r.max.toExponential(2)}`);
    expect(r.max).toBeLessThan(1e-4);
  });

  it("the default chain picks webgpu first and reports what it tried", async () => {
    const r = await browserLogits("chain");
    expect(r.backend).toBe("webgpu");
    expect(r.choice.backend).toBe("webgpu");
    expect(r.choice.tried).toEqual([{ backend: "webgpu", ok: true }]);
    expect(r.choice.adapter).toMatch(/\w/); // e.g. "google swiftshader" here
    console.log(`webgpu adapter: ${r.choice.adapter} (software: ${r.choice.software})`);
  });
});
