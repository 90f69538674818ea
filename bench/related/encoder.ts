/**
 * Sentence-encoder signals for related cards (issue 15), scored on the labelled set with the same
 * definitions as `npm run eval:related` and the held-out reporting of bench/related/experiments.ts.
 *
 * The encoder runs outside the project (no model ships in a package the project installs, see
 * bench/RESULTS.md), so this takes precomputed vectors:
 *
 *   node --import tsx bench/related/encoder.ts --dump /tmp/enc/texts.json
 *       writes every text to embed, as { texts: { key: text } }: card:q:<id> (the card's question),
 *       card:qa:<id> (question + answer), query:full:<n> (title, prompt and parts), query:title:<n>
 *   (any encoder) texts.json -> vectors.json, { model: string, vectors: { key: number[] } }
 *       e.g. bench/related/embed-use-lite.mjs (Universal Sentence Encoder lite, run from a scratch dir)
 *   node --import tsx bench/related/encoder.ts --vectors /tmp/enc/vectors.json [-v]
 *       scores the encoder alone and fused with the shipped ranker, grid by grid
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { indexCards, NEIGHBOURS, scoreRelated, type RelatedQuery } from "@/lib/exams/related";
import { cards, ids, N, order, QS, report as reportGrid, scaled, toVec, type Scores } from "./labelled-set";

const { values: args } = parseArgs({
  options: { dump: { type: "string" }, vectors: { type: "string" }, verbose: { type: "boolean", short: "v", default: false } },
  strict: true,
});

const plain = (s: string) => s.replace(/<!--[\s\S]*?-->/g, " ").replace(/\s+/g, " ").trim();
const queryText = (q: RelatedQuery) => plain([q.title, q.prompt, ...q.parts].join("\n"));

if (args.dump) {
  const texts: Record<string, string> = {};
  for (const c of cards) {
    texts[`card:q:${c.id}`] = plain(c.question);
    texts[`card:qa:${c.id}`] = plain(`${c.question}\n${c.answer ?? ""}`);
  }
  for (const q of QS) {
    texts[`query:full:${q.number}`] = queryText(q.query);
    texts[`query:title:${q.number}`] = plain(q.query.title);
  }
  fs.writeFileSync(args.dump, JSON.stringify({ texts }));
  console.log(`${Object.keys(texts).length} texts (${N} cards x 2, ${QS.length} questions x 2) -> ${args.dump}`);
  process.exit(0);
}
if (!args.vectors) {
  console.error("usage: encoder.ts --dump <texts.json> | --vectors <vectors.json> [-v]");
  process.exit(2);
}

const { model, vectors } = JSON.parse(fs.readFileSync(args.vectors, "utf8")) as { model: string; vectors: Record<string, number[]> };
const unit = (v: number[]) => {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return Float64Array.from(v, (x) => x / n);
};
const vec = (key: string) => {
  const v = vectors[key];
  if (!v) throw new Error(`${args.vectors}: no vector for ${key} (run --dump again and re-embed)`);
  return unit(v);
};
const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
type Rep = "q" | "qa";
type QRep = "full" | "title";
const CARD: Record<Rep, Float64Array[]> = { q: ids.map((id) => vec(`card:q:${id}`)), qa: ids.map((id) => vec(`card:qa:${id}`)) };
const QUERY: Record<QRep, Float64Array[]> = { full: QS.map((q) => vec(`query:full:${q.number}`)), title: QS.map((q) => vec(`query:title:${q.number}`)) };
console.log(`model: ${model}; ${N} cards, ${QS.length} questions, ${CARD.q[0].length} dimensions`);

/** A grid's rows, then the held-out figures of choosing among them (the first row is the baseline). */
const report = (name: string, rows: { label: string; per: Scores[] }[]) => void reportGrid(name, rows, { labelWidth: 46, perQuestion: args.verbose });

// ---------- the shipped ranker, and the ranker before its neighbourhood step
const shippedIndex = indexCards(cards);
const beforeIndex = indexCards(cards, { neighbours: { ...NEIGHBOURS, mix: 0 } });
const SHIPPED = QS.map((q) => scaled(toVec(scoreRelated(q.query, shippedIndex).hits)));
const BEFORE = QS.map((q) => scaled(toVec(scoreRelated(q.query, beforeIndex).hits)));

// ---------- encoder scores
const t0 = performance.now();
/** Cosine of each card to the question. */
const COS = (rep: Rep, qrep: QRep) => QS.map((_, qi) => Float64Array.from(CARD[rep], (c) => dot(QUERY[qrep][qi], c)));
/** Cosine rescaled per question: 0 at the bank's mean, 1 at the best card, negative clipped to 0. */
const lifted = (s: Scores) => {
  let m = 0;
  let mx = -Infinity;
  for (const x of s) {
    m += x / s.length;
    mx = Math.max(mx, x);
  }
  return s.map((x) => Math.max(0, (x - m) / (mx - m || 1)));
};
// a tiny floor keeps every card in the ranking (order() drops zeros) without changing the order
const alone = (s: Scores) => s.map((x) => x + 2);
const rrf = (runs: Scores[], k: number) => {
  const out = new Float64Array(N);
  for (const r of runs) order(r).forEach((i, rank) => (out[i] += 1 / (k + rank + 1)));
  return out;
};
const fuse = (a: Scores, b: Scores, w: number) => a.map((x, i) => x + w * b[i]);

