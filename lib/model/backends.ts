// Browser backends: an explicit chain webgpu → webgl → wasm → cpu. The first that initialises wins,
// and the caller is told which one ran (widgets show it next to their timings).
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-webgpu"; // registers "webgpu"; webgl and cpu come with @tensorflow/tfjs
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm"; // registers "wasm"

export type BackendName = "webgpu" | "webgl" | "wasm" | "cpu";
export const BACKEND_CHAIN: BackendName[] = ["webgpu", "webgl", "wasm", "cpu"];

export interface BackendChoice {
  backend: BackendName;
  tried: { backend: BackendName; ok: boolean; error?: string }[];
  adapter?: string; // webgpu: "vendor architecture" of the adapter
  software?: boolean; // webgpu on SwiftShader (a CPU emulating a GPU): correct but slow
}

// TF.js picks a matmul shader by output size; on SwiftShader the "reduce" and "small output" variants
// (workgroup barriers) run 10–20× slower than the packed one, and decode-sized products hit them.
// Measured in headless Chromium 156: 20 products [1,128]·[128,128] took 968 ms (auto) vs 59 ms (packed).
const MATMUL_PACKED = 3; // MatMulProgramType.MatMulPackedProgram in tfjs-backend-webgpu 4.22

/**
 * Tries each backend in order. `wasmPath` is the URL folder holding the .wasm files
 * (copied to public/tfjs/, so "/tfjs/" in the app).
 */
export async function initBrowserBackend(chain: BackendName[] = BACKEND_CHAIN, wasmPath = "/tfjs/"): Promise<BackendChoice> {
  setWasmPaths(wasmPath.endsWith("/") ? wasmPath : `${wasmPath}/`);
  const tried: BackendChoice["tried"] = [];
  for (const backend of chain) {
    try {
      // setBackend resolves false (and logs) when the backend cannot start, e.g. no WebGPU adapter.
      if (await tf.setBackend(backend)) {
        await tf.ready();
        tried.push({ backend, ok: true });
        if (backend !== "webgpu") return { backend, tried };
        const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string } }).adapterInfo;
        const adapter = `${info?.vendor ?? ""} ${info?.architecture ?? ""}`.trim();
        const software = /swiftshader/i.test(adapter);
        tf.env().set("WEBGPU_MATMUL_PROGRAM_TYPE", software ? MATMUL_PACKED : -1);
        return { backend, tried, adapter, software };
      }
      tried.push({ backend, ok: false, error: "setBackend returned false" });
    } catch (e) {
      tried.push({ backend, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }
  throw new Error(`no TF.js backend could start: ${tried.map((t) => `${t.backend}: ${t.error}`).join("; ")}`);
}

export function currentBackend(): BackendName {
  return tf.getBackend() as BackendName;
}
