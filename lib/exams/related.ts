import MiniSearch from "minisearch";
import { stemmer } from "stemmer";
import { normaliseQuestion, WIDGETS, widgetsFor, widgetsForTestQuestion } from "@/lib/widgets/registry";

/**
 * Related cards for a test question: the cards a teacher would assign to a learner who missed it.
 *
 *  1. The author's explicit links come first: `<!-- related: card-id, ... -->` in the question's
 *     text (ids are cards' `<!-- id: -->` names or database ids).
 *  2. Then BM25F (MiniSearch's BM25+, Porter-stemmed words) over what each card asks: its question
 *     (FIELD_BOOST.question), the concepts of the widgets that explain it (widget registry: a card
 *     and a test question that both call for the "attention-scaling" widget share a concept no word
 *     list has to spell out), its deck path and tags; plus ANSWER_WEIGHT times BM25 over its answer
 *     in a separate index (answers are long and mention everything: a weaker signal).
 *     The test question's title names the topic and counts TITLE_BOOST times its prompt's words.
 *  3. Pseudo-relevance feedback: the best card's question words join the query once.
 *  4. A card the registry's `unless` rules name as a false friend of a concept the question calls
 *     for ("masked language model" for causal masking) keeps falseFriendFactor of its score.
 *  5. Neighbourhood evidence (NEIGHBOURS): one step of personalised PageRank from the top cards over
 *     the bank's nearest-neighbour graph (tf-idf cosine of question and answer words) is mixed into
 *     the ranking, so cards asking the same concept in other words rise next to the best matches.
 *
 * Measured on a labelled set (tests/fixtures/relevance/, `npm run eval:related`, bench/RESULTS.md).
 *
 * Scores are in [0, 1] and come from the question's own words (step 5 changes the order only):
 * the BM25 score divided by the best score any card got for this question,
 * times √ of the share of the question's idf-weighted words the best card asks about (so a weak
 * best match is not reported as 1). QUEUE_THRESHOLD, chosen on the labelled set, decides what weak answers queue.
 */

export interface RelatedQuery {
  title: string;
  prompt: string;
  parts: string[];
}

export interface CandidateCard {
  id: string;
  question: string;
  answer?: string | null;
  /** Deck path from the top, e.g. ["Transformers", "Background", "Tokenization"]. */
  deck?: string[];
  tags?: string[];
  /** Widgets the author attached; the registry's proposals are added unless noAutoWidgets. */
  widgets?: string[];
  noAutoWidgets?: boolean;
  /** The author's `<!-- id: -->` name, which `<!-- related: -->` links may use. */
  explicitId?: string | null;
}

export interface RankedCard {
  id: string;
  /** In [0, 1]; explicit links score 1. */
  score: number;
  /** True when the author linked the card with `<!-- related: -->`. */
  explicit?: boolean;
}

/** Field weights of BM25F over what a card asks: its own question counts most, its deck path least. */
export const FIELD_BOOST = { question: 3, concepts: 2, deck: 0.5 } as const;
/** Weight of the answer index's score next to the question index's. */
export const ANSWER_WEIGHT = 0.6;
/**
 * Weight of a word that appears only inside inline code in the test question (`Embeddings.forward()`).
 * 1 = like prose: 0.25 and 0.5 measured lower precision@5 on the labelled set.
 */
export const CODE_WEIGHT = 1;
/** A test question's title words count this many times its prompt's words. */
export const TITLE_BOOST = 2;
/** Weight of a widget concept shared by the question and the card, next to a prompt word. */
export const CONCEPT_BOOST = 4;
/**
 * "Review weak answers" queues a related card only at or above this score (see bench/RESULTS.md
 * for how it was chosen on the labelled set), and never more than the cards shown.
 */
export const QUEUE_THRESHOLD = 0.3;
/**
 * Neighbourhood evidence (the cluster hypothesis: cards close to the best matches are relevant too):
 * one step of personalised PageRank over the bank's nearest-neighbour graph (each card's k nearest
 * cards by tf-idf cosine of question and answer words), seeded by the top `seeds` cards in
 * proportion to their scores, restart probability `restart`; the ranking is
 * (1 - mix) x score / best score + mix x PageRank / its largest value. mix 0 turns it off.
 * Measured in bench/RESULTS.md ("Related cards", third pass): a plateau over seeds 10-20, restart
 * 0.3-0.7, mix 0.3-0.7; the middle of it is shipped.
 */
