/**
 * node --import tsx bench/related/experiments.ts [names...]: the third pass on issue 15's retrieval
 * target. Each experiment re-scores the bank's cards for the 20 labelled questions and prints
 * precision@5 / recall@10 / tempting@5 on all questions, on the odd- and even-numbered ones, and
 * the held-out figures of its grid: the setting chosen on one half scored on the other, and
 * leave-one-question-out (the setting best on the other 19, scored on the one left out).
 */
import { indexCards, NEIGHBOURS, scoreCards, scoreRelated, topicWords, type RelatedQuery } from "@/lib/exams/related";
import { widgetsFor } from "@/lib/widgets/registry";
import { ALL, cards, EVEN, f2, metrics, mean, N, ODD, order, pos, QS, report, scaled, test, toVec, type Scores } from "./labelled-set";

// ---------- base features
let t0 = performance.now();
// the ranker before this pass: no neighbourhood evidence (NEIGHBOURS' mix 0)
const index = indexCards(cards, { neighbours: { ...NEIGHBOURS, mix: 0 } });
const shippedIndex = indexCards(cards);
console.log(`index ${(performance.now() - t0).toFixed(0)} ms, ${N} cards, ${QS.length} questions`);
const SHIPPED: Scores[] = [];
const DIRECT: Scores[] = [];
const WEIGHTS: Map<string, number>[] = [];
for (const q of QS) {
  const r = scoreRelated(q.query, index);
  SHIPPED.push(toVec(r.hits));
  DIRECT.push(toVec(r.direct));
  WEIGHTS.push(r.weights);
}
const ASKS: Scores[] = [];
const ANSWERS: Scores[] = [];
for (const w of WEIGHTS) {
  const text = [...w.keys()].join(" ");
  const boostTerm = (t: string) => w.get(t) ?? 1;
  ASKS.push(toVec(index.asks.search(text, { boostTerm }).map((h) => ({ id: String(h.id), score: h.score }))));
  ANSWERS.push(toVec(index.answers.search(text, { boostTerm }).map((h) => ({ id: String(h.id), score: h.score }))));
}

// ---------- card text
const qWords = cards.map((c) => topicWords(c.question));
const aWords = cards.map((c) => topicWords(c.answer ?? ""));
const firstSentence = (a: string) => (a.split(/(?<=[.!?])\s|\n/).find((s) => s.trim().length > 0) ?? "").trim();
const a1Words = cards.map((c) => topicWords(firstSentence(c.answer ?? "")));
const dfOf = (docs: string[][]) => {
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(d)) df.set(w, (df.get(w) ?? 0) + 1);
  return df;
};
const dfQA = dfOf(cards.map((_, i) => [...qWords[i], ...aWords[i]]));
const idfQA = (w: string) => Math.log(1 + N / (dfQA.get(w) ?? 1));

/** tf-idf vectors (log tf), unit length. */
function tfidf(docs: string[][], idf: (w: string) => number) {
  return docs.map((d) => {
    const tf = new Map<string, number>();
    for (const w of d) tf.set(w, (tf.get(w) ?? 0) + 1);
    const v = new Map<string, number>();
    let n = 0;
    for (const [w, c] of tf) {
      const x = (1 + Math.log(c)) * idf(w);
      v.set(w, x);
      n += x * x;
    }
    n = Math.sqrt(n) || 1;
    for (const [w, x] of v) v.set(w, x / n);
    return v;
  });
}
const cos = (a: Map<string, number>, b: Map<string, number>) => {
  let s = 0;
  const [x, y] = a.size < b.size ? [a, b] : [b, a];
  for (const [w, v] of x) {
    const u = y.get(w);
    if (u) s += u * v;
  }
  return s;
};

const experiments: Record<string, () => void> = {};

experiments.base = () => {
  const now = QS.map((q) => toVec(scoreRelated(q.query, shippedIndex).hits));
  report("base", [
    { label: "shipped now (with NEIGHBOURS)", per: now },
    { label: "before (BM25F + answers + feedback)", per: SHIPPED },
    { label: "direct (no feedback)", per: DIRECT },
    { label: "asks only", per: ASKS },
    { label: "answers only", per: ANSWERS },
  ]);
};

