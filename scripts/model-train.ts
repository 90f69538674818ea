// npm run model:train -- [--steps N] [--batch N] [--dropout R] [--lr R] [--min-lr R] [--warmup N] [--seed N]
//                         [--resume | --init DIR] [--max-minutes M] [--out public/model] [--checkpoints checkpoints/model]
// Trains MiniGPT on content/ with the wasm backend, checkpoints every evalInterval steps, and at the end
// writes float16 weights + manifest (with the validation loss of those very weights) to --out.
// --init DIR warm-starts from saved weights (e.g. the shipped public/model) with a fresh optimizer and a new
// schedule from step 0 (SGDR-style restart); --resume continues a checkpoint's schedule and Adam moments.
// --max-minutes M also drives the cosine (learningRateAt's timeFraction), so a run slowed by a busy machine
// still ends annealed at the budget instead of being cut off at a high learning rate.
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import * as tf from "@tensorflow/tfjs";
import { buildCorpus, nearDuplicateShare } from "../lib/model/corpus";
import { MiniGPT, countParameters, type ModelConfig } from "../lib/model/minigpt";
import { corpusHash, initNodeBackend, loadModelFromDir, readCorpusFiles, saveModelToDir } from "../lib/model/node";
import { BatchSampler, createOptimizer, estimateLoss, evaluate, learningRateAt, setLearningRate, trainDefaults, trainStep, type TrainConfig } from "../lib/model/train";
import { Vocab } from "../lib/model/vocab";
import { assignWeights, type Manifest } from "../lib/model/weights";

const { values: args } = parseArgs({
  options: {
    steps: { type: "string" },
    batch: { type: "string" },
    dropout: { type: "string" },
    "eval-interval": { type: "string" },
    lr: { type: "string" },
    "min-lr": { type: "string" },
    warmup: { type: "string" },
    seed: { type: "string" },
    init: { type: "string" },
    "max-minutes": { type: "string" },
    resume: { type: "boolean", default: false },
    content: { type: "string", default: "content" },
    out: { type: "string", default: "public/model" },
    checkpoints: { type: "string", default: "checkpoints/model" },
  },
});

const cfg: TrainConfig = {
  ...trainDefaults,
  ...(args.steps && { maxSteps: Number(args.steps) }),
  ...(args.batch && { batchSize: Number(args.batch) }),
  ...(args.dropout && { dropout: Number(args.dropout) }),
  ...(args["eval-interval"] && { evalInterval: Number(args["eval-interval"]) }),
  ...(args.lr && { learningRate: Number(args.lr) }),
  ...(args["min-lr"] && { minLr: Number(args["min-lr"]) }),
  ...(args.warmup && { warmupSteps: Number(args.warmup) }),
  ...(args.seed && { seed: Number(args.seed) }),
};
if (args.resume && args.init) throw new Error("--resume continues a checkpoint; --init starts a new schedule from weights: pick one");
const maxMs = args["max-minutes"] ? Number(args["max-minutes"]) * 60_000 : Infinity;
const ckptDir = args.checkpoints!;

const backend = await initNodeBackend("wasm");
const files = await readCorpusFiles(args.content!);
const corpus = buildCorpus(files, cfg.valFraction);
const hash = corpusHash(files);
const nearShare = nearDuplicateShare(corpus.train, corpus.val);