export const NEIGHBOURS = { seeds: 10, k: 10, restart: 0.5, mix: 0.5 } as const;
/** BM25+ parameters: MiniSearch's defaults (k1 = 1.2, b = 0.7, delta = 0.5). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** The ranking's knobs, defaulted to the values above (tests and the evaluation vary them). */
export interface RelatedOptions {
  fieldBoost: Record<keyof typeof FIELD_BOOST, number>;
  answerWeight: number;
  titleBoost: number;
  codeWeight: number;
  /** Score factor for a card the registry rejects for a widget the question calls for. */
  falseFriendFactor: number;
  /** Pseudo-relevance feedback: how many top cards, and the weight their words get. */
  feedbackCards: number;
  feedbackWeight: number;
  conceptBoost: number;
  bm25: { k: number; b: number; d: number };
  /** Neighbourhood evidence (cluster hypothesis), see NEIGHBOURS. */
  neighbours: { seeds: number; k: number; restart: number; mix: number };
}
export const DEFAULT_OPTIONS: RelatedOptions = {
  fieldBoost: FIELD_BOOST,
  answerWeight: ANSWER_WEIGHT,
  titleBoost: TITLE_BOOST,
  codeWeight: CODE_WEIGHT,
  falseFriendFactor: 0.3,
  feedbackCards: 1,
  feedbackWeight: 1,
  conceptBoost: CONCEPT_BOOST,
  bm25: BM25,
  neighbours: NEIGHBOURS,
};

const STOP = new Set(
  `a an the and or but if then than of in on at to for from by with without into onto over under as is are was were be been being
   it its this that these those there here what which who whom whose why how when where do does did done doing can could should would
   will shall may might must not no nor so such very too also just only own same other each both all any some more most few
   you your yours we our us i me my he she they them their his her rather instead versus vs between about after before during
   use used uses using explain describe compare question part answer words word plain english e g ie etc one two three way
   what's whats say like make makes made happen happens go goes wrong change give given get gets list name think mean means
   let lets whi doe specif specifically exactly inst instead`.split(/\s+/),
);

/** Spellings of one concept whose stems differ. Keys and values are stems. */
const SAME_STEM: Record<string, string> = {
  normal: "norm",
  layernorm: "norm",
  optimis: "optim",
  dimens: "dim",
  ffn: "feedforward",
  prob: "probabl",
};

/** Text spellings to unify before splitting into words. */
const REWRITES: [RegExp, string][] = [
  [/\\sqrt|√/g, " sqrt "],
  [/\btop[- ]?([kp])\b/gi, " top$1 "],
  [/\bfeed[- ]forward\b/gi, " feedforward "],
  [/\bpre[- ]?(ln|norm)\b/gi, " prenorm "],
  [/\bpost[- ]?(ln|norm)\b/gi, " postnorm "],
  [/\bkv\b/gi, " kv "],
];

const RELATED_DIRECTIVE = /<!--\s*related\s*:\s*([^>]*?)\s*-->/gi;

/** Ids from the author's `<!-- related: a, b -->` comments in a test question, in order. */
export function relatedDirectiveIds(text: string): string[] {
  const ids: string[] = [];
  for (const m of text.matchAll(RELATED_DIRECTIVE))
    for (const id of m[1].split(",").map((s) => s.trim()).filter(Boolean)) if (!ids.includes(id)) ids.push(id);
  return ids;
}

/** Stemmed content words of a text: camelCase and snake_case split, stop words dropped. */
export function topicWords(text: string): string[] {
  let t = text.replace(RELATED_DIRECTIVE, " ").replace(/<[^>]+>/g, " ").normalize("NFKC");
  for (const [re, to] of REWRITES) t = t.replace(re, to);
  t = t.replace(/([a-z])([A-Z])/g, "$1 $2"); // MultiHeadAttention -> Multi Head Attention
  const out: string[] = [];
  for (const raw of t.toLowerCase().split(/[^a-z0-9]+/)) {
    if (!raw || STOP.has(raw) || /^\d+$/.test(raw)) continue;
    if (raw.length === 1) continue;
    const s = stemmer(raw);
    if (STOP.has(s)) continue;
    out.push(SAME_STEM[s] ?? s);
  }
  return out;
}

/** A widget shared by question and card is one token that no prose word can collide with. */
const conceptToken = (widget: string) => `widget:${widget}`;

