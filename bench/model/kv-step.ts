// node --import tsx bench/model/kv-step.ts [--length 128]
// Issue 16's speed target: a cached decode step against an unpadded recompute of the whole context at 128
// characters, on wasm in Node and in headless Chromium (the backend the app picks on a machine without a GPU).
import path from "node:path";
import { parseArgs } from "node:util";
import { startHarness } from "./harness";
import { decodeVsRecompute } from "./workload";
import { initNodeBackend, loadModelFromDir } from "../../lib/model/node";

const { values: args } = parseArgs({ options: { length: { type: "string", default: "128" }, dir: { type: "string", default: "public/model" } } });
const length = Number(args.length);
await initNodeBackend("wasm");
const { model } = await loadModelFromDir(args.dir!);
const node = await decodeVsRecompute(model, length);
model.dispose();
const harness = await startHarness(path.resolve(args.dir!), { webgpu: false });
try {
  const browser = await harness.page.evaluate(([n]) => (globalThis as any).attendModel.decodeVsRecompute("wasm", n), [length] as const);
  for (const [where, r] of [["Node 20 wasm", node], ["Chromium wasm", browser]] as const) {
    console.log(`${where}: decode step ${r.decodeMs.toFixed(2)} ms, unpadded recompute of ${r.length} chars ${r.recomputeMs.toFixed(2)} ms: ${r.ratio.toFixed(1)}× (target ≥ 4×)`);
  }
} finally {
  await harness.close();
}
