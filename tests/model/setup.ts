import * as tf from "@tensorflow/tfjs";
import { initNodeBackend } from "@/lib/model/node";

/** Every model test runs on the backend training uses (wasm in Node). */
export async function useWasm(): Promise<void> {
  if (tf.getBackend() !== "wasm") await initNodeBackend("wasm");
}

export async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const v = (await d.data())[0];
  d.dispose();
  return v;
}

export const tiny = { vocabSize: 23, blockSize: 16, nEmbd: 32, nHead: 4, nLayer: 2, ffnMult: 4, layerNormEps: 1e-5, initStd: 0.02 };

/** Deterministic ids in [0, vocab). */
export function ids(n: number, vocab: number, seed = 7): number[] {
  return Array.from({ length: n }, (_, i) => (i * 7 + seed * 13 + ((i * i) % 5)) % vocab);
}