/** Precomputed card features: build once per bank, rank many questions against it. */
export interface CardIndex {
  /** What each card asks: question, widget concepts, deck path and tags. */
  asks: MiniSearch;
  /** What each card answers: a separate, weaker signal (see answerWeight). */
  answers: MiniSearch;
  /** Card ids by explicit id and by id, for `<!-- related: -->` links. */
  byName: Map<string, string>;
  /**
   * Widgets whose registry `unless` rule rejects the card ("masked language model" is not causal
   * masking, "top-k retrieval" is not sampling): the card is a false friend of that concept.
   */
  falseFriends: Map<string, string[]>;
  /** Each card's question words (processed), for pseudo-relevance feedback. */
  questionWords: Map<string, string[]>;
  /** Cards whose question, concepts or deck use each word, for the query's word weights. */
  df: Map<string, number>;
  /** Unit tf-idf vectors of question and answer words, with postings, for nearest neighbours. */
  vectors: CardVectors;
  size: number;
  options: RelatedOptions;
}

function bm25Index(fields: string[], opts: RelatedOptions) {
  return new MiniSearch({
    fields,
    // Fields arrive as space-joined, already processed words (topicWords): one normalisation for both sides.
    tokenize: (s) => s.split(" "),
    processTerm: (t) => t || null,
    searchOptions: { boost: { ...opts.fieldBoost }, bm25: opts.bm25, combineWith: "OR" },
  });
}

export function indexCards(cards: CandidateCard[], options: Partial<RelatedOptions> = {}): CardIndex {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  const asks = bm25Index(["question", "concepts", "deck"], opts);
  const answers = bm25Index(["answer"], opts);
  const df = new Map<string, number>();
  const byName = new Map<string, string>();
  const questionWords = new Map<string, string[]>();
  const falseFriends = new Map<string, string[]>();
  const ids: string[] = [];
  const words: string[][] = [];
  for (const c of cards) {
    const rejected = rejectedWidgets(c.question);
    if (rejected.length > 0) falseFriends.set(c.id, rejected);
    const widgets = widgetsFor({ question: c.question, widgets: c.widgets ?? [], noAutoWidgets: c.noAutoWidgets ?? false });
    const doc = {
      id: c.id,
      question: topicWords(c.question).join(" "),
      concepts: widgets.map(conceptToken).join(" "),
      deck: topicWords([...(c.deck ?? []), ...(c.tags ?? []).map((t) => t.replace(/-/g, " "))].join(" ")).join(" "),
    };
    for (const w of new Set(`${doc.question} ${doc.concepts} ${doc.deck}`.split(" ").filter(Boolean))) df.set(w, (df.get(w) ?? 0) + 1);
    asks.add(doc);
    const qw = doc.question.split(" ").filter(Boolean);
    const aw = topicWords(c.answer ?? "");
    questionWords.set(c.id, qw);
    answers.add({ id: c.id, answer: aw.join(" ") });
    ids.push(c.id);
    words.push([...qw, ...aw]);
    byName.set(c.id, c.id);
    if (c.explicitId) byName.set(c.explicitId, c.id);
  }
  return { asks, answers, byName, questionWords, falseFriends, df, vectors: cardVectors(ids, words), size: cards.length, options: opts };
}

/** Each card's unit tf-idf vector (log tf, idf ln(1 + N / df)) as term ids and weights, and each term's postings. */
export interface CardVectors {
  ids: string[];
  position: Map<string, number>;
  terms: Int32Array[];
  weights: Float32Array[];
  postings: { cards: Int32Array; weights: Float32Array }[];
}

function cardVectors(ids: string[], words: string[][]): CardVectors {
  const vocab = new Map<string, number>();
  const df: number[] = [];
  const tfs = words.map((ws) => {
    const tf = new Map<number, number>();
    for (const w of ws) {
      let t = vocab.get(w);
      if (t === undefined) vocab.set(w, (t = vocab.size));
      tf.set(t, (tf.get(t) ?? 0) + 1);
    }
    for (const t of tf.keys()) df[t] = (df[t] ?? 0) + 1;
    return tf;
  });
  const n = ids.length;
  const terms: Int32Array[] = [];
  const weights: Float32Array[] = [];
  for (const tf of tfs) {
    const ts = Int32Array.from(tf.keys());
    const xs = Float32Array.from(ts, (t) => (1 + Math.log(tf.get(t)!)) * Math.log(1 + n / df[t]));
    let len = 0;
    for (const x of xs) len += x * x;
    len = Math.sqrt(len) || 1;
    for (let i = 0; i < xs.length; i++) xs[i] /= len;
    terms.push(ts);
    weights.push(xs);
  }
  const postings = df.map((d) => ({ cards: new Int32Array(d), weights: new Float32Array(d) }));
  const fill = new Int32Array(df.length);
  terms.forEach((ts, c) =>
    ts.forEach((t, i) => {
      postings[t].cards[fill[t]] = c;
      postings[t].weights[fill[t]++] = weights[c][i];
    }),
  );
  return { ids, position: new Map(ids.map((id, i) => [id, i])), terms, weights, postings };
}

