// Weights file + manifest: one binary of all variables (float16 or float32, little-endian) and a JSON
// manifest describing config, vocabulary, corpus, training and where each variable sits in the binary.
import * as tf from "@tensorflow/tfjs";
import { MiniGPT, type ModelConfig } from "./minigpt";
import { Vocab } from "./vocab";

export const MANIFEST_FORMAT = "attend-minigpt/1";

export interface WeightEntry {
  name: string;
  shape: number[];
  offset: number; // bytes into the weights file
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  config: ModelConfig;
  vocab: string[]; // vocab[0] is the unknown token
  dtype: "float16" | "float32"; // of the weights file; values are float32 once loaded
  weightsFile: string; // relative to the manifest
  weights: WeightEntry[];
  parameters: number;
  corpus: { sha256: string; files: string[]; trainChars: number; valChars: number; valFraction: number; unknownValChars: number; split?: string; nearDuplicateShare?: number };
  training: {
    steps: number; batchSize: number; tokensSeen: number; seconds: number; backend: string; trainConfig: unknown;
    warmStart?: { from: string; steps: number; tokensSeen: number; seconds: number; validationLoss: number }; // training of the weights this run started from (totals)
  };
  validation: { loss: number; perplexity: number; chars: number }; // measured on the shipped (rounded) weights
  createdAt: string;
}

// IEEE 754 half precision, round to nearest even. Enough for these weights (|w| < 10, rel. error ~5e-4).
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // inf / NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow → inf
  if (e <= 0) {
    if (e < -10) return sign; // underflow → ±0
    mant |= 0x800000; // subnormal half
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++; // may carry into the exponent: still correct
  return sign | half;
}

export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Serialises every variable in the model's order. */
export async function encodeWeights(model: MiniGPT, dtype: Manifest["dtype"]): Promise<{ bytes: Uint8Array; entries: WeightEntry[] }> {
  const entries: WeightEntry[] = [];
  const parts: Float32Array[] = [];
  let elements = 0;
  for (const [name, v] of model.params) {
    const data = (await v.data()) as Float32Array;
    entries.push({ name, shape: v.shape.slice(), offset: elements * (dtype === "float16" ? 2 : 4) });
    parts.push(data);
    elements += data.length;
  }
  const bytes = new Uint8Array(elements * (dtype === "float16" ? 2 : 4));
  const view = new DataView(bytes.buffer);
  let i = 0;
  for (const data of parts) {
    for (const x of data) {
      if (dtype === "float16") view.setUint16(2 * i++, toHalf(x), true);
      else view.setFloat32(4 * i++, x, true);
    }
  }
  return { bytes, entries };
}

/**
 * Replaces the model's variable values with those in the weights file. Files written before the fused
 * attention projection hold one q, k, v Linear per head (h{l}.attn.head{h}.{q,k,v}.{w,b}); they are placed
 * into h{l}.attn.qkv.{w,b} column by column (q heads, then k heads, then v heads), so both layouts load.
 */
export function assignWeights(model: MiniGPT, bytes: Uint8Array, entries: WeightEntry[], dtype: Manifest["dtype"]): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const e of entries) {
    const n = e.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = dtype === "float16" ? fromHalf(view.getUint16(e.offset + 2 * i, true)) : view.getFloat32(e.offset + 4 * i, true);
    values.set(e.name, { shape: e.shape, data });
  }
  const used = new Set<string>();
  for (const [name, v] of model.params) {
    const found = values.get(name) ?? fusedFromHeads(name, values, model, used);
    if (!found) throw new Error(`weights file lacks variable ${name}`);
    if (found.shape.join() !== v.shape.join()) throw new Error(`${name}: shape ${found.shape} in file, ${v.shape} in model`);
    const t = tf.tensor(found.data, found.shape);
    v.assign(t);
    t.dispose();
    used.add(name);
  }
  for (const e of entries) if (!used.has(e.name)) throw new Error(`weights file has unknown variable ${e.name}`);
}

/** h{l}.attn.qkv.w [C, 3·H·D] (or .b [3·H·D]) assembled from the per-head q, k, v entries of an older file. */
function fusedFromHeads(name: string, values: Map<string, { shape: number[]; data: Float32Array }>, model: MiniGPT, used: Set<string>): { shape: number[]; data: Float32Array } | null {
  const m = /^(h\d+\.attn)\.qkv\.(w|b)$/.exec(name);
  if (!m) return null;
  const [, layer, wb] = m;
  const { nHead: H, nEmbd: C } = model.config;
  const D = C / H;
  const cols = 3 * H * D;
  const rows = wb === "w" ? C : 1;
  const data = new Float32Array(rows * cols);
  for (const [i, part] of ["q", "k", "v"].entries()) {
    for (let h = 0; h < H; h++) {
      const key = `${layer}.head${h}.${part}.${wb}`;
      const src = values.get(key);
      if (!src) return null;
      if (src.data.length !== rows * D) throw new Error(`${key}: ${src.data.length} values, expected ${rows * D}`);
      const col0 = i * H * D + h * D;
      for (let r = 0; r < rows; r++) data.set(src.data.subarray(r * D, (r + 1) * D), r * cols + col0);
      used.add(key);
    }
  }
  return { shape: wb === "w" ? [C, cols] : [cols], data };
}

/** Builds a model from a manifest and its weights bytes. */
export function modelFromManifest(manifest: Manifest, bytes: Uint8Array): { model: MiniGPT; vocab: Vocab; manifest: Manifest } {
  if (manifest.format !== MANIFEST_FORMAT) throw new Error(`unknown manifest format ${manifest.format}`);
  const model = new MiniGPT(manifest.config);
  assignWeights(model, bytes, manifest.weights, manifest.dtype);
  return { model, vocab: new Vocab(manifest.vocab), manifest };
}

/** Browser (or any fetch): loads `<base>/manifest.json` and its weights file. */
export async function loadModel(baseUrl = "/model/"): Promise<{ model: MiniGPT; vocab: Vocab; manifest: Manifest }> {
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  const res = await fetch(`${base}manifest.json`);
  if (!res.ok) throw new Error(`manifest: HTTP ${res.status} for ${base}manifest.json`);
  const manifest = (await res.json()) as Manifest;
  const wres = await fetch(`${base}${manifest.weightsFile}`);
  if (!wres.ok) throw new Error(`weights: HTTP ${wres.status} for ${base}${manifest.weightsFile}`);
  return modelFromManifest(manifest, new Uint8Array(await wres.arrayBuffer()));
}
