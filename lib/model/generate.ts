// Autoregressive generation: run the model, sample from the last position's logits, append, repeat.
// With the KV cache each new character costs one decode step; without it the whole window is rerun.
// Both follow the same context policy, so with the same seed they produce the same text.
import * as tf from "@tensorflow/tfjs";
import { decode, prefill, type KVCache } from "./kvcache";
import type { MiniGPT } from "./minigpt";
import { mulberry32, sampleNext, type SamplingOptions } from "./sampling";

export interface GenerateOptions extends SamplingOptions {
  maxNewTokens: number;
  seed?: number; // default 1
  useCache?: boolean; // default true
  onToken?: (id: number) => void;
}

export interface GenerateResult {
  ids: number[]; // the new ids only
  ms: { total: number; prefill: number; perToken: number };
  refills: number; // times the context window was full and restarted from its second half
}

/**
 * Logits [V] for the next character after `context` (length ≤ blockSize), padded to blockSize so shapes never
 * change (GPU backends compile a shader per shape). `pad: false` runs exactly the context: the honest cost of
 * recomputing without a cache.
 */
export async function nextLogits(model: MiniGPT, context: number[], opts: { pad?: boolean } = {}): Promise<Float32Array> {
  const S = model.config.blockSize;
  const padded = opts.pad === false ? context : [...context, ...new Array(S - context.length).fill(0)]; // padding sits after: causal mask hides it
  const { logits } = model.forward([padded]);
  const row = tf.tidy(() => logits.slice([0, context.length - 1, 0], [1, 1, -1]).reshape([-1]));
  const data = (await row.data()) as Float32Array;
  tf.dispose([logits, row]);
  return data;
}

/**
 * Generates `maxNewTokens` ids after `prompt` (non-empty). When the context reaches blockSize it keeps its
 * last half and continues (with the cache: prefill again), since there are no position embeddings beyond blockSize.
 */
export async function generate(model: MiniGPT, prompt: number[], opts: GenerateOptions): Promise<GenerateResult> {
  if (prompt.length === 0) throw new Error("generate needs at least one prompt id");
  const S = model.config.blockSize;
  const rand = mulberry32(opts.seed ?? 1);
  const useCache = opts.useCache ?? true;
  let context = prompt.slice(-S);
  const out: number[] = [];
  let refills = 0;
  let prefillMs = 0;
  const t0 = performance.now();
  let cache: KVCache | undefined;
  let logits: Float32Array;

  const startCache = async () => {
    const t = performance.now();
    cache?.dispose();
    const p = prefill(model, [context]);
    cache = p.cache;
    const row = tf.tidy(() => p.logits.slice([0, context.length - 1, 0], [1, 1, -1]).reshape([-1]));
    logits = (await row.data()) as Float32Array;
    tf.dispose([p.logits, row]);
    prefillMs += performance.now() - t;
  };

  if (useCache) await startCache();
  else logits = await nextLogits(model, context);
  try {
    while (out.length < opts.maxNewTokens) {
      const id = sampleNext(logits!, opts, rand);
      out.push(id);
      opts.onToken?.(id);
      if (out.length === opts.maxNewTokens) break;
      if (context.length === S) {
        context = context.slice(S / 2);
        refills++;
        context.push(id);
        if (useCache) await startCache();
        else logits = await nextLogits(model, context);
        continue;
      }
      context.push(id);
      if (useCache) {
        const d = decode(cache!, [id]);
        logits = (await d.logits.data()) as Float32Array;
        d.logits.dispose();
      } else {
        logits = await nextLogits(model, context);
      }
    }
  } finally {
    cache?.dispose();
  }
  const total = performance.now() - t0;
  return { ids: out, ms: { total, prefill: prefillMs, perToken: total / out.length }, refills };
}