// --- vocabulary and data (a resumed run keeps the checkpoint's vocabulary) ---
let vocab = Vocab.fromText(corpus.train, cfg.minCharCount);
let model: MiniGPT;
let step = 0;
let tokensSeen = 0;
let seconds = 0;
let warmStart: { from: string; steps: number; tokensSeen: number; seconds: number; validationLoss: number } | undefined;
const optimizer = createOptimizer(cfg);
if (args.resume && existsSync(path.join(ckptDir, "manifest.json"))) {
  const loaded = await loadModelFromDir(ckptDir);
  model = loaded.model;
  vocab = loaded.vocab;
  step = loaded.manifest.training.steps;
  tokensSeen = loaded.manifest.training.tokensSeen;
  seconds = loaded.manifest.training.seconds;
  await restoreOptimizer(optimizer, model);
  console.log(`resumed from ${ckptDir} at step ${step}`);
} else if (args.init) {
  const loaded = await loadModelFromDir(args.init);
  model = loaded.model;
  vocab = loaded.vocab;
  const t = loaded.manifest.training;
  warmStart = { from: args.init, steps: t.steps + (t.warmStart?.steps ?? 0), tokensSeen: t.tokensSeen + (t.warmStart?.tokensSeen ?? 0), seconds: t.seconds + (t.warmStart?.seconds ?? 0), validationLoss: loaded.manifest.validation.loss };
  console.log(`warm start from ${args.init} (${warmStart.steps} steps before, validation ${warmStart.validationLoss.toFixed(4)}); new schedule from step 0`);
} else {
  const config: ModelConfig = { ...cfg.model, vocabSize: vocab.size };
  model = new MiniGPT(config, cfg.seed);
}
const train = vocab.encode(corpus.train);
const val = vocab.encode(corpus.val);
const trainIds = Int32Array.from(train.ids);
const valIds = Int32Array.from(val.ids);
console.log(
  `corpus: ${files.length} files, sha256 ${hash.slice(0, 12)}…, train ${trainIds.length} chars, val ${valIds.length} chars; ` +
    `vocab ${vocab.size} (UNK in train ${train.unknown.length}, in val ${val.unknown.length}); ` +
    `${countParameters(model.config).toLocaleString()} parameters; backend ${backend}`,
);

// Seeded by step: a resumed run draws fresh batches instead of repeating the first ones.
const trainSampler = new BatchSampler(trainIds, model.config.blockSize, cfg.seed + step);
const valSampler = new BatchSampler(valIds, model.config.blockSize, cfg.seed + 1);

// --- loop ---
const bar = new cliProgress.SingleBar(
  { format: "train |{bar}| {value}/{total} steps | loss {loss} | val {val} | lr {lr} | {tokps} char/s | ETA {eta_formatted}", noTTYOutput: true, notTTYSchedule: 15_000, etaBuffer: 50 },
  cliProgress.Presets.shades_classic,
);
bar.start(cfg.maxSteps, step, { loss: "-", val: "-", lr: "-", tokps: "-" });
let smooth = NaN;
let lastVal = NaN;
const started = Date.now();
const tokensPerStep = cfg.batchSize * model.config.blockSize;
while (step < cfg.maxSteps && Date.now() - started < maxMs) {
  const t0 = Date.now();
  const lr = learningRateAt(step, cfg, (Date.now() - started) / maxMs);
  setLearningRate(optimizer, lr);
  const { x, y } = trainSampler.next(cfg.batchSize);
  const { loss, gradNorm } = trainStep(model, optimizer, x, y, cfg.gradClip, cfg.dropout);
  const l = (await loss.data())[0];
  tf.dispose([x, y, loss, gradNorm]);
  if (!Number.isFinite(l)) throw new Error(`loss became ${l} at step ${step}`);
  smooth = Number.isNaN(smooth) ? l : 0.95 * smooth + 0.05 * l;
  step++;
  tokensSeen += tokensPerStep;
  seconds += (Date.now() - t0) / 1000;
  if (step % cfg.evalInterval === 0 || step === cfg.maxSteps) {
    lastVal = await estimateLoss(model, valSampler, cfg.evalBatches, cfg.batchSize);
    await saveCheckpoint(lastVal);
  }
  await new Promise((resolve) => setImmediate(resolve)); // let the progress bar's timer run (wasm reads resolve as microtasks)
  bar.update(step, { loss: smooth.toFixed(3), val: Number.isNaN(lastVal) ? "-" : lastVal.toFixed(3), lr: lr.toExponential(1), tokps: Math.round(tokensPerStep / ((Date.now() - t0) / 1000)) });
}
bar.stop();
await saveCheckpoint(lastVal);

