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
}

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
        return { backend, tried };
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
