// The widget registry: which "show me" widgets exist, what each explains, and which questions get one.
// Pure: no React, no TF.js, so ingest, the export and pages can all use it.
//
// Authors attach widgets with `<!-- widget: name -->` (lib/content/clean/directives.ts); proposeWidgets()
// adds the widgets whose concepts a question asks about, unless the card says `<!-- no-auto-widgets -->`.

export type WidgetName =
  | "attention-scaling"
  | "sampling"
  | "kv-cache"
  | "causal-mask"
  | "multi-head"
  | "shape-journey"
  | "perplexity"
  | "positional-encoding"
  | "layer-norm"
  | "gradient-descent"
  | "parameter-count";

export type ParamValue = string | number | boolean;

export interface WidgetEntry {
  name: WidgetName;
  title: string;
  /** One line: what the learner sees happen. */
  summary: string;
  /** Human-readable concepts, for authors (docs, author pages). */
  concepts: string[];
  /** A question matches when one of these matches its (normalised) text ... */
  match: RegExp[];
  /** ... and none of these does (precision: "top-k retrieval" is not sampling). */
  unless?: RegExp[];
  /** Defaults of the widget's controls; the URL overrides them. */
  params: Record<string, ParamValue>;
}

export const WIDGETS: WidgetEntry[] = [
  {
    name: "attention-scaling",
    title: "Attention scores scaled by √d",
    summary: "A head's real scores on your text, with and without dividing by √d; entropy and max weight as d grows.",
    concepts: ["scaled dot-product attention", "divide by sqrt(d)", "softmax saturation"],
    match: [
      /\bsqrt\s*\(?\s*d(_?k|_?head|_dim|ead_dim)?\b/,
      /divid\w* (the )?(raw )?(attention )?scores? by/,
      /attention score scaling/,
      /scaled dot[- ]product attention/,
      /mathematical formulation of the attention/,
    ],
    params: { layer: 0, head: 0, d: 32 },
  },
  {
    name: "sampling",
    title: "Softmax, temperature, top-k and top-p",
    summary: "The model's full next-character distribution at your cursor, before and after each filter, with seeded samples.",
    concepts: ["softmax", "temperature", "top-k sampling", "top-p (nucleus) sampling", "autoregressive generation"],
    match: [
      /\btemperature\b/,
      /\btop[- ]?k\b/,
      /\btop[- ]?p\b/,
      /\bnucleus\b/,
      /\bsoftmax( function)?\b.*\b(by hand|probabilit|purpose|convert)/,
      /\b(compute|what is) softmax\b/,
      /purpose of the softmax/,
      /autoregressive generation|text generation works|last position'?s logits/,
    ],
    unless: [/\bretriev/, /\bcalibration\b/],
    params: { temperature: 1, topK: 0, topP: 1, seed: 1 },
  },
  {
    name: "kv-cache",
    title: "KV cache: prefill and decode",
    summary: "The same continuation with and without the cache: shapes of Q and cached K, V per step, FLOPs, time, identical output.",
    concepts: ["KV cache", "prefill", "decode"],
    match: [/\bkv[- ]?cach/, /\bkey[- ]value cach/, /\bprefill\b/],
    params: { tokens: 8 },
  },
  {
    name: "causal-mask",
    title: "Causal masking",
    summary: "The mask and the weights; edit a later character and see earlier outputs stay equal with the mask, change without it.",
    concepts: ["causal mask", "masking in attention", "negative infinity before softmax"],
    match: [/\bcausal mask/, /\bmasking in attention\b/, /\battention mask\b/, /upper[- ]triangle/],
    unless: [/masked language model/],
    params: { edit: 6, layer: 0, head: 0 },
  },
  {
    name: "multi-head",
    title: "Multi-head attention",
    summary: "Every head's attention pattern on your text; switch one off and watch the loss.",
    concepts: ["multi-head attention", "self-attention", "head specialisation"],
    match: [/\bmulti[- ]head/, /\bmultiple heads\b/, /\bwhat is self[- ]attention\b/, /\bself[- ]attention (and|vs\.?|versus) cross/, /how attention mechanisms work/],
    unless: [/multi[- ]query/],
    params: { layer: -1 }, // -1: the layer whose heads differ most on the text, measured each run
  },
  {
    name: "shape-journey",
    title: "Shape journey through a forward pass",
    summary: "Every tensor shape of a real forward pass, for the trained model or a config you choose; type each shape first.",
    concepts: ["tensor shapes", "forward pass"],
    match: [/shape journey/, /trace the tensor shape/, /\bshapes? (flowing|through)\b/],
    params: { nEmbd: 0, nHead: 0 },
  },
  {
    name: "perplexity",
    title: "Cross-entropy and perplexity",
    summary: "The model's surprise at each character of your sentence, against uniform and unigram baselines.",
    concepts: ["cross-entropy", "perplexity", "logits to probabilities"],
    match: [/\bperplexity\b/, /\bcross[- _]?entropy/, /\bwhat do the logits represent\b/],
    unless: [/bernoulli/],
    params: {},
  },
  {
    name: "positional-encoding",
    title: "Positional encodings",
    summary: "Sinusoidal and learned position vectors, and what the model does to order without them.",
    concepts: ["positional encoding", "position embeddings", "order"],
    match: [/\bposition(al)? (encoding|embedding)s?\b/, /encode their position or order/],
    unless: [/\brotary\b|\brope\b/],
    params: {},
  },
  {
    name: "layer-norm",
    title: "Layer norm and the residual stream",
    summary: "Mean and spread of the residual stream at every layer; bypass a LayerNorm or a residual and see the loss.",
    concepts: ["layer normalization", "residual connections", "pre-norm"],
    match: [/\blayer ?norm(ali[sz]ation)?\b/, /\bpre[- ]?norm/, /\bresidual (connection|stream)s?\b/],
    unless: [/batch norm/],
    params: {},
  },
  {
    name: "gradient-descent",
    title: "Gradient descent by hand",
    summary: "Three steps on y = wx and one SGD-with-momentum step with your numbers, checked against automatic differentiation.",
    concepts: ["gradient descent", "momentum", "learning rate"],
    match: [/\bgradient descent\b/, /\bsgd with momentum\b/, /\bmomentum update\b/],
    params: { w0: 5, x: 2, y: 2, lr: 0.1 },
  },
  {
    name: "parameter-count",
    title: "Parameter count and memory",
    summary: "Parameters and memory of a config, checked against the real variables; attention cost as the sequence grows.",
    concepts: ["parameter count", "memory", "attention complexity"],
    match: [/\bparameter count\b/, /\bmemory and compute complexity of self[- ]attention\b/, /doubled? `?embedding_dim/],
    params: { nEmbd: 512, nHead: 8, nLayer: 6, blockSize: 256 },
  },
];

const BY_NAME = new Map<string, WidgetEntry>(WIDGETS.map((w) => [w.name, w]));

export function getWidget(name: string): WidgetEntry | undefined {
  return BY_NAME.get(name);
}

/** Lower case, math and code spelled as words, so "√d", "$\sqrt{d_k}$" and "sqrt(head_dim)" read alike. */
export function normaliseQuestion(text: string): string {
  return text
    .toLowerCase()
    .replace(/\\sqrt\s*\{\s*([a-z_]+)\s*\}/g, "sqrt($1)")
    .replace(/√\s*\(?\s*([a-z_]+)\s*\)?/g, "sqrt($1)")
    .replace(/[*`$]/g, "")
    .replace(/\s+/g, " ");
}

/** Widgets whose concepts the question asks about, in registry order. */
export function proposeWidgets(questionText: string): WidgetName[] {
  const text = normaliseQuestion(questionText);
  return WIDGETS.filter((w) => w.match.some((r) => r.test(text)) && !(w.unless ?? []).some((r) => r.test(text))).map((w) => w.name);
}

/** What a card carries: the author's widgets (known ones, in their order), then proposals unless opted out. */
export function widgetsFor(card: { question: string; widgets: string[]; noAutoWidgets: boolean }): string[] {
  const out = card.widgets.filter((w) => BY_NAME.has(w));
  if (!card.noAutoWidgets) for (const w of proposeWidgets(card.question)) if (!out.includes(w)) out.push(w);
  return out;
}

/** Widgets for a test question: proposed from its title and prompt (tests carry no directives). */
export function widgetsForTestQuestion(q: { title: string; prompt: string; parts?: { prompt: string }[] }): WidgetName[] {
  return proposeWidgets([q.title, q.prompt, ...(q.parts ?? []).map((p) => p.prompt)].join("\n"));
}
