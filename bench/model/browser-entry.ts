// Bundled by esbuild (bench/model/harness.ts) and loaded in headless Chromium: exposes the model to the
// page so the e2e test and the benchmark drive it through page.evaluate.
import * as tf from "@tensorflow/tfjs";
import { chooseBackend, pinBackend, type BackendName } from "../../lib/model/backends";
import { nextLogits } from "../../lib/model/generate";
import { decode, prefill } from "../../lib/model/kvcache";
import { loadModel } from "../../lib/model/weights";
import { runBenchmark, decodeVsRecompute } from "./workload";

async function setup(backend: BackendName | "chain") {
  // "chain": the app's choice by measurement (fresh, nothing cached); otherwise exactly that backend
  const choice = backend === "chain" ? await chooseBackend({ wasmPath: "/tfjs/" }) : await pinBackend(backend, "/tfjs/");
  const loaded = await loadModel("/model/");
  return { choice, ...loaded };
}

const api = {
  /** The app's choice by measurement, cached in this page's localStorage (as the widgets do). */
  async choose() {
    const choice = await chooseBackend({ wasmPath: "/tfjs/", storage: localStorage });
    return { choice, backend: tf.getBackend() };
  },

  /** Logits for ids on one backend (or the default chain), plus which backend ran. */
  async logits(backend: BackendName | "chain", ids: number[][]) {
    const { choice, model } = await setup(backend);
    const { logits } = model.forward(ids);
    const data = Array.from(await logits.data());
    logits.dispose();
    model.dispose();
    return { backend: tf.getBackend(), choice, shape: [ids.length, ids[0].length, model.config.vocabSize], data };
  },
  /** Max |decode logits − full recomputation| over `steps` decode steps after prefilling `prompt`. */
  async kvCacheDiff(backend: BackendName, prompt: number[], next: number[]) {
    const { model } = await setup(backend);
    const p = prefill(model, [prompt]);
    p.logits.dispose();
    let max = 0;
    const context = [...prompt];
    for (const id of next) {
      context.push(id);
      const d = decode(p.cache, [id]);
      const cached = await d.logits.data();
      d.logits.dispose();
      const full = await nextLogits(model, context);
      for (let i = 0; i < full.length; i++) max = Math.max(max, Math.abs(cached[i] - full[i]));
    }
    p.cache.dispose();
    model.dispose();
    return { backend: tf.getBackend(), max, numTensors: tf.memory().numTensors };
  },
  /** Diagnostics: ms per forward pass for each sequence length, after one warm-up each. */
  async timeForward(backend: BackendName, lengths: number[], repeats = 3) {
    const { model } = await setup(backend);
    const out: Record<number, number[]> = {};
    for (const T of lengths) {
      const ids = [Array.from({ length: T }, (_, i) => (i * 7) % model.config.vocabSize)];
      out[T] = [];
      for (let r = 0; r <= repeats; r++) {
        const t0 = performance.now();
        const { logits } = model.forward(ids);
        await logits.data();
        logits.dispose();
        if (r > 0) out[T].push(Math.round(performance.now() - t0));
      }
    }
    model.dispose();
    return out;
  },
  /** Diagnostics: readback latency and per-op cost on a backend. */
  async opCost(backend: BackendName, matmulType = -1) {
    await pinBackend(backend, "/tfjs/");
    if (backend === "webgpu") tf.env().set("WEBGPU_MATMUL_PROGRAM_TYPE", matmulType);
    const x = tf.ones([64, 128]);
    const time = async (f: () => tf.Tensor) => {
      const w = f();
      await w.data();
      w.dispose();
      const t0 = performance.now();
      const y = f();
      await y.data();
      y.dispose();
      return Math.round(performance.now() - t0);
    };
    const one = await time(() => tf.add(x, 1));
    const hundred = await time(() => tf.tidy(() => { let y = x; for (let i = 0; i < 100; i++) y = tf.add(y, 1); return y; }));
    const mm = await time(() => tf.tidy(() => { let y = x; const w = tf.ones([128, 128]); for (let i = 0; i < 20; i++) y = tf.matMul(y, w); return y; }));
    const v = tf.ones([1, 128]);
    const mmv = await time(() => tf.tidy(() => { let y = v; const w = tf.ones([128, 128]); for (let i = 0; i < 20; i++) y = tf.matMul(y, w); return y; }));
    x.dispose();
    v.dispose();
    return { one, hundred, mm20: mm, mm20row: mmv };
  },
  /** Median ms of a cached decode step vs an unpadded recompute, at `length` characters. */
  async decodeVsRecompute(backend: BackendName, length: number) {
    const { model } = await setup(backend);
    const r = await decodeVsRecompute(model, length);
    model.dispose();
    return { backend: tf.getBackend(), ...r };
  },
  async bench(backend: BackendName, opts: { forwardRuns?: number; newChars?: number }) {
    const { model, vocab } = await setup(backend);
    const figures = await runBenchmark(model, vocab, opts);
    model.dispose();
    return figures;
  },
};

(globalThis as unknown as { attendModel: typeof api }).attendModel = api;
