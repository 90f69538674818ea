import * as tf from "@tensorflow/tfjs";
import { initNodeBackend } from "../../lib/model/node";
import { createModel } from "../../lib/model/minigpt";
import { trainStep, createOptimizer, trainDefaults } from "../../lib/model/train";
const [L, C, T, B] = process.argv.slice(2).map(Number);
console.log(await initNodeBackend((process.env.BACKEND as "cpu") ?? "wasm"));
const m = createModel({ vocabSize: 116, nLayer: L, nEmbd: C, blockSize: T, nHead: 4 });
const opt = createOptimizer(trainDefaults);
const x = tf.randomUniform([B, T], 0, 116, "int32") as tf.Tensor2D;
trainStep(m, opt, x, x, 1);
const prof = await tf.profile(() => { const r = trainStep(m, opt, x, x, 1); return r.loss; });
const agg = new Map<string, [number, number]>();
for (const k of prof.kernels) { const a = agg.get(k.name) ?? [0, 0]; a[0] += k.kernelTimeMs as number; a[1]++; agg.set(k.name, a); }
console.log([...agg].sort((a, b) => b[1][0] - a[1][0]).slice(0, 25).map(([n, [t, c]]) => `${n} ${t.toFixed(0)}ms x${c}`).join("\n"));
