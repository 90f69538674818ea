// node --import tsx bench/model/webgpu-matmul.ts
// Why lib/model/backends.ts forces the packed matmul shader on SwiftShader WebGPU: times 20 chained
// products per TF.js matmul program type in headless Chromium (-1 = TF.js's automatic choice).
import { startHarness } from "./harness";

const h = await startHarness();
try {
  for (const type of [-1, 0, 2, 3]) {
     
    const r = await h.page.evaluate(([t]) => (globalThis as any).attendModel.opCost("webgpu", t), [type] as const);
    console.log(`program type ${String(type).padStart(2)}: 20× [64,128]·[128,128] ${r.mm20} ms, 20× [1,128]·[128,128] ${r.mm20row} ms, 100 adds ${r.hundred} ms`);
  }
} finally {
  await h.close();
}
