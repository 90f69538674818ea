// The benchmark workload, identical in Node and in the browser: forward pass of 64 characters, and
// generation of 200 characters with and without the KV cache. Browser-safe (no node: imports).
import * as tf from "@tensorflow/tfjs";
import { generate } from "../../lib/model/generate";
import { decode, prefill } from "../../lib/model/kvcache";
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

/**
 * A cached decode step against recomputing the whole unpadded context, at `length` characters (the
 * position of the new character + 1): median of 9 timed runs each, after 3 warm-up runs of both, logits read back.
 */
export async function decodeVsRecompute(model: MiniGPT, length = 128): Promise<{ length: number; decodeMs: number; recomputeMs: number; ratio: number }> {
  const V = model.config.vocabSize;
  const ids = Array.from({ length }, (_, i) => 1 + ((i * 7) % (V - 1)));
  const p = prefill(model, [ids.slice(0, length - 1)]);
  p.logits.dispose();
  const last = ids[length - 1];
  const step = async () => {
    // the cache holds length − 1 positions; rewinding its length rewrites the same row every time, so each
    // timed step is exactly "add character `length`"
    p.cache.length = length - 1;
    const t0 = performance.now();
    const d = decode(p.cache, [last]);
    await d.logits.data();
    d.logits.dispose();
    return performance.now() - t0;
  };
  const full = async () => {
    const t0 = performance.now();
    const { logits } = model.forward([ids]);
    await logits.data();
    logits.dispose();
    return performance.now() - t0;
  };
  for (let i = 0; i < 3; i++) {
    await step();
    await full();
  }
  const d: number[] = [];
  const f: number[] = [];
  for (let i = 0; i < 9; i++) {
    d.push(await step());
    f.push(await full());
  }
  p.cache.dispose();
  const decodeMs = median(d);
  const recomputeMs = median(f);
  return { length, decodeMs, recomputeMs, ratio: recomputeMs / decodeMs };
}
