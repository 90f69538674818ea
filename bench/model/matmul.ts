import * as tf from "@tensorflow/tfjs";
import { initNodeBackend } from "../../lib/model/node";
await initNodeBackend();
const M = 2048, K = 128, N = 512;
function bench(name: string, f: () => tf.Tensor, flops: number) {
  f().dispose();
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) f().dispose();
  const ms = (performance.now() - t0) / 5;
  console.log(name, ms.toFixed(1), "ms", (flops / ms / 1e6).toFixed(2), "GFLOP/s");
}
const a = tf.randomNormal([M, K]), b = tf.randomNormal([K, N]);
const at = tf.randomNormal([K, M]), bt = tf.randomNormal([N, K]);
const f = 2 * M * K * N;
bench("nn", () => tf.matMul(a, b), f);
bench("nt", () => tf.matMul(a, bt, false, true), f);
bench("tn", () => tf.matMul(at, b, true, false), f);
bench("explicit transpose + nn", () => tf.tidy(() => tf.matMul(at.transpose(), b)), f);
const a3 = tf.randomNormal([1, M, K]), b3 = tf.randomNormal([1, K, N]);
bench("nn batch1 3d", () => tf.matMul(a3, b3), f);
const q = tf.randomNormal([16, 128, 32]);
bench("qkT 16x128x32", () => tf.matMul(q, q, false, true), 2 * 16 * 128 * 128 * 32);
const k = tf.randomNormal([16, 128, 32]);
bench("q @ kT explicit 16x128x32", () => tf.tidy(() => tf.matMul(q, k.transpose([0, 2, 1]))), 2 * 16 * 128 * 128 * 32);
const w = tf.randomNormal([16, 128, 128]);
bench("w @ v 16x128x128x32", () => tf.matMul(w, k), 2 * 16 * 128 * 128 * 32);
bench("w @ v unstacked", () => tf.tidy(() => tf.stack(tf.unstack(w).map((wi, i) => tf.matMul(wi, tf.unstack(k)[i])))), 2 * 16 * 128 * 128 * 32);
const ks = tf.unstack(k), ws = tf.unstack(w);
bench("w @ v unstacked (pre)", () => tf.tidy(() => tf.stack(ws.map((wi, i) => tf.matMul(wi, ks[i])))), 2 * 16 * 128 * 128 * 32);
