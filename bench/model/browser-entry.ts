// Bundled by esbuild (bench/model/harness.ts) and loaded in headless Chromium: exposes the model to the
// page so the e2e test and the benchmark drive it through page.evaluate.
import * as tf from "@tensorflow/tfjs";
import { initBrowserBackend, type BackendName } from "../../lib/model/backends";
import { loadModel } from "../../lib/model/weights";
import { runBenchmark } from "./workload";

async function setup(backend: BackendName | "chain") {
  const choice = await initBrowserBackend(backend === "chain" ? undefined : [backend], "/tfjs/");
  const loaded = await loadModel("/model/");
  return { choice, ...loaded };
}

const api = {
  /** Logits for ids on one backend (or the default chain), plus which backend ran. */
  async logits(backend: BackendName | "chain", ids: number[][]) {
    const { choice, model } = await setup(backend);
    const { logits } = model.forward(ids);
    const data = Array.from(await logits.data());
    logits.dispose();
    model.dispose();
    return { backend: tf.getBackend(), choice, shape: [ids.length, ids[0].length, model.config.vocabSize], data };
  },
  async bench(backend: BackendName, opts: { forwardRuns?: number; newChars?: number }) {
    const { model, vocab } = await setup(backend);
    const figures = await runBenchmark(model, vocab, opts);
    model.dispose();
    return figures;
  },
};

(globalThis as unknown as { attendModel: typeof api }).attendModel = api;
