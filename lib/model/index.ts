// Public entry of the model, for widgets, scripts and tests. Browser-safe: Node-only loading is in ./node.
export { MiniGPT, causalMaskBias, maskBias, type Pass, type HeadCache, Block, MultiHeadAttention, SingleHeadAttention, FeedForward, Embeddings, LayerNorm, Linear, createModel, countParameters, defaultConfig, headDim, crossEntropy, gelu, type ModelConfig, type Params } from "./minigpt";
export { type Switches, type TapRequest, type ForwardOptions, Recorder } from "./taps";
export { Vocab, UNK, type EncodeResult } from "./vocab";
export { mulberry32, sampleDistribution, sampleNext, sampleFrom, argmax, type SamplingOptions } from "./sampling";
export { loadModel, modelFromManifest, encodeWeights, assignWeights, toHalf, fromHalf, MANIFEST_FORMAT, type Manifest, type WeightEntry } from "./weights";
export { KVCache, prefill, decode, extend } from "./kvcache";
export { generate, nextLogits, type GenerateOptions, type GenerateResult } from "./generate";
export { initBrowserBackend, currentBackend, BACKEND_CHAIN, type BackendName, type BackendChoice } from "./backends";
