// Matrix products shaped for the wasm backend, where they decide training speed.
// tfjs-backend-wasm only sends a plain 2-D A·B to XNNPACK (~35 GFLOP/s here); A·Bᵀ, Aᵀ·B and batched
// products take a naive loop (1–3 GFLOP/s), and matMul's own gradient uses exactly those. So:
// 2-D products with explicit transposes in a custom gradient, and batches split into 2-D products.
// Same numbers on every backend; on GPUs the extra transposes cost little at these sizes.
// Measured by bench/model/matmul.ts; a training step went from ~4 s to ~1 s.
import * as tf from "@tensorflow/tfjs";

/** a [M,K] · b [K,N] → [M,N], gradients also computed as plain products. */
 
const matmul2dWithGrad = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as tf.Tensor2D[];
      return [tf.matMul(dy as tf.Tensor2D, sb.transpose()), tf.matMul(sa.transpose(), dy as tf.Tensor2D)];
    },
  };
}) as any) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor2D;

/** True while TF.js records a gradient tape (inside tf.variableGrads / tf.grads). */
function recordingGradients(): boolean {
  return ((tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth ?? 0) > 0;
}

/** a [M,K] · b [K,N] → [M,N]. customGrad costs ~0.1 ms per call (a scope), so inference skips it. */
export function matmul2d(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return recordingGradients() ? matmul2dWithGrad(a, b) : tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
}

/**
 * a [N,M,K] · b [N,K,P] → [N,M,P] as N plain products (N is batch × heads). A decode step (M = 1, no gradient)
 * takes one batched call instead: the naive loop costs nothing at one row, N kernel launches would.
 */
export function bmm(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  if (a.shape[0] === 1) return matmul2d(a.squeeze([0]), b.squeeze([0])).expandDims(0) as tf.Tensor3D;
  if (a.shape[1] === 1 && !recordingGradients()) return tf.matMul(a, b);
  const [n, m, k] = a.shape;
  const p = b.shape[2];
  const as = tf.split(a, n, 0); // split + reshape: cheaper than unstack on wasm
  const bs = tf.split(b, n, 0);
  return tf.concat(as.map((ai, i) => matmul2d(ai.reshape([m, k]), bs[i].reshape([k, p])).reshape([1, m, p])), 0) as tf.Tensor3D;
}

/** Swaps the last two axes of [N,M,K]. */
export function transposeLast(x: tf.Tensor3D): tf.Tensor3D {
  return x.transpose([0, 2, 1]);
}
