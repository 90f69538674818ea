// Browser backends, chosen by measurement: at first use each available backend is probed (is the GPU a
// software renderer?) and timed on a small matrix product; the fastest wins and the choice is cached per
// browser. Why: headless and GPU-less Chromium offer WebGL and WebGPU on SwiftShader, a CPU emulating a
// GPU; a fixed chain webgpu → webgl → wasm picked it, and first results took 0.7–15 s instead of 0.6–1.2 s
// on wasm (KV cache at 64 characters: 29 s on webgl, 124 s on software WebGPU, 1.25 s on wasm).
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-webgpu"; // registers "webgpu"; webgl and cpu come with @tensorflow/tfjs
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm"; // registers "wasm"

export type BackendName = "webgpu" | "webgl" | "wasm" | "cpu";
export const BACKEND_CHAIN: BackendName[] = ["webgpu", "webgl", "wasm", "cpu"];

/** What one backend did when probed. `ms`: median time of the probe product (warm), when it was timed. */
export interface BackendProbe {
  backend: BackendName;
  ok: boolean; // it initialised (or, for a software GPU that was not timed, it is available)
  renderer?: string; // webgpu adapter "vendor architecture description", webgl UNMASKED_RENDERER_WEBGL
  software?: boolean;
  ms?: number;
  note?: string; // why it was not timed, or the error
}

export interface BackendChoice {
  backend: BackendName;
  how: "measured" | "cached" | "pinned";
  software: boolean; // the chosen backend runs on a software renderer
  renderer?: string;
  probes: BackendProbe[]; // every backend looked at, in order (from the cache when how = "cached")
}

// TF.js picks a matmul shader by output size; on SwiftShader the "reduce" and "small output" variants
// (workgroup barriers) run 10–20× slower than the packed one, and decode-sized products hit them.
// Measured in headless Chromium 156: 20 products [1,128]·[128,128] took 968 ms (auto) vs 59 ms (packed).
const MATMUL_PACKED = 3; // MatMulProgramType.MatMulPackedProgram in tfjs-backend-webgpu 4.22

/** Renderer strings of CPU-emulated GPUs: SwiftShader (Chromium), llvmpipe/softpipe (Mesa), Microsoft's WARP. */
export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render driver|warp/i;

export const BACKEND_STORAGE_KEY = "attend.backend.v1";

interface Cached {
  userAgent: string;
  backend: BackendName;
  probes: BackendProbe[];
}

/** What the GPU backends would run on, without starting TF.js on them. */
export async function probeRenderer(backend: BackendName): Promise<{ available: boolean; renderer?: string; software?: boolean }> {
  if (backend === "webgpu") {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GPUAdapterLike | null> } }).gpu;
    if (!gpu) return { available: false };
    const adapter = await gpu.requestAdapter().catch(() => null);
    if (!adapter) return { available: false };
    const info = adapter.info ?? {};
    const renderer = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(" ");
    return { available: true, renderer, software: Boolean(adapter.isFallbackAdapter) || SOFTWARE_RENDERER.test(renderer) };
  }
  if (backend === "webgl") {
    const canvas = document.createElement("canvas");
    const gl = (canvas.getContext("webgl2") ?? canvas.getContext("webgl")) as WebGLRenderingContext | null;
    if (!gl) return { available: false };
    const ext = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? "");
    gl.getExtension("WEBGL_lose_context")?.loseContext(); // give the context back: browsers cap how many live at once
    return { available: true, renderer, software: SOFTWARE_RENDERER.test(renderer) };
  }
  return { available: true, software: false }; // wasm and cpu run on the CPU by design
}

interface GPUAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}

/**
 * The probe: 8 chained products [64,128]·[128,128] read back, the size of one layer's projections for a
 * 64-character window. One untimed run first (shader compilation, wasm start-up), then the median of 3.
 */
export async function timeMatmul(): Promise<number> {
  const x = tf.randomNormal([64, 128], 0, 0.1, "float32", 1);
  const w = tf.randomNormal([128, 128], 0, 0.1, "float32", 2);
  const once = async () => {
    const t0 = performance.now();
    const y = tf.tidy(() => {
      let h: tf.Tensor = x;
      for (let i = 0; i < 8; i++) h = tf.matMul(h, w);
      return h;
    });
    await y.data();
    y.dispose();
    return performance.now() - t0;
  };
  await once();
  const times = [await once(), await once(), await once()].sort((a, b) => a - b);
  tf.dispose([x, w]);
  return times[1];
}

async function start(backend: BackendName): Promise<boolean> {
  try {
    // setBackend resolves false (and logs) when the backend cannot start, e.g. no WebGPU adapter.
    if (!(await tf.setBackend(backend))) return false;
    await tf.ready();
    return true;
  } catch {
    return false;
  }
}

function configure(backend: BackendName, software: boolean): void {
  if (backend === "webgpu") tf.env().set("WEBGPU_MATMUL_PROGRAM_TYPE", software ? MATMUL_PACKED : -1);
}

