// The benchmark workload, identical in Node and in the browser: forward pass of 64 characters, and
// generation of 200 characters with and without the KV cache. Browser-safe (no node: imports).
import * as tf from "@tensorflow/tfjs";
import { generate } from "../../lib/model/generate";
import type { MiniGPT } from "../../lib/model/minigpt";
import type { Vocab } from "../../lib/model/vocab";

export const PROMPT = "Q: Why does the KV cache make generation faster?\nA: "; // the generation prompt
export const FORWARD_TEXT =
  "The causal mask sets future scores to minus infinity before softm"; // 64 characters: the forward pass input

export interface BenchFigures {
  backend: string;
  forward64: { ms: number; charsPerSec: number; runs: number };
  generateCached: { ms: number; charsPerSec: number; prefillMs: number; refills: number };
  generateUncached: { ms: number; charsPerSec: number; refills: number };
  sameText: boolean; // cached and uncached generation gave the same characters (same seed)
  sample: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runBenchmark(model: MiniGPT, vocab: Vocab, opts: { forwardRuns?: number; newChars?: number } = {}): Promise<BenchFigures> {
  const runs = opts.forwardRuns ?? 10;
  const n = opts.newChars ?? 200;
  const ids64 = vocab.encode(FORWARD_TEXT).ids.slice(0, 64);
  if (ids64.length !== 64) throw new Error("forward text must be 64 characters");
  const forward = async () => {
    const { logits } = model.forward([ids64]);
    await logits.data(); // includes reading back: that is what a widget waits for
    logits.dispose();
  };
  for (let i = 0; i < 3; i++) await forward(); // warm-up: shader compilation, wasm JIT
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await forward();
    times.push(performance.now() - t0);
  }
  const fwd = median(times);

  const prompt = vocab.encode(PROMPT).ids;
  const sampling = { temperature: 0.8, topK: 20, seed: 42 };
  await generate(model, prompt, { ...sampling, maxNewTokens: 4, useCache: true }); // warm-up both paths
  await generate(model, prompt, { ...sampling, maxNewTokens: 4, useCache: false });
  const cached = await generate(model, prompt, { ...sampling, maxNewTokens: n, useCache: true });
  const uncached = await generate(model, prompt, { ...sampling, maxNewTokens: n, useCache: false });
  return {
    backend: tf.getBackend(),
    forward64: { ms: fwd, charsPerSec: (64 / fwd) * 1000, runs },
    generateCached: { ms: cached.ms.total, charsPerSec: (n / cached.ms.total) * 1000, prefillMs: cached.ms.prefill, refills: cached.refills },
    generateUncached: { ms: uncached.ms.total, charsPerSec: (n / uncached.ms.total) * 1000, refills: uncached.refills },
    sameText: cached.ids.join() === uncached.ids.join(),
    sample: vocab.decode(cached.ids),
  };
}
