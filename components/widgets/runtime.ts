// The model and its backend, loaded once per page on the first widget that opens (TF.js is in this chunk only).
import { backendLabel, chooseBackend, loadModel, pinBackend, type BackendChoice, type BackendName, type MiniGPT, type Vocab, type Manifest } from "@/lib/model";

export interface Runtime {
  model: MiniGPT;
  vocab: Vocab;
  manifest: Manifest;
  backend: BackendName;
  software: boolean;
  label: string; // badge text: "wasm", "webgl (software)"
  how: BackendChoice["how"];
  detail: string; // what was measured, for the badge's tooltip
  loadMs: number; // backend choice + weights download and upload
}

let loading: Promise<Runtime> | null = null;

const PINNABLE: BackendName[] = ["webgpu", "webgl", "wasm", "cpu"];

export function getRuntime(): Promise<Runtime> {
  loading ??= (async () => {
    const t0 = performance.now();
    // ?backend=wasm (or cpu, webgl, webgpu) pins a backend, e.g. to compare them or to test the fallback.
    const asked = new URLSearchParams(window.location.search).get("backend");
    const pinned = PINNABLE.find((b) => b === asked);
    const choice = pinned ? await pinBackend(pinned, "/tfjs/") : await chooseBackend({ wasmPath: "/tfjs/", storage: safeLocalStorage() });
    const { model, vocab, manifest } = await loadModel("/model/");
    return { model, vocab, manifest, backend: choice.backend, software: choice.software, label: backendLabel(choice), how: choice.how, detail: describe(choice), loadMs: performance.now() - t0 };
  })();
  loading.catch(() => (loading = null)); // a failed load can be retried by reopening
  return loading;
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked storage (some privacy settings): measure on every page
  }
}

/** "fastest measured (cached): wasm 3.1 ms; webgl SwiftShader…: software, not timed; webgpu: no WebGPU adapter" */
export function describe(c: BackendChoice): string {
  const head = c.how === "pinned" ? "pinned by ?backend=" : c.how === "cached" ? "fastest measured (remembered in this browser)" : "fastest measured";
  const probes = c.probes.map((p) => {
    const what = p.ms !== undefined ? `${p.ms} ms` : p.note ?? (p.ok ? "started" : "failed");
    return `${p.backend}${p.renderer ? ` [${p.renderer}]` : ""}${p.software ? " software" : ""}: ${what}`;
  });
  return `${head}: ${probes.join("; ")}`;
}