// ---------- 1. score regularisation over a kNN graph of the bank
function knnGraph(vecs: Map<string, number>[], k: number) {
  const sims = vecs.map((v, i) => {
    const row: [number, number][] = [];
    vecs.forEach((u, j) => {
      if (j !== i) {
        const s = cos(v, u);
        if (s > 0) row.push([j, s]);
      }
    });
    return row.sort((a, b) => b[1] - a[1]).slice(0, k);
  });
  return sims;
}
experiments.diffusion = () => {
  const reps: [string, Map<string, number>[]][] = [
    ["q", tfidf(qWords, idfQA)],
    ["q+a", tfidf(cards.map((_, i) => [...qWords[i], ...qWords[i], ...aWords[i]]), idfQA)],
  ];
  const rows: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
  for (const [rn, vecs] of reps)
    for (const k of [5, 10, 20]) {
      const g = knnGraph(vecs, k);
      for (const alpha of [0.1, 0.2, 0.3, 0.5])
        for (const steps of [1, 2]) {
          rows.push({
            label: `${rn} k${k} a${alpha} x${steps}`,
            per: SHIPPED.map((s0) => {
              let s = scaled(s0);
              const base = s;
              for (let t = 0; t < steps; t++) {
                const next = new Float64Array(N);
                for (let i = 0; i < N; i++) {
                  let num = 0;
                  let den = 0;
                  for (const [j, w] of g[i]) {
                    num += w * s[j];
                    den += w;
                  }
                  next[i] = (1 - alpha) * base[i] + alpha * (den > 0 ? num / den : 0);
                }
                s = next;
              }
              return s;
            }),
          });
        }
    }
  report("1a. score regularisation (kNN graph, tf-idf cosine)", rows, { baselineLabel: "before (BM25F, no neighbours)" });

  // personalised PageRank seeded by the top k, restart r
  const g = knnGraph(reps[1][1], 10);
  const prRows: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
  for (const seeds of [5, 10, 20])
    for (const r of [0.5, 0.7, 0.85])
      for (const mix of [0.3, 0.5, 1]) {
        prRows.push({
          label: `ppr seeds${seeds} restart${r} mix${mix}`,
          per: SHIPPED.map((s0) => {
            const s = scaled(s0);
            const top = order(s).slice(0, seeds);
            const p0 = new Float64Array(N);
            const tot = top.reduce((a, i) => a + s[i], 0);
            for (const i of top) p0[i] = s[i] / tot;
            let p = p0;
            for (let it = 0; it < 20; it++) {
              const next = p0.map((x) => r * x);
              for (let i = 0; i < N; i++) {
                if (p[i] === 0) continue;
                const den = g[i].reduce((a, [, w]) => a + w, 0);
                for (const [j, w] of g[i]) next[j] += ((1 - r) * p[i] * w) / den;
              }
              p = next;
            }
            const pm = scaled(p);
            return s.map((x, i) => (1 - mix) * x + mix * pm[i]);
          }),
        });
      }
  report("1b. personalised PageRank over the kNN graph (q+a, k 10)", prRows, { baselineLabel: "before (BM25F, no neighbours)" });
};

experiments.deck = () => {
  const leaf = cards.map((c) => (c.deck ?? []).join("/"));
  const rows: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
  for (const top of [5, 10])
    for (const beta of [0.1, 0.2, 0.4])
      rows.push({
        label: `deck share of top ${top}, boost ${beta}`,
        per: SHIPPED.map((s0) => {
          const s = scaled(s0);
          const o = order(s).slice(0, top);
          const share = new Map<string, number>();
          for (const i of o) share.set(leaf[i], (share.get(leaf[i]) ?? 0) + s[i]);
          const tot = o.reduce((a, i) => a + s[i], 0);
          return s.map((x, i) => (x > 0 ? x * (1 + (beta * (share.get(leaf[i]) ?? 0)) / tot) : 0));
        }),
      });
  report("1c. deck coherence", rows, { baselineLabel: "before (BM25F, no neighbours)" });
};

