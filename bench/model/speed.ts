import * as tf from "@tensorflow/tfjs";
import { initNodeBackend } from "../../lib/model/node";
import { createModel } from "../../lib/model/minigpt";
import { trainStep, createOptimizer, trainDefaults } from "../../lib/model/train";
const [L, C, T, B] = process.argv.slice(2).map(Number);
console.log(await initNodeBackend());
const m = createModel({ vocabSize: 116, nLayer: L, nEmbd: C, blockSize: T, nHead: 4 });
const opt = createOptimizer(trainDefaults);
const x = tf.randomUniform([B, T], 0, 116, "int32") as tf.Tensor2D;
for (let i = 0; i < 8; i++) {
  const t0 = performance.now();
  const { loss, gradNorm } = trainStep(m, opt, x, x, 1);
  const l = (await loss.data())[0];
  tf.dispose([loss, gradNorm]);
  console.log(i, l.toFixed(3), (performance.now() - t0).toFixed(0), "ms", (B * T / (performance.now() - t0) * 1000).toFixed(0), "tok/s", tf.memory().numTensors);
}
