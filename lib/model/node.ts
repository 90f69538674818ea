// Node-only helpers: wasm backend from node_modules, corpus and weights on disk.
// Never import this from browser code (it uses node: modules).
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { type CorpusFile, hashInput } from "./corpus";
import type { MiniGPT } from "./minigpt";
import { type Manifest, encodeWeights, modelFromManifest } from "./weights";
import type { Vocab } from "./vocab";

/** wasm (SIMD, one thread in Node; ~25× faster than cpu here). `cpu` on request, e.g. for a reference. */
export async function initNodeBackend(name: "wasm" | "cpu" = "wasm"): Promise<string> {
  if (name === "wasm") {
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
    setWasmPaths(dist + path.sep); // a file path: the Emscripten loader reads it with fs in Node
  }
  if (!(await tf.setBackend(name))) throw new Error(`TF.js backend ${name} failed to initialise`);
  await tf.ready();
  return tf.getBackend();
}

/** Every Markdown/text file under `dir`, recursively, paths relative to it. */
export async function readCorpusFiles(dir: string): Promise<CorpusFile[]> {
  const out: CorpusFile[] = [];
  async function walk(sub: string): Promise<void> {
    for (const entry of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(rel);
      else if (/\.(md|markdown|txt)$/i.test(entry.name)) out.push({ path: rel, text: await readFile(path.join(dir, rel), "utf8") });
    }
  }
  await walk("");
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export function corpusHash(files: CorpusFile[]): string {
  return sha256(hashInput([...files].sort((a, b) => (a.path < b.path ? -1 : 1))));
}

export async function loadModelFromDir(dir: string): Promise<{ model: MiniGPT; vocab: Vocab; manifest: Manifest }> {
  const manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as Manifest;
  const bytes = new Uint8Array(await readFile(path.join(dir, manifest.weightsFile)));
  return modelFromManifest(manifest, bytes);
}

/** Writes weights (as `dtype`) and the manifest; `manifest.weights`/`dtype`/`weightsFile` are filled in here. */
export async function saveModelToDir(dir: string, model: MiniGPT, manifest: Omit<Manifest, "weights" | "dtype" | "weightsFile">, dtype: Manifest["dtype"]): Promise<Manifest> {
  await mkdir(dir, { recursive: true });
  const { bytes, entries } = await encodeWeights(model, dtype);
  const weightsFile = dtype === "float16" ? "weights.f16.bin" : "weights.f32.bin";
  await writeFile(path.join(dir, weightsFile), bytes);
  const full: Manifest = { ...manifest, dtype, weightsFile, weights: entries };
  await writeFile(path.join(dir, "manifest.json"), JSON.stringify(full, null, 1) + "\n");
  return full;
}