// --- ship: float16 weights, then measure the validation loss of exactly those weights ---
const shipped = await saveModelToDir(args.out!, model, baseManifest(NaN, NaN, 0), "float16");
const rounded = await readFile(path.join(args.out!, shipped.weightsFile));
assignWeights(model, new Uint8Array(rounded), shipped.weights, "float16");
const { loss, perplexity, chars } = await evaluate(model, valIds);
// The validation text ships with the weights, so the claim stays checkable after content/ changes.
await writeFile(path.join(args.out!, "validation.txt"), corpus.val);
await writeFile(path.join(args.out!, "train.txt"), corpus.train); // the perplexity widget says when a learner's text is in it
await writeFile(path.join(args.out!, "manifest.json"), JSON.stringify({ ...shipped, validation: { loss, perplexity, chars } }, null, 1) + "\n");
console.log(`shipped ${args.out}: ${step} steps, validation ${loss.toFixed(4)} nats/char (perplexity ${perplexity.toFixed(2)}) over ${chars} chars, ${(rounded.length / 1e6).toFixed(2)} MB`);

function baseManifest(valLoss: number, perplexity: number, valChars: number): Omit<Manifest, "weights" | "dtype" | "weightsFile"> {
  return {
    format: "attend-minigpt/1",
    config: model.config,
    vocab: vocab.chars,
    parameters: countParameters(model.config),
    corpus: { sha256: hash, files: files.map((f) => f.path), trainChars: trainIds.length, valChars: valIds.length, valFraction: cfg.valFraction, unknownValChars: val.unknown.length, split: corpus.split, nearDuplicateShare: nearShare },
    training: { steps: step, batchSize: cfg.batchSize, tokensSeen, seconds: Math.round(seconds), backend, trainConfig: { ...cfg, maxMinutes: Number.isFinite(maxMs) ? maxMs / 60_000 : null }, ...(warmStart && { warmStart }) },
    validation: { loss: valLoss, perplexity, chars: valChars },
    createdAt: new Date().toISOString(),
  };
}

/** float32 weights + Adam moments, so --resume continues exactly where the run stopped. */
async function saveCheckpoint(valEstimate: number): Promise<void> {
  await saveModelToDir(ckptDir, model, baseManifest(valEstimate, Math.exp(valEstimate), 0), "float32");
  const state = await optimizer.getWeights();
  const index: { name: string; shape: number[] }[] = [];
  const chunks: Float32Array[] = [];
  for (const { name, tensor } of state) {
    index.push({ name, shape: tensor.shape.slice() });
    chunks.push((await tensor.data()) as Float32Array);
  }
  const bytes = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) bytes.set(c, (o += c.length) - c.length);
  await mkdir(ckptDir, { recursive: true });
  await writeFile(path.join(ckptDir, "optimizer.bin"), new Uint8Array(bytes.buffer));
  await writeFile(path.join(ckptDir, "optimizer.json"), JSON.stringify(index));
}

async function restoreOptimizer(opt: tf.AdamOptimizer, m: MiniGPT): Promise<void> {
  const indexPath = path.join(ckptDir, "optimizer.json");
  if (!existsSync(indexPath)) return console.warn("no optimizer state in checkpoint: Adam moments start from zero");
  const index = JSON.parse(await readFile(indexPath, "utf8")) as { name: string; shape: number[] }[];
  const buf = await readFile(path.join(ckptDir, "optimizer.bin"));
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  let o = 0;
  const named = index.map(({ name, shape }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const tensor = tf.tensor(all.slice(o, (o += n)), shape);
    return { name, tensor };
  });
  await opt.setWeights(named);
  void m;
}