/** The k cards most similar to card c (cosine of their vectors), best first. */
function nearest(v: CardVectors, c: number, k: number): [number, number][] {
  const acc = new Float64Array(v.ids.length);
  const touched: number[] = [];
  const ts = v.terms[c];
  for (let i = 0; i < ts.length; i++) {
    const p = v.postings[ts[i]];
    const x = v.weights[c][i];
    for (let j = 0; j < p.cards.length; j++) {
      const d = p.cards[j];
      if (acc[d] === 0) touched.push(d);
      acc[d] += x * p.weights[j];
    }
  }
  const near: [number, number][] = [];
  for (const d of touched) {
    if (d === c) continue;
    // keep the k best seen so far, best first (k is small)
    if (near.length === k && (acc[d] < near[k - 1][1] || (acc[d] === near[k - 1][1] && d > near[k - 1][0]))) continue;
    let at = near.length === k ? k - 1 : near.length;
    while (at > 0 && (near[at - 1][1] < acc[d] || (near[at - 1][1] === acc[d] && near[at - 1][0] > d))) at--;
    near.splice(at, 0, [d, acc[d]]);
    if (near.length > k) near.pop();
  }
  return near;
}

/**
 * One step of personalised PageRank from the top cards (see NEIGHBOURS), mixed into their scores:
 * the hits re-scored, best first, with cards that only neighbours vouch for added.
 */
