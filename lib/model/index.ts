// Public entry of the model, for widgets, scripts and tests. Browser-safe: Node-only loading is in ./node.
export { MiniGPT, causalMaskBias, maskBias, type Pass, type LayerCache, type Projection, Block, MultiHeadAttention, SingleHeadAttention, FeedForward, Embeddings, LayerNorm, Linear, createModel, countParameters, defaultConfig, headDim, crossEntropy, gelu, type ModelConfig, type Params } from "./minigpt";
export { type Switches, type TapRequest, type ForwardOptions, Recorder } from "./taps";
export { Vocab, UNK, type EncodeResult } from "./vocab";
export { mulberry32, sampleDistribution, filterDistribution, sampleNext, sampleFrom, argmax, type SamplingOptions, type FilteredDistribution } from "./sampling";
export { loadModel, modelFromManifest, encodeWeights, assignWeights, toHalf, fromHalf, MANIFEST_FORMAT, type Manifest, type WeightEntry } from "./weights";
export { KVCache, prefill, decode, extend } from "./kvcache";
export { generate, nextLogits, type GenerateOptions, type GenerateResult } from "./generate";
export { chooseBackend, pinBackend, probeRenderer, backendLabel, currentBackend, BACKEND_CHAIN, BACKEND_STORAGE_KEY, SOFTWARE_RENDERER, type BackendName, type BackendChoice, type BackendProbe } from "./backends";

import type { MiniGPT as Model } from "./minigpt";
import type { ForwardOptions as Options } from "./taps";
/** Logits [B,T,V] for ids [B,T] plus taps (free them with taps.dispose() or taps.read()); same as model.forward. */
export function forward(model: Model, ids: number[][], opts: Options = {}) {
  return model.forward(ids, opts);
}
export { nearDuplicateShare, textInCorpus, type CorpusMatch } from "./overlap";
