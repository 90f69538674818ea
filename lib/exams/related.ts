import { diceOfGrams, normalizeForMatch, trigrams } from "@/lib/content/similarity";

/**
 * Related cards for a test question: the bank's cards ranked by how much of the question they
 * talk about. Two signals, added:
 *  - TF-IDF cosine over words (light stemming), with the question's title words counted
 *    TITLE_WEIGHT times: the title names the topic ("Causal Masking"), the prompt adds detail;
 *  - trigram Dice between the title and the card's question (lib/content/similarity), which
 *    catches spelling variants the word signal misses ("softmax"/"soft-max", plurals).
 * Card text is the question only: answers are long and mention everything.
 */

export interface RelatedQuery {
  title: string;
  prompt: string;
  parts: string[];
}

export interface CandidateCard {
  id: string;
  question: string;
  /** Tags and deck path words count as a little extra text. */
  tags?: string[];
}

export interface RankedCard {
  id: string;
  score: number;
}

const TITLE_WEIGHT = 3;
/** Words from TOPIC_EXPANSIONS count like title words: they name the topic. */
const EXPANSION_WEIGHT = 3;
/** Weight of the title/card trigram Dice next to the word cosine (both in [0, 1]). */
const DICE_WEIGHT = 0.35;
/** Weight of tag words next to the card's question words. */
const TAG_WEIGHT = 0.3;
/** 1 = plain cosine; lower favours cards that match more of the question's words. */
const PIVOT_SLOPE = 0.5;

const STOP = new Set(
  `a an the and or but if then than of in on at to for from by with without into onto over under as is are was were be been being
   it its this that these those there here what which who whom whose why how when where do does did done doing can could should would
   will shall may might must not no nor so such very too also just only own same other each both all any some more most few
   you your yours we our us i me my he she they them their his her rather instead versus vs between about after before during
   use used uses using explain describe compare question part answer words word own plain english role e g ie etc one two way
   what's whats instead specifically say like make makes made each happen happens would go wrong change`.split(/\s+/),
);

/** Spellings of one concept that share no stem (after stemming): counted as the same word. */
const SYNONYMS: Record<string, string> = {
  shape: "dimension",
  dim: "dimension",
  logit: "logit",
  sqrt: "sqrt",
  optimiser: "optimizer",
  normalization: "norm",
  normalisation: "norm",
  layernorm: "norm",
  feedforward: "feed-forward",
  kv: "kv",
};

/**
 * Topic keyword boost: phrases that name a concept without its usual words. When the question
 * matches the pattern, the words are added to it (counted like prompt words).
 */
const TOPIC_EXPANSIONS: [RegExp, string][] = [
  [/shifted by one|target is|next (token|character)/i, "language model autoregressive next token prediction"],
  [/batch size|batch dimension/i, "batch sgd noisy gradient"],
  [/logits?\b/i, "softmax probability"],
  [/parameter count|doubl\w+ .*dim/i, "parameter count transformer config"],
  [/prompt(ing)? an llm|using or prompting/i, "prompting llm"],
  [/\bshape\b/i, "dimension matrix"],
];

export function expandTopics(text: string): string {
  return TOPIC_EXPANSIONS.filter(([re]) => re.test(text)).map(([, words]) => words).join(" ");
}

/** Words of a text, lower-cased, stop words dropped, plural/-ing/-ed/-e endings trimmed. */
export function topicWords(text: string): string[] {
  return normalizeForMatch(text.replace(/<[^>]+>/g, " ").replace(/√/g, " sqrt ").replace(/feed[- ]forward/gi, "feedforward"))
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map((w) => {
      const s = stem(w);
      return SYNONYMS[s] ?? SYNONYMS[w] ?? s;
    });
}

function stem(w: string): string {
  if (w.length > 5 && w.endsWith("ing")) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith("ies")) return w.slice(0, -3) + "y";
  if (w.length > 4 && w.endsWith("ed")) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith("e") && !w.endsWith("ee")) return w.slice(0, -1);
  return w;
}

/** Precomputed card features: build once per bank, rank many questions against it. */
export interface CardIndex {
  cards: { id: string; weights: Map<string, number>; norm: number; grams: Map<string, number> }[];
  idf: Map<string, number>;
  /** Mean card vector length, the pivot of the length normalisation. */
  meanNorm: number;
}

export function indexCards(cards: CandidateCard[]): CardIndex {
  const docs = cards.map((c) => {
    const tf = new Map<string, number>();
    for (const w of topicWords(c.question)) tf.set(w, (tf.get(w) ?? 0) + 1);
    for (const w of topicWords((c.tags ?? []).join(" "))) tf.set(w, (tf.get(w) ?? 0) + TAG_WEIGHT);
    return { id: c.id, tf, grams: trigrams(c.question) };
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const w of d.tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const n = Math.max(1, docs.length);
  const idf = new Map<string, number>();
  for (const [w, k] of df) idf.set(w, Math.log(1 + n / k));
  const indexed = docs.map((d) => {
      const weights = new Map<string, number>();
      let sq = 0;
      for (const [w, f] of d.tf) {
        const x = (1 + Math.log(f)) * (idf.get(w) ?? 0);
        if (f < 1) weights.set(w, f * (idf.get(w) ?? 0));
        else weights.set(w, x);
        sq += weights.get(w)! ** 2;
      }
      return { id: d.id, weights, norm: Math.sqrt(sq) || 1, grams: d.grams };
  });
  const meanNorm = indexed.reduce((sum, c) => sum + c.norm, 0) / Math.max(1, indexed.length) || 1;
  return { idf, cards: indexed, meanNorm };
}

/** The k cards most related to the question, best first, with scores in about [0, 1.35]. */
export function rankRelatedCards(query: RelatedQuery, index: CardIndex, k = 5): RankedCard[] {
  const tf = new Map<string, number>();
  for (const w of topicWords(query.title)) tf.set(w, (tf.get(w) ?? 0) + TITLE_WEIGHT);
  const body = [query.prompt, ...query.parts].join(" ");
  for (const w of topicWords(body)) tf.set(w, (tf.get(w) ?? 0) + 1);
  for (const w of topicWords(expandTopics(`${query.title} ${body}`))) tf.set(w, (tf.get(w) ?? 0) + EXPANSION_WEIGHT);
  const q = new Map<string, number>();
  let sq = 0;
  for (const [w, f] of tf) {
    const idf = index.idf.get(w);
    if (!idf) continue; // a word no card uses cannot match
    const x = (1 + Math.log(f)) * idf;
    q.set(w, x);
    sq += x * x;
  }
  const qNorm = Math.sqrt(sq) || 1;
  const titleGrams = trigrams(query.title);
  const scored = index.cards.map((c) => {
    let dot = 0;
    for (const [w, x] of c.weights) {
      const y = q.get(w);
      if (y) dot += x * y;
    }
    // Pivoted length normalisation (Singhal et al. 1996): plain cosine punishes a long card that
    // covers several of the question's points as much as a short one that covers one.
    const cosine = dot / (qNorm * (PIVOT_SLOPE * c.norm + (1 - PIVOT_SLOPE) * index.meanNorm));
    return { id: c.id, score: cosine + DICE_WEIGHT * diceOfGrams(titleGrams, c.grams) };
  });
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  return scored.slice(0, k).filter((s) => s.score > 0).map((s) => ({ id: s.id, score: Math.round(s.score * 1000) / 1000 }));
}
