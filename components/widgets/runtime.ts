// The model and its backend, loaded once per page on the first widget that opens (TF.js is in this chunk only).
import { initBrowserBackend, loadModel, type BackendName, type MiniGPT, type Vocab, type Manifest } from "@/lib/model";

export interface Runtime {
  model: MiniGPT;
  vocab: Vocab;
  manifest: Manifest;
  backend: BackendName;
  software?: boolean;
  loadMs: number; // backend start + weights download and upload
}

let loading: Promise<Runtime> | null = null;

export function getRuntime(): Promise<Runtime> {
  loading ??= (async () => {
    const t0 = performance.now();
    // ?backend=wasm (or cpu, webgl) pins a backend, e.g. to compare them or to test the fallback.
    const pinned = new URLSearchParams(window.location.search).get("backend") as BackendName | null;
    const choice = await initBrowserBackend(pinned ? [pinned] : undefined, "/tfjs/");
    const { model, vocab, manifest } = await loadModel("/model/");
    return { model, vocab, manifest, backend: choice.backend, software: choice.software, loadMs: performance.now() - t0 };
  })();
  loading.catch(() => (loading = null)); // a failed load can be retried by reopening
  return loading;
}