/** `?backend=` in the app: exactly this backend, with its renderer reported. Throws if it cannot start. */
export async function pinBackend(backend: BackendName, wasmPath = "/tfjs/"): Promise<BackendChoice> {
  setWasmPaths(wasmPath.endsWith("/") ? wasmPath : `${wasmPath}/`);
  const r = await probeRenderer(backend);
  if (!r.available || !(await start(backend))) throw new Error(`TF.js backend ${backend} could not start in this browser`);
  configure(backend, Boolean(r.software));
  const probe: BackendProbe = { backend, ok: true, renderer: r.renderer, software: Boolean(r.software) };
  return { backend, how: "pinned", software: Boolean(r.software), renderer: r.renderer, probes: [probe] };
}

/**
 * Picks the backend by measurement (see the top of the file). A GPU backend on a software renderer is not
 * timed when wasm can start: it emulates a GPU on the same CPU that wasm uses directly, and its first
 * shader compilation alone costs more than the whole probe (seconds on SwiftShader). The choice and the
 * probes are cached in `storage` (localStorage) for this user agent; a cached backend that no longer
 * starts is measured again.
 */
export async function chooseBackend(opts: { wasmPath?: string; storage?: Pick<Storage, "getItem" | "setItem"> | null; candidates?: BackendName[] } = {}): Promise<BackendChoice> {
  const wasmPath = opts.wasmPath ?? "/tfjs/";
  setWasmPaths(wasmPath.endsWith("/") ? wasmPath : `${wasmPath}/`);
  const storage = opts.storage ?? null;
  const userAgent = typeof navigator === "undefined" ? "" : navigator.userAgent;
  const cached = readCache(storage, userAgent);
  if (cached && (await start(cached.backend))) {
    const mine = cached.probes.find((p) => p.backend === cached.backend);
    configure(cached.backend, Boolean(mine?.software));
    return { backend: cached.backend, how: "cached", software: Boolean(mine?.software), renderer: mine?.renderer, probes: cached.probes };
  }

  const candidates = opts.candidates ?? BACKEND_CHAIN.filter((b) => b !== "cpu"); // cpu only when nothing else starts
  const probes: BackendProbe[] = [];
  const renderers = new Map<BackendName, Awaited<ReturnType<typeof probeRenderer>>>();
  for (const b of candidates) renderers.set(b, await probeRenderer(b));
  const wasmAvailable = candidates.includes("wasm");
  for (const backend of candidates) {
    const r = renderers.get(backend)!;
    const base = { backend, renderer: r.renderer, software: Boolean(r.software) };
    if (!r.available) {
      probes.push({ ...base, ok: false, note: backend === "webgpu" ? "no WebGPU adapter" : "no context" });
      continue;
    }
    if (r.software && wasmAvailable) {
      probes.push({ ...base, ok: true, note: "software renderer: not timed, wasm runs on the same CPU without emulation" });
      continue;
    }
    if (!(await start(backend))) {
      probes.push({ ...base, ok: false, note: "did not start" });
      continue;
    }
    configure(backend, base.software);
    try {
      probes.push({ ...base, ok: true, ms: Math.round((await timeMatmul()) * 100) / 100 });
    } catch (e) {
      probes.push({ ...base, ok: false, note: e instanceof Error ? e.message : String(e) });
    }
  }
  const timed = probes.filter((p) => p.ok && p.ms !== undefined).sort((a, b) => a.ms! - b.ms!);
  // Nothing timed (wasm failed and only software GPUs remain): a software GPU, then cpu.
  const fallback = [...probes.filter((p) => p.ok && p.software), { backend: "cpu" as const, ok: true, software: false }];
  for (const pick of [...timed, ...fallback]) {
    if (!(await start(pick.backend))) continue;
    configure(pick.backend, Boolean(pick.software));
    if (!probes.includes(pick as BackendProbe)) probes.push(pick as BackendProbe);
    writeCache(storage, { userAgent, backend: pick.backend, probes });
    return { backend: pick.backend, how: "measured", software: Boolean(pick.software), renderer: pick.renderer, probes };
  }
  throw new Error(`no TF.js backend could start: ${probes.map((p) => `${p.backend}: ${p.note ?? "failed"}`).join("; ")}`);
}

function readCache(storage: Pick<Storage, "getItem"> | null, userAgent: string): Cached | null {
  try {
    const raw = storage?.getItem(BACKEND_STORAGE_KEY);
    if (!raw) return null;
    const c = JSON.parse(raw) as Cached;
    // A browser update can change what the GPU backends run on: measure again.
    return c.userAgent === userAgent && BACKEND_CHAIN.includes(c.backend) && Array.isArray(c.probes) ? c : null;
  } catch {
    return null; // unreadable (private mode, a hand-edited value): measure again
  }
}

function writeCache(storage: Pick<Storage, "setItem"> | null, c: Cached): void {
  try {
    storage?.setItem(BACKEND_STORAGE_KEY, JSON.stringify(c));
  } catch {
    // quota or private mode: the next page measures again, nothing is lost
  }
}

/** One-line badge text: "wasm", "webgl (software)". */
export function backendLabel(c: Pick<BackendChoice, "backend" | "software">): string {
  return c.software ? `${c.backend} (software)` : c.backend;
}

export function currentBackend(): BackendName {
  return tf.getBackend() as BackendName;
}