// ---------- 2. sequential dependence (Metzler & Croft): ordered / unordered bigrams of the question
function queryPhrases(q: RelatedQuery) {
  const segs = [q.title, ...q.prompt.split(/\n+/), ...q.parts].map((t) => topicWords(t.replace(/`[^`\n]+`/g, " ")));
  const ordered = new Set<string>();
  for (const s of segs) for (let i = 0; i + 1 < s.length; i++) if (s[i] !== s[i + 1]) ordered.add(`${s[i]} ${s[i + 1]}`);
  return [...ordered];
}
function phraseScore(pairs: string[], docs: string[][], window: number, idf: (w: string) => number) {
  // a pair counts once per doc, weighted by the idf of its rarer word (a stand-in for the pair's idf)
  return docs.map((d) => {
    let s = 0;
    for (const p of pairs) {
      const [a, b] = p.split(" ");
      let hit = false;
      for (let i = 0; i < d.length && !hit; i++) {
        if (d[i] !== a && (window === 1 || d[i] !== b)) continue;
        const other = d[i] === a ? b : a;
        for (let j = i + 1; j <= i + window && j < d.length; j++)
          if (d[j] === other && (window > 1 || d[i] === a)) {
            hit = true;
            break;
          }
      }
      if (hit) s += Math.min(idf(a), idf(b));
    }
    return s;
  });
}
experiments.sdm = () => {
  const pairs = QS.map((q) => queryPhrases(q.query));
  const feats = (docs: string[][], w: number) => pairs.map((p) => Float64Array.from(phraseScore(p, docs, w, idfQA)));
  const oq = feats(qWords, 1);
  const uq = feats(qWords, 8);
  const oa = feats(aWords, 1);
  const ua = feats(aWords, 8);
  const rows: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
  rows.push({ label: "ordered pairs in questions alone", per: oq });
  for (const lo of [0.05, 0.1, 0.2, 0.4])
    for (const lu of [0, 0.05, 0.1])
      for (const la of [0, 0.5])
        rows.push({
          label: `ordered ${lo} unordered ${lu} answers x${la}`,
          per: SHIPPED.map((s0, qi) => {
            const s = scaled(s0);
            const mx = Math.max(1e-9, ...oq[qi]);
            return s.map((x, i) => x + (lo * (oq[qi][i] + la * oa[qi][i]) + lu * (uq[qi][i] + la * ua[qi][i])) / mx / 1);
          }),
        });
  report("2. sequential dependence (ordered/unordered pairs)", rows, { baselineLabel: "before (BM25F, no neighbours)" });
};

// ---------- 3. query expansion from co-occurrence in the whole content/ corpus
experiments.cooc = () => {
  // documents: each card's question + answer (all dialects go through the same parser), plus each test question
  const docs = [...cards.map((_, i) => new Set([...qWords[i], ...aWords[i]])), ...test.questions.map((q) => new Set(topicWords([q.title, q.prompt, ...q.parts.map((p) => p.prompt)].join(" "))))];
  const D = docs.length;
  const df = new Map<string, number>();
  const co = new Map<string, Map<string, number>>();
  for (const d of docs) {
    const ws = [...d];
    for (const w of ws) df.set(w, (df.get(w) ?? 0) + 1);
    for (const a of ws) {
      let m = co.get(a);
      if (!m) co.set(a, (m = new Map()));
      for (const b of ws) if (a !== b) m.set(b, (m.get(b) ?? 0) + 1);
    }
  }
  const pmiNeighbours = (w: string, m: number, minCo: number) => {
    const row = co.get(w);
    if (!row) return [];
    const dw = df.get(w)!;
    return [...row]
      .filter(([, c]) => c >= minCo)
      .map(([b, c]) => [b, Math.log((c * D) / (dw * df.get(b)!)) * (c / dw)] as [string, number]) // PMI times P(b|w): favours frequent, specific co-occurrents
      .filter(([, x]) => x > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, m);
  };
  const rows: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
  for (const m of [2, 5])
    for (const minCo of [2, 3])
      for (const beta of [0.1, 0.2, 0.4])
        rows.push({
          label: `pmi top${m} minCo${minCo} beta${beta}`,
          per: QS.map((q, qi) => {
            const w0 = WEIGHTS[qi];
            const exp = new Map(w0);
            for (const [w, x] of w0) {
              if (w.startsWith("widget:")) continue;
              const ns = pmiNeighbours(w, m, minCo);
              const top = ns[0]?.[1] ?? 1;
              for (const [b, y] of ns) exp.set(b, Math.max(exp.get(b) ?? 0, Math.min(exp.get(b) ?? Infinity, 0) + beta * x * (y / top)));
            }
            return toVec(scoreCards(exp, index));
          }),
        });
  report("3a. query expansion by co-occurrence (PMI within a card), no feedback", rows, { baselineLabel: "before (BM25F, no neighbours)" });

  // RM3: P(w|R) ∝ Σ_d P(w|d) P(q|d) over the top n cards (question + answer words), top m terms, interpolated beta
  const rm3: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
  for (const n of [3, 5, 10])
    for (const m of [10, 20])
      for (const beta of [0.2, 0.4])
        rm3.push({
          label: `rm3 docs${n} terms${m} beta${beta}`,
          per: QS.map((q, qi) => {
            const s = DIRECT[qi];
            const top = order(s).slice(0, n);
            const tot = top.reduce((a, i) => a + s[i], 0);
            const pw = new Map<string, number>();
            for (const i of top) {
              const d = [...qWords[i], ...qWords[i], ...aWords[i]];
              for (const w of d) pw.set(w, (pw.get(w) ?? 0) + s[i] / tot / d.length);
            }
            const terms = [...pw].sort((a, b) => b[1] - a[1]).slice(0, m);
            const tmax = terms[0]?.[1] ?? 1;
            const w0 = WEIGHTS[qi];
            const wmax = Math.max(...w0.values());
            const exp = new Map([...w0].map(([w, x]) => [w, (1 - beta) * x] as [string, number]));
            for (const [w, x] of terms) exp.set(w, (exp.get(w) ?? 0) + (beta * wmax * x) / tmax);
            return toVec(scoreCards(exp, index));
          }),
        });
  report("3b. RM3 over several feedback cards (instead of the one-card feedback)", rm3, { baselineLabel: "before (BM25F, no neighbours)" });
};

// ---------- 5. query likelihood with Dirichlet smoothing
function qlScores(weights: Map<string, number>, docs: string[][], mu: number) {
  const cf = new Map<string, number>();
  let total = 0;
  for (const d of docs)
    for (const w of d) {
      cf.set(w, (cf.get(w) ?? 0) + 1);
      total++;
    }
  const tfs = docs.map((d) => {
    const m = new Map<string, number>();
    for (const w of d) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  });
  const ws = [...weights].filter(([w]) => cf.has(w));
  return Float64Array.from(
    tfs.map((tf, i) => {
      let s = 0;
      let any = false;
      for (const [w, x] of ws) {
        const pc = cf.get(w)! / total;
        const t = tf.get(w) ?? 0;
        if (t > 0) any = true;
        s += x * Math.log((t + mu * pc) / (docs[i].length + mu) / pc); // relative to the collection: 0 when absent-ish
      }
      return any ? Math.max(1e-6, s + 1000) : 0;
    }),
  );
}
experiments.ql = () => {
  const rows: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
  for (const mu of [10, 50, 200]) {
    const fields = [...index.questionWords.values()];
    void fields;
    rows.push({
      label: `QL question words mu${mu}`,
      per: WEIGHTS.map((w) => qlScores(w, cards.map((_, i) => [...qWords[i]]), mu)),
    });
    rows.push({
      label: `QL question x3 + answer mu${mu}`,
      per: WEIGHTS.map((w) => qlScores(w, cards.map((_, i) => [...qWords[i], ...qWords[i], ...qWords[i], ...aWords[i]]), mu)),
    });
  }
  report("5a. query likelihood, Dirichlet smoothing (no widget concepts, no feedback)", rows, { baselineLabel: "before (BM25F, no neighbours)" });

  const a1: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
  const a1Docs = tfidf(a1Words, idfQA);
  for (const lam of [0.1, 0.2, 0.4])
    a1.push({
      label: `+ ${lam} x cosine(question, answer's first sentence)`,
      per: QS.map((q, qi) => {
        const qv = tfidf([[...WEIGHTS[qi].keys()].filter((w) => !w.startsWith("widget:"))], idfQA)[0];
        const s = scaled(SHIPPED[qi]);
        return s.map((x, i) => x + lam * cos(qv, a1Docs[i]));
      }),
    });
  report("5b. answer's first sentence as a field", a1, { baselineLabel: "before (BM25F, no neighbours)" });
};


// ---------- 6. the test as context: a prior for cards close to what the whole test is about
const testText = test.questions.map((q) => topicWords([q.title, q.prompt, ...q.parts.map((p) => p.prompt)].join(" ").replace(/`[^`\n]+`/g, " ")));
function testPrior(rep: "q" | "q+a", leaveOut?: number) {
  const docs = rep === "q" ? qWords : cards.map((_, i) => [...qWords[i], ...aWords[i]]);
  const vecs = tfidf(docs, idfQA);
  const words = testText.filter((_, i) => test.questions[i].number !== leaveOut).flat();
  const c = tfidf([words], idfQA)[0];
  return Float64Array.from(vecs.map((v) => cos(v, c)));
}
experiments.context = () => {
  const rows: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
  for (const rep of ["q", "q+a"] as const)
    for (const excl of [false, true]) {
      const priors = QS.map((q) => (excl ? testPrior(rep, q.number) : null));
      const all = testPrior(rep);
      for (const g of [0.5, 1, 2, 4])
        rows.push({
          label: `${rep}${excl ? " others" : ""} x(1 + ${g} prior)`,
          per: SHIPPED.map((s0, qi) => {
            const p = priors[qi] ?? all;
            return scaled(s0).map((x, i) => x * (1 + g * p[i]));
          }),
        });
    }
  report("6. test context prior (cosine of card to the whole test)", rows, { baselineLabel: "before (BM25F, no neighbours)" });
};


// ---------- 4. learning to rank: coordinate ascent over a linear combination, leave-one-question-out
function featureSet() {
  const F: Record<string, Scores[]> = {};
  F.shipped = SHIPPED.map(scaled);
  // the ranker as shipped after this pass (with NEIGHBOURS)
  F.now = QS.map((q) => scaled(toVec(scoreRelated(q.query, shippedIndex).hits)));
  F.direct = DIRECT.map(scaled);
  F.asks = ASKS.map(scaled);
  F.answers = ANSWERS.map(scaled);
  // PPR (seeds 10, restart 0.5) and one-step diffusion (q+a, k 10) of the shipped score
  const vecs = tfidf(cards.map((_, i) => [...qWords[i], ...qWords[i], ...aWords[i]]), idfQA);
  const g = knnGraph(vecs, 10);
  F.diffuse = F.shipped.map((s) => {
    const out = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      let num = 0;
      let den = 0;
      for (const [j, w] of g[i]) {
        num += w * s[j];
        den += w;
      }
      out[i] = den > 0 ? num / den : 0;
    }
    return scaled(out);
  });
  F.ppr = F.shipped.map((s) => {
    const top = order(s).slice(0, 10);
    const p0 = new Float64Array(N);
    const tot = top.reduce((a, i) => a + s[i], 0);
    for (const i of top) p0[i] = s[i] / tot;
    let p = p0;
    for (let it = 0; it < 20; it++) {
      const next = p0.map((x) => 0.5 * x);
      for (let i = 0; i < N; i++) {
        if (p[i] === 0) continue;
        const den = g[i].reduce((a, [, w]) => a + w, 0);
        for (const [j, w] of g[i]) next[j] += (0.5 * p[i] * w) / den;
      }
      p = next;
    }
    return scaled(p);
  });
  const pairs = QS.map((q) => queryPhrases(q.query));
  F.phrases = pairs.map((p) => scaled(Float64Array.from(phraseScore(p, qWords, 1, idfQA))));
  F.phrasesAnswer = pairs.map((p) => scaled(Float64Array.from(phraseScore(p, aWords, 1, idfQA))));
  const prior = testPrior("q+a");
  F.testPrior = QS.map(() => scaled(prior));
  const a1Docs = tfidf(a1Words, idfQA);
  F.firstSentence = QS.map((_, qi) => {
    const qv = tfidf([[...WEIGHTS[qi].keys()].filter((w) => !w.startsWith("widget:"))], idfQA)[0];
    return scaled(Float64Array.from(a1Docs.map((v) => cos(qv, v))));
  });
  F.ql = WEIGHTS.map((w) => {
    const s = qlScores(w, cards.map((_, i) => [...qWords[i], ...qWords[i], ...qWords[i], ...aWords[i]]), 50);
    let lo = Infinity;
    for (const x of s) if (x > 0) lo = Math.min(lo, x);
    return scaled(s.map((x) => (x > 0 ? x - lo + 1e-3 : 0)));
  });
  const titleW = QS.map((q) => new Map(topicWords(q.query.title).map((w) => [w, 1])));
  F.title = titleW.map((w) => scaled(toVec(scoreCards(w, index))));
  F.shortQuestion = QS.map(() => Float64Array.from(qWords.map((w) => 1 / (1 + Math.log(1 + w.length)))));
  return F;
}

experiments.ltr = () => {
  const F = featureSet();
  const names = Object.keys(F);
  // candidates: the union of each feature's top 50 (the rest keep score 0)
  const cand = QS.map((_, qi) => {
    const c = new Set<number>();
    for (const n of names) if (n !== "testPrior" && n !== "shortQuestion") for (const i of order(F[n][qi]).slice(0, 50)) c.add(i);
    return [...c];
  });
  const combine = (w: number[], qi: number) => {
    const s = new Float64Array(N);
    for (const i of cand[qi]) {
      let x = 1e-9;
      names.forEach((n, k) => (x += w[k] * F[n][qi][i]));
      s[i] = Math.max(x, 1e-12);
    }
    return s;
  };
  // objective: P@5 plus a smoother average precision at 20 (fewer ties on 19 queries)
  const objective = (w: number[], on: number[]) => {
    let tot = 0;
    for (const qi of on) {
      const o = order(combine(w, qi));
      const q = QS[qi];
      let hit = 0;
      let ap = 0;
      o.slice(0, 20).forEach((i, r) => {
        if (q.rel.has(i)) {
          hit += 1;
          ap += hit / (r + 1);
        }
      });
      tot += o.slice(0, 5).filter((i) => q.rel.has(i)).length / 5 + (0.5 * ap) / Math.min(q.rel.size, 20);
    }
    return tot / on.length;
  };
  const GRID = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2];
  const fit = (on: number[], use: string[]) => {
    const anchor = use[0];
    const w: number[] = names.map((n) => (n === anchor ? 1 : 0));
    let best = objective(w, on);
    for (let pass = 0; pass < 3; pass++) {
      let moved = false;
      for (const n of use) {
        const k = names.indexOf(n);
        if (n === anchor) continue; // the scale anchor
        for (const v of GRID) {
          const old = w[k];
          w[k] = v;
          const o = objective(w, on);
          if (o > best + 1e-9) {
            best = o;
            moved = true;
          }
          else w[k] = old;
        }
      }
      if (!moved) break;
    }
    return w;
  };
  const sets: [string, string[]][] = [
    ["graph (diffuse, ppr)", ["shipped", "diffuse", "ppr"]],
    ["fields (asks, answers, title)", ["shipped", "asks", "answers", "title"]],
    ["proximity + first sentence + ql", ["shipped", "phrases", "phrasesAnswer", "firstSentence", "ql"]],
    ["priors (test, short question)", ["shipped", "testPrior", "shortQuestion"]],
    ["all features", names.filter((n) => n !== "now")],
    ["the new ranker (with neighbours) + all other features", ["now", ...names.filter((n) => n !== "now" && n !== "ppr" && n !== "diffuse")]],
  ];
  for (const [label, use] of sets) {
    const wAll = fit(ALL, use);
    const mAll = metrics(QS.map((_, qi) => combine(wAll, qi)));
    const loo = ALL.map((i) => {
      const w = fit(ALL.filter((j) => j !== i), use);
      return metrics([...QS.map((_, qi) => (qi === i ? combine(w, qi) : new Float64Array(N)))]);
    });
    const looP = mean(loo.map((m, i) => m.p5[i]));
    const looR = mean(loo.map((m, i) => m.r10[i]));
    const looT = mean(loo.map((m, i) => m.t5[i]));
    const wO = fit(ODD, use);
    const wE = fit(EVEN, use);
    const onE = mean(metrics(QS.map((_, qi) => combine(wO, qi))).p5, EVEN);
    const onO = mean(metrics(QS.map((_, qi) => combine(wE, qi))).p5, ODD);
    console.log(`\n== 4. LTR, ${label}`);
    console.log(`  fitted on all 20: P@5 ${f2(mean(mAll.p5))} R@10 ${f2(mean(mAll.r10))} T@5 ${f2(mean(mAll.t5))}  weights ${names.map((n, k) => (wAll[k] ? `${n} ${wAll[k]}` : "")).filter(Boolean).join(", ")}`);
    console.log(`  leave-one-out: P@5 ${looP.toFixed(3)} R@10 ${looR.toFixed(3)} T@5 ${looT.toFixed(2)}; fitted on odd -> even ${f2(onE)} (before 0.68); fitted on even -> odd ${f2(onO)} (before 0.76)`);
  }
};


// ---------- 7. competition between the test's questions: a card that another question of the same
// test matches much better is that question's card (Rocchio's negative evidence, from the test itself)
experiments.compete = () => {
  const rows: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
  for (const src of ["shipped", "direct"] as const) {
    const base = (src === "shipped" ? SHIPPED : DIRECT).map(scaled);
    const best = new Float64Array(N);
    for (const s of base) for (let i = 0; i < N; i++) best[i] = Math.max(best[i], s[i]);
    for (const g of [0.25, 0.5, 1, 2])
      for (const form of ["ratio", "margin"] as const)
        rows.push({
          label: `${src}: x share^${g} (${form})`,
          per: SHIPPED.map((s0, qi) => {
            const s = scaled(s0);
            return s.map((x, i) => {
              if (x === 0) return 0;
              const own = base[qi][i];
              const share = best[i] > 0 ? own / best[i] : 1;
              return form === "ratio" ? x * Math.pow(Math.max(share, 1e-3), g) : x - g * 0.25 * Math.max(0, best[i] - own);
            });
          }),
        });
  }
  report("7. competition between the test's own questions", rows, { baselineLabel: "before (BM25F, no neighbours)" });
};


// ---------- 8. translation model learned from the bank's question/answer pairs (Berger & Lafferty 1999;
// Xue, Jeon & Croft 2008 for Q&A archives): IBM Model 1, P(question word | answer word), by EM
function ibm1(pairs: [string[], string[]][], iters = 10) {
  // t[src][tgt]: probability that source word src (answer side, plus NULL) yields target word tgt (question side)
  const t = new Map<string, Map<string, number>>();
  const vocabT = new Set(pairs.flatMap(([, q]) => q));
  const init = 1 / vocabT.size;
  const get = (s: string, w: string) => t.get(s)?.get(w) ?? init;
  for (let it = 0; it < iters; it++) {
    const count = new Map<string, Map<string, number>>();
    const total = new Map<string, number>();
    for (const [src0, tgt] of pairs) {
      const src = ["<null>", ...new Set(src0)];
      for (const w of new Set(tgt)) {
        let z = 0;
        for (const s of src) z += get(s, w);
        for (const s of src) {
          const c = get(s, w) / z;
          let m = count.get(s);
          if (!m) count.set(s, (m = new Map()));
          m.set(w, (m.get(w) ?? 0) + c);
          total.set(s, (total.get(s) ?? 0) + c);
        }
      }
    }
    t.clear();
    for (const [s, m] of count) {
      const tot = total.get(s)!;
      const row = new Map<string, number>();
      for (const [w, c] of m) row.set(w, c / tot);
      t.set(s, row);
    }
  }
  return t;
}
experiments.translation = () => {
  const t0 = performance.now();
  // both directions: a card's answer words explain its question words, and the other way round
  const pairs: [string[], string[]][] = cards.flatMap((_, i) => (aWords[i].length && qWords[i].length ? ([[aWords[i], qWords[i]], [qWords[i], aWords[i]]] as [string[], string[]][]) : []));
  const t = ibm1(pairs);
  console.log(`  IBM model 1 on ${pairs.length} pairs: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // expansion: P(w'|w) from the table read as word -> word it translates to, top m, no self
  const neighbours = (w: string, m: number) =>
    [...(t.get(w) ?? new Map<string, number>())].filter(([x]) => x !== w && x !== "<null>").sort((a, b) => b[1] - a[1]).slice(0, m);
  for (const w of ["target", "shift", "batch", "autoregress", "residu", "clip", "optim", "head", "shape"]) console.log(`  ${w}: ${neighbours(w, 6).map(([x, p]) => `${x} ${p.toFixed(2)}`).join(", ")}`);
  const rows: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
  for (const m of [3, 5])
    for (const beta of [0.1, 0.2, 0.4, 0.8])
      rows.push({
        label: `expand top${m} x ${beta} x P, then shipped feedback`,
        per: QS.map((q, qi) => {
          const w0 = WEIGHTS[qi];
          const exp = new Map(w0);
          for (const [w, x] of w0) {
            if (w.startsWith("widget:")) continue;
            for (const [b, p] of neighbours(w, m)) exp.set(b, Math.max(exp.get(b) ?? 0, beta * x * p));
          }
          const direct = scoreCards(exp, index);
          if (direct.length === 0) return new Float64Array(N);
          const fb = new Map(exp);
          for (const w of new Set(index.questionWords.get(direct[0].id) ?? [])) fb.set(w, (fb.get(w) ?? 0) + 1);
          return toVec(scoreCards(fb, index));
        }),
      });
  // TransLM score as a fused feature: P(q|card) = Π_w [(1-l) ( b Pml(w|card) + (1-b) Σ_s T(w|s) Pml(s|card) ) + l P(w|C)]
  const docs = cards.map((_, i) => [...qWords[i], ...aWords[i]]);
  const cf = new Map<string, number>();
  let tot = 0;
  for (const d of docs)
    for (const w of d) {
      cf.set(w, (cf.get(w) ?? 0) + 1);
      tot++;
    }
  const transLM = (weights: Map<string, number>, b: number, mu: number) =>
    Float64Array.from(
      docs.map((d) => {
        const tf = new Map<string, number>();
        for (const w of d) tf.set(w, (tf.get(w) ?? 0) + 1);
        let s = 0;
        let any = false;
        for (const [w, x] of weights) {
          if (!cf.has(w)) continue;
          let tr = 0;
          for (const [src, c] of tf) tr += (t.get(src)?.get(w) ?? 0) * c;
          const pml = (tf.get(w) ?? 0) / Math.max(1, d.length);
          const pd = b * pml + ((1 - b) * tr) / Math.max(1, d.length);
          if (pd > 0) any = true;
          const pc = cf.get(w)! / tot;
          s += x * Math.log(((d.length * pd + mu * pc) / (d.length + mu)) / pc);
        }
        return any ? s : -Infinity;
      }),
    );
  for (const b of [0.5, 0.8]) {
    const tl = WEIGHTS.map((w) => {
      const s = transLM(w, b, 50);
      let lo = Infinity;
      for (const x of s) if (Number.isFinite(x)) lo = Math.min(lo, x);
      return scaled(s.map((x) => (Number.isFinite(x) ? x - lo + 1e-3 : 0)));
    });
    rows.push({ label: `TransLM alone b${b}`, per: tl });
    for (const lam of [0.1, 0.3, 0.5]) rows.push({ label: `shipped + ${lam} x TransLM b${b}`, per: SHIPPED.map((s, qi) => scaled(s).map((x, i) => x + lam * tl[qi][i])) });
  }
  report("8. translation model from the bank's Q/A pairs", rows, { baselineLabel: "before (BM25F, no neighbours)" });
};


experiments.perq = () => {
  const F = featureSet();
  const combos: [string, Scores[]][] = [
    ["shipped", SHIPPED],
    ["ppr mix .5", F.shipped.map((s, qi) => s.map((x, i) => 0.5 * x + 0.5 * F.ppr[qi][i]))],
    ["ppr mix .5 + .2 direct", F.shipped.map((s, qi) => s.map((x, i) => 0.5 * x + 0.5 * F.ppr[qi][i] + 0.2 * F.direct[qi][i]))],
  ];
  const ms = combos.map(([, per]) => metrics(per));
  console.log(`  #   ${combos.map(([l]) => l.padEnd(24)).join("")}`);
  QS.forEach((q, qi) => console.log(`  ${String(q.number).padStart(2)}  ${ms.map((m) => `${f2(m.p5[qi])} t${m.t5[qi]}`.padEnd(24)).join("")}`));
  const o = order(combos[1][1][11]).slice(0, 10);
  for (const i of o) console.log(`   12: ${QS[11].rel.has(i) ? "R" : QS[11].tempt.has(i) ? "T" : "-"} ${cards[i].question.slice(0, 80)}`);
};


/** Personalised PageRank truncated at `hops` steps, seeded by the top `seeds` cards in proportion to their scores. */
function ppr(s: Scores, g: [number, number][][], seeds: number, restart: number, hops: number) {
  const top = order(s).slice(0, seeds);
  const p0 = new Float64Array(N);
  const tot = top.reduce((a, i) => a + s[i], 0);
  for (const i of top) p0[i] = s[i] / tot;
  let walk = p0; // mass still walking after h steps
  const out = p0.map((x) => restart * x);
  for (let h = 1; h <= hops; h++) {
    const next = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      if (walk[i] === 0) continue;
      const den = g[i].reduce((a, [, w]) => a + w, 0);
      for (const [j, w] of g[i]) next[j] += ((1 - restart) * walk[i] * w) / den;
    }
    walk = next;
    for (let i = 0; i < N; i++) out[i] += restart * walk[i];
  }
  return scaled(out);
}
experiments.pprHops = () => {
  const reps: [string, Map<string, number>[]][] = [
    ["q+a", tfidf(cards.map((_, i) => [...qWords[i], ...qWords[i], ...aWords[i]]), idfQA)],
    ["q", tfidf(qWords, idfQA)],
    ["q,a equal", tfidf(cards.map((_, i) => [...qWords[i], ...aWords[i]]), idfQA)],
  ];
  for (const [rn, vecs] of reps)
    for (const k of [5, 10, 20]) {
      const g = knnGraph(vecs, k);
      for (const hops of [1, 2, 20]) {
        const rows: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
        for (const seeds of [5, 10, 20])
          for (const r of [0.5, 0.7])
            for (const mix of [0.3, 0.5, 1])
              rows.push({ label: `seeds${seeds} restart${r} mix${mix}`, per: SHIPPED.map((s0) => { const s = scaled(s0); const p = ppr(s, g, seeds, r, hops); return s.map((x, i) => (1 - mix) * x + mix * p[i]); }) });
        const ms = rows.map((r) => metrics(r.per));
        const bestAll = ms.reduce((b, m, i) => (mean(m.p5) > mean(ms[b].p5) ? i : b), 0);
        const best = (on: number[]) => ms.reduce((b, m, i) => (mean(m.p5, on) + 1e-3 * mean(m.r10, on) > mean(ms[b].p5, on) + 1e-3 * mean(ms[b].r10, on) + 1e-9 ? i : b), 0);
        const loo = ALL.map((q) => best(ALL.filter((j) => j !== q)));
        console.log(
          `  ${rn} k${k} hops${hops}: best on all "${rows[bestAll].label}" P@5 ${f2(mean(ms[bestAll].p5))} R@10 ${f2(mean(ms[bestAll].r10))} T@5 ${f2(mean(ms[bestAll].t5))}; ` +
            `odd->even ${f2(mean(ms[best(ODD)].p5, EVEN))} even->odd ${f2(mean(ms[best(EVEN)].p5, ODD))}; LOO P@5 ${mean(loo.map((b, q) => ms[b].p5[q])).toFixed(3)} R@10 ${mean(loo.map((b, q) => ms[b].r10[q])).toFixed(3)} T@5 ${mean(loo.map((b, q) => ms[b].t5[q])).toFixed(2)}`,
        );
      }
    }
};


experiments.pprPick = () => {
  for (const [rn, docs] of [["q+a", cards.map((_, i) => [...qWords[i], ...qWords[i], ...aWords[i]])], ["q,a equal", cards.map((_, i) => [...qWords[i], ...aWords[i]])]] as const) {
    const g = knnGraph(tfidf(docs as string[][], idfQA), 10);
    const rows: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
    for (const seeds of [5, 10, 20])
      for (const r of [0.3, 0.5, 0.7])
        for (const mix of [0.2, 0.3, 0.5, 0.7, 1])
          rows.push({ label: `seeds${seeds} restart${r} mix${mix}`, per: SHIPPED.map((s0) => { const s = scaled(s0); const p = ppr(s, g, seeds, r, 1); return s.map((x, i) => (1 - mix) * x + mix * p[i]); }) });
    report(`1d. one-hop PPR, ${rn}, k 10`, rows, { baselineLabel: "before (BM25F, no neighbours)" });
  }
};


/** The form to ship: s + lambda * spread / max spread, spread(j) = Σ over the top `seeds` cards i of s(i) w_ij / Σ_k w_ik. */
function spreadScores(s: Scores, g: [number, number][][], seeds: number) {
  const out = new Float64Array(N);
  for (const i of order(s).slice(0, seeds)) {
    const den = g[i].reduce((a, [, w]) => a + w, 0);
    for (const [j, w] of g[i]) out[j] += (s[i] * w) / den;
  }
  return scaled(out);
}
experiments.spread = () => {
  const g = knnGraph(tfidf(cards.map((_, i) => [...qWords[i], ...qWords[i], ...aWords[i]]), idfQA), 10);
  for (const k of [10]) {
    const rows: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
    for (const seeds of [5, 10, 20])
      for (const lam of [0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5])
        rows.push({ label: `k${k} seeds${seeds} lambda${lam}`, per: SHIPPED.map((s0) => { const s = scaled(s0); const p = spreadScores(s, g, seeds); return s.map((x, i) => x + lam * p[i]); }) });
    report("1e. the cluster hypothesis without the seeds' own restart mass: s + lambda x spread from the top cards' 10 nearest neighbours", rows, { baselineLabel: "before (BM25F, no neighbours)" });
  }
};


experiments.rerank = () => {
  const g = knnGraph(tfidf(cards.map((_, i) => [...qWords[i], ...qWords[i], ...aWords[i]]), idfQA), 10);
  const rows: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
  for (const seeds of [10, 15, 20])
    for (const lam of [0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5])
      rows.push({
        label: `rerank top ${seeds} by s + ${lam} x spread`,
        per: SHIPPED.map((s0) => {
          const s = scaled(s0);
          const p = spreadScores(s, g, seeds);
          const top = new Set(order(s).slice(0, seeds));
          return s.map((x, i) => (top.has(i) ? 10 + x + lam * p[i] : x));
        }),
      });
  report("1f. structural re-ranking: the top cards re-ranked by the evidence their neighbours among them give", rows, { baselineLabel: "before (BM25F, no neighbours)" });
};





// ---------- 1g. the same one-step PageRank over a graph from the BM25 index itself (each card's
// question words as a query against the bank's questions and answers)
experiments.bm25graph = () => {
  const t0 = performance.now();
  const g: [number, number][][] = cards.map((c, i) =>
    scoreCards(new Map(qWords[i].map((w) => [w, 1])), index)
      .filter((h) => h.id !== c.id)
      .slice(0, 20)
      .map((h) => [pos.get(h.id)!, h.score] as [number, number]),
  );
  console.log(`  graph: ${((performance.now() - t0) / 1000).toFixed(1)} s for ${N} cards`);
  const rows: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
  for (const k of [5, 10, 20])
    for (const seeds of [10, 20])
      for (const r of [0.3, 0.5])
        for (const mix of [0.3, 0.5, 0.7])
          rows.push({
            label: `bm25 graph k${k} seeds${seeds} restart${r} mix${mix}`,
            per: SHIPPED.map((s0) => {
              const s = scaled(s0);
              const p = ppr(s, g.map((row) => row.slice(0, k)), seeds, r, 1);
              return s.map((x, i) => (1 - mix) * x + mix * p[i]);
            }),
          });
  report("1g. one-step PageRank over a BM25 neighbour graph", rows, { baselineLabel: "before (BM25F, no neighbours)" });
};

// ---------- 9. hubness: a card among many cards' nearest neighbours ("What is a Transformer?") matches
// everything a little; its score divided by (1 + its in-degree / k)^gamma (Radovanović et al. 2010)
experiments.hubness = () => {
  const k = 10;
  const g = knnGraph(tfidf(cards.map((_, i) => [...qWords[i], ...aWords[i]]), idfQA), k);
  const indeg = new Float64Array(N);
  for (const row of g) for (const [j] of row) indeg[j]++;
  const hubs = order(indeg).slice(0, 5);
  console.log(`  biggest hubs: ${hubs.map((i) => `${indeg[i]} ${cards[i].question.slice(0, 40)}`).join(" | ")}`);
  const now = QS.map((q) => toVec(scoreRelated(q.query, shippedIndex).hits));
  const rows: { label: string; per: Scores[] }[] = [
    { label: "before (BM25F, no neighbours)", per: SHIPPED },
    { label: "shipped (with neighbours)", per: now },
  ];
  for (const [name, base] of [["before", SHIPPED], ["shipped", now]] as const)
    for (const gamma of [0.1, 0.25, 0.5, 1])
      rows.push({ label: `${name} / (1 + indegree/k)^${gamma}`, per: base.map((s) => s.map((x, i) => x / Math.pow(1 + indeg[i] / k, gamma))) });
  report("9. hubness reduction", rows, { baselineLabel: "shipped (with neighbours)" });
};

// ---------- 10. the neighbour graph with the widget registry's concepts (and deck words) as terms
experiments.graphTerms = () => {
  const concept = cards.map((c) => widgetsFor({ question: c.question, widgets: c.widgets ?? [], noAutoWidgets: c.noAutoWidgets ?? false }).map((w) => `widget:${w}`));
  const deck = cards.map((c) => topicWords((c.deck ?? []).join(" ")));
  const variants: [string, string[][]][] = [
    ["q + a (shipped)", cards.map((_, i) => [...qWords[i], ...aWords[i]])],
    ["q + a + concepts", cards.map((_, i) => [...qWords[i], ...aWords[i], ...concept[i]])],
    ["q + a + concepts x3", cards.map((_, i) => [...qWords[i], ...aWords[i], ...concept[i], ...concept[i], ...concept[i]])],
    ["q + a + deck", cards.map((_, i) => [...qWords[i], ...aWords[i], ...deck[i]])],
  ];
  const rows: { label: string; per: Scores[] }[] = [{ label: "before (BM25F, no neighbours)", per: SHIPPED }];
  for (const [name, docs] of variants) {
    const df = dfOf(docs);
    const g = knnGraph(tfidf(docs, (w) => Math.log(1 + N / (df.get(w) ?? 1))), 10);
    for (const mix of [0.3, 0.5, 0.7])
      rows.push({
        label: `${name}, mix ${mix}`,
        per: SHIPPED.map((s0) => {
          const s = scaled(s0);
          const p = ppr(s, g, 10, 0.5, 1);
          return s.map((x, i) => (1 - mix) * x + mix * p[i]);
        }),
      });
  }
  report("10. what the neighbour graph's vectors hold (one step, seeds 10, restart 0.5, k 10)", rows, { baselineLabel: "before (BM25F, no neighbours)" });
};

const want = process.argv.slice(2);
for (const [name, run] of Object.entries(experiments))
  if (want.length === 0 || want.includes(name)) {
    t0 = performance.now();
    run();
    console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