function withNeighbours(hits: { id: string; score: number }[], index: CardIndex): { id: string; score: number }[] {
  const { seeds, k, restart, mix } = index.options.neighbours;
  if (mix <= 0 || hits.length === 0) return hits;
  const v = index.vectors;
  const top = hits.slice(0, seeds);
  const total = top.reduce((a, h) => a + h.score, 0) || 1;
  const walk = new Map<string, number>();
  const add = (id: string, x: number) => walk.set(id, (walk.get(id) ?? 0) + x);
  for (const h of top) {
    const p = h.score / total;
    add(h.id, restart * p);
    const c = v.position.get(h.id);
    if (c === undefined) continue;
    const near = nearest(v, c, k);
    const sum = near.reduce((a, [, w]) => a + w, 0);
    // the mass that takes one step and then stops: restart x (1 - restart), split by similarity
    for (const [j, w] of near) if (sum > 0) add(v.ids[j], (restart * (1 - restart) * p * w) / sum);
  }
  const maxWalk = Math.max(...walk.values());
  const best = hits[0].score;
  const out = new Map(hits.map((h) => [h.id, ((1 - mix) * h.score) / best]));
  for (const [id, x] of walk) out.set(id, (out.get(id) ?? 0) + (mix * x) / maxWalk);
  return [...out].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

/** Widgets whose `unless` rule names the text as a false friend of their concept. */
function rejectedWidgets(text: string): string[] {
  const t = normaliseQuestion(text);
  return WIDGETS.filter((w) => (w.unless ?? []).some((r) => r.test(t))).map((w) => w.name);
}

/** Inline code in a test question names the project's code (`Embeddings.forward()`), not the concept. */
const INLINE_CODE = /`[^`\n]+`/g;

/**
 * Query words with their weights: title words titleBoost, prose words 1, words inside inline code
 * codeWeight, widget concepts the question calls for conceptBoost.
 */
export function queryWeights(query: RelatedQuery, opts: RelatedOptions = DEFAULT_OPTIONS): Map<string, number> {
  const weights = new Map<string, number>();
  const add = (w: string, x: number) => weights.set(w, Math.max(weights.get(w) ?? 0, x));
  const body = [query.prompt, ...query.parts].join("\n").replace(RELATED_DIRECTIVE, " ");
  for (const w of topicWords(body.replace(INLINE_CODE, " "))) add(w, 1);
  for (const code of body.match(INLINE_CODE) ?? []) for (const w of topicWords(code)) add(w, opts.codeWeight);
  for (const w of topicWords(query.title)) add(w, opts.titleBoost);
  for (const widget of widgetsForTestQuestion({ title: query.title, prompt: query.prompt, parts: query.parts.map((p) => ({ prompt: p })) }))
    add(conceptToken(widget), opts.conceptBoost);
  return weights;
}

/** BM25F over what cards ask, plus answerWeight times BM25 over their answers; best first. */
export function scoreCards(weights: Map<string, number>, index: CardIndex) {
  const calledFor = (widget: string) => weights.has(conceptToken(widget));
  const text = [...weights.keys()].join(" ");
  const boostTerm = (t: string) => weights.get(t) ?? 1;
  const scores = new Map<string, { score: number; terms: string[] }>();
  for (const h of index.asks.search(text, { boostTerm })) scores.set(String(h.id), { score: h.score, terms: h.queryTerms });
  for (const h of index.answers.search(text, { boostTerm })) {
    const s = scores.get(String(h.id));
    const add = index.options.answerWeight * h.score;
    if (s) s.score += add;
    else scores.set(String(h.id), { score: add, terms: [] });
  }
  for (const [id, s] of scores)
    if ((index.falseFriends.get(id) ?? []).some(calledFor)) s.score *= index.options.falseFriendFactor;
  return [...scores].map(([id, s]) => ({ id, ...s })).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

/**
 * Every matching card's score for the question: `direct` from the question's own words, `hits`
 * after pseudo-relevance feedback and neighbourhood evidence (the ranking), both best first.
 */
export function scoreRelated(query: RelatedQuery, index: CardIndex) {
  const weights = queryWeights(query, index.options);
  const direct = scoreCards(weights, index);
  // Pseudo-relevance feedback (Rocchio): the best few cards' question words join the query, so
  // cards that ask the same thing in other words ("feed-forward network" for "The FFN") rise.
  let hits = direct;
  const { feedbackCards, feedbackWeight } = index.options;
  if (feedbackWeight > 0 && direct.length > 0) {
    const expanded = new Map(weights);
    for (const h of direct.slice(0, feedbackCards))
      for (const w of new Set(index.questionWords.get(h.id) ?? []))
        expanded.set(w, (expanded.get(w) ?? 0) + (feedbackWeight * h.score) / direct[0].score / feedbackCards);
    hits = scoreCards(expanded, index);
  }
  return { weights, direct, hits: withNeighbours(hits, index) };
}

/** The k cards most related to the question, best first: explicit links, then BM25F matches. */
export function rankRelatedCards(query: RelatedQuery, index: CardIndex, k = 5): RankedCard[] {
  const out: RankedCard[] = [];
  const seen = new Set<string>();
  for (const name of relatedDirectiveIds([query.prompt, ...query.parts].join("\n"))) {
    const id = index.byName.get(name);
    if (id && !seen.has(id) && out.length < k) {
      seen.add(id);
      out.push({ id, score: 1, explicit: true });
    }
  }
  const { weights, direct, hits } = scoreRelated(query, index);
  if (direct.length === 0) return out;
  // Scores come from the question's own words (feedback inflates the best card's score, which
  // would shrink every other one): BM25 over the best card's, times √ of the share of the
  // question's idf-weighted words that card asks about (1 for a card asking exactly the question).
  // Neighbourhood evidence changes the order only: a card no word of the question matches scores 0
  // (shown, never queued), and so does every card after it.
  const idf = (w: string) => Math.log(1 + index.size / (index.df.get(w) ?? index.size));
  const mass = (ws: Iterable<string>) => [...ws].reduce((sum, w) => sum + (weights.get(w) ?? 0) * idf(w), 0);
  const scale = Math.sqrt(mass(direct[0].terms) / (mass(weights.keys()) || 1)) / direct[0].score;
  const directScore = new Map(direct.map((h) => [h.id, h.score * scale]));
  let ceiling = 1;
  for (const h of hits) {
    if (out.length >= k) break;
    if (seen.has(h.id)) continue;
    seen.add(h.id);
    // never above a card ranked before it: the list reads best first and the threshold cuts a prefix
    ceiling = Math.min(ceiling, directScore.get(h.id) ?? 0);
    out.push({ id: h.id, score: Math.round(ceiling * 1000) / 1000 });
  }
  return out;
}

/** The related cards "review weak answers" puts into the queue: explicit links and those at or above the threshold. */
export function cardsToQueue(ranked: RankedCard[], threshold = QUEUE_THRESHOLD): RankedCard[] {
  return ranked.filter((r) => r.explicit || r.score >= threshold);
}

/** `<!-- related: -->` links that name no active card (a typo, a retired card): for the author. */
export function unresolvedRelatedLinks(questions: { number: number; prompt: string; parts: { prompt: string }[] }[], known: Set<string>): { number: number; id: string }[] {
  return questions.flatMap((q) => relatedDirectiveIds([q.prompt, ...q.parts.map((p) => p.prompt)].join("\n")).filter((id) => !known.has(id)).map((id) => ({ number: q.number, id })));
}