/** One step of personalised PageRank from the top `seeds` cards over a kNN graph, mixed in as the shipped ranker does. */
function neighbours(s: Scores, graph: [number, number][][], mix = NEIGHBOURS.mix, seeds = NEIGHBOURS.seeds, restart = NEIGHBOURS.restart) {
  const top = order(s).slice(0, seeds);
  if (top.length === 0) return s;
  const total = top.reduce((a, i) => a + s[i], 0) || 1;
  const walk = new Float64Array(N);
  for (const i of top) {
    const p = s[i] / total;
    walk[i] += restart * p;
    const sum = graph[i].reduce((a, [, w]) => a + w, 0);
    for (const [j, w] of graph[i]) if (sum > 0) walk[j] += (restart * (1 - restart) * p * w) / sum;
  }
  const maxWalk = Math.max(...walk);
  const best = s[top[0]];
  return s.map((x, i) => ((1 - mix) * x) / best + (mix * walk[i]) / maxWalk);
}
/** Each card's k nearest cards by a similarity, best first. */
const knn = (sim: (a: number, b: number) => number, k: number) =>
  ids.map((_, i) => {
    const row: [number, number][] = [];
    for (let j = 0; j < N; j++) if (j !== i) row.push([j, sim(i, j)]);
    return row.filter(([, x]) => x > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k);
  });
// the shipped graph: tf-idf cosine of question and answer words (the index's own vectors)
const tv = shippedIndex.vectors;
const sparse = tv.terms.map((ts, c) => new Map(Array.from(ts, (t, i) => [t, tv.weights[c][i]])));
const tfidfGraph = knn((a, b) => {
  let s = 0;
  for (const [t, x] of sparse[a]) s += x * (sparse[b].get(t) ?? 0);
  return s;
}, NEIGHBOURS.k);
const encGraph = (rep: Rep) => knn((a, b) => dot(CARD[rep][a], CARD[rep][b]), NEIGHBOURS.k);

const WS = [0.1, 0.2, 0.3, 0.5, 0.75, 1];
const rows: Record<string, { label: string; per: Scores[] }[]> = {};

rows["encoder alone"] = [{ label: "shipped ranker", per: SHIPPED }];
for (const rep of ["q", "qa"] as Rep[]) for (const qrep of ["full", "title"] as QRep[]) rows["encoder alone"].push({ label: `cosine, card ${rep}, query ${qrep}`, per: COS(rep, qrep).map(alone) });

rows["shipped + w x cosine (rescaled per question), every card"] = [{ label: "shipped ranker", per: SHIPPED }];
for (const rep of ["q", "qa"] as Rep[])
  for (const w of WS) {
    const c = COS(rep, "full").map(lifted);
    rows["shipped + w x cosine (rescaled per question), every card"].push({ label: `card ${rep}, w ${w}`, per: SHIPPED.map((s, qi) => fuse(s, c[qi], w)) });
  }

rows["shipped + w x raw cosine, only cards the ranker found"] = [{ label: "shipped ranker", per: SHIPPED }];
for (const rep of ["q", "qa"] as Rep[])
  for (const w of WS) {
    const c = COS(rep, "full");
    rows["shipped + w x raw cosine, only cards the ranker found"].push({ label: `card ${rep}, w ${w}`, per: SHIPPED.map((s, qi) => s.map((x, i) => (x > 0 ? x + w * c[qi][i] : 0))) });
  }

rows["reciprocal-rank fusion of shipped and cosine"] = [{ label: "shipped ranker", per: SHIPPED }];
for (const rep of ["q", "qa"] as Rep[])
  for (const k of [5, 10, 30, 60]) {
    const c = COS(rep, "full").map(alone);
    rows["reciprocal-rank fusion of shipped and cosine"].push({ label: `card ${rep}, k ${k}`, per: SHIPPED.map((s, qi) => rrf([s, c[qi]], k)) });
  }

// cosine as seed evidence: fused into the ranker before its neighbourhood step (its PageRank seeds), and/or the encoder's own kNN graph
const reproduced = BEFORE.map((s) => neighbours(s, tfidfGraph));
rows["cosine in the PageRank seeds / encoder kNN graph"] = [{ label: "shipped ranker", per: SHIPPED }, { label: "shipped, reimplemented here", per: reproduced }];
for (const rep of ["q", "qa"] as Rep[]) {
  const c = COS(rep, "full").map(lifted);
  const g = encGraph(rep);
  for (const w of [0.1, 0.2, 0.3, 0.5, 1]) rows["cosine in the PageRank seeds / encoder kNN graph"].push({ label: `seeds before + ${w} x cos(${rep}), tf-idf graph`, per: BEFORE.map((s, qi) => neighbours(fuse(s, c[qi], w), tfidfGraph)) });
  rows["cosine in the PageRank seeds / encoder kNN graph"].push({ label: `before, encoder graph (${rep})`, per: BEFORE.map((s) => neighbours(s, g)) });
  for (const w of [0.2, 0.5]) rows["cosine in the PageRank seeds / encoder kNN graph"].push({ label: `seeds before + ${w} x cos(${rep}), encoder graph`, per: BEFORE.map((s, qi) => neighbours(fuse(s, c[qi], w), g)) });
}
const scoring = performance.now() - t0;

for (const [name, r] of Object.entries(rows)) report(name, r);
console.log(`\nscoring every grid: ${(scoring / 1000).toFixed(1)} s (the encoder's own cost is the producer's)`);
