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

  it("with --enable-unsafe-webgpu: WebGPU is SwiftShader (software), so the measured choice is wasm", async () => {
    await harness.page.evaluate(() => localStorage.clear());
    const { choice, backend } = await harness.page.evaluate(() => (globalThis as any).attendModel.choose());
    console.log(`choice: ${JSON.stringify(choice)}`);
    expect(backend).toBe("wasm");
    expect(choice).toMatchObject({ backend: "wasm", how: "measured", software: false });
    const webgpu = choice.probes.find((p: any) => p.backend === "webgpu");
    expect(webgpu).toMatchObject({ ok: true, software: true });
    expect(webgpu.renderer).toMatch(/swiftshader/i);
    expect(choice.probes.find((p: any) => p.backend === "wasm").ms).toBeGreaterThan(0);
  });
});

describe("backend by measurement, default Chromium flags", () => {
  let plain: Harness;
  beforeAll(async () => {
    plain = await startHarness(modelDir, { webgpu: false });
  });
  afterAll(async () => {
    await plain?.close();
  });

  it("detects WebGL's SwiftShader renderer, times wasm, picks wasm and remembers it", async () => {
    await plain.page.evaluate(() => localStorage.clear());
    const first = await plain.page.evaluate(() => (globalThis as any).attendModel.choose());
    console.log(`choice: ${JSON.stringify(first.choice)}`);
    expect(first.backend).toBe("wasm");
    expect(first.choice).toMatchObject({ backend: "wasm", how: "measured", software: false });
    const byName = Object.fromEntries(first.choice.probes.map((p: any) => [p.backend, p]));
    expect(byName.webgpu).toMatchObject({ ok: false, note: "no WebGPU adapter" });
    expect(byName.webgl).toMatchObject({ ok: true, software: true });
    expect(byName.webgl.renderer).toMatch(/swiftshader/i);
    expect(byName.wasm.ms).toBeGreaterThan(0);
    // the second page load reads the choice back instead of measuring
    await plain.page.reload();
    await plain.page.waitForFunction(() => "attendModel" in globalThis);
    const second = await plain.page.evaluate(() => (globalThis as any).attendModel.choose());
    expect(second.choice).toMatchObject({ backend: "wasm", how: "cached" });
    expect(second.choice.probes).toEqual(first.choice.probes);
  });
});
