/**
 * The labelled set of issue 15 as the related-cards experiments score it (bench/related/
 * experiments.ts, encoder.ts): the seed test's 20 questions with their relevant and tempting cards
 * (tests/fixtures/relevance/), the bank's candidate cards by index, and the report every grid of
 * settings prints: precision@5 / recall@10 / tempting@5 on all questions and on the odd- and
 * even-numbered ones, then the held-out figures of choosing among the grid's rows (chosen on one
 * half, scored on the other; leave-one-question-out). Same definitions as `npm run eval:related`.
 */
import fs from "node:fs";
import { parseContent, type CardItem, type TestItem } from "@/lib/content";
import { readContentDir } from "@/lib/ingest";
import type { RelatedQuery } from "@/lib/exams/related";
import { candidateCards, RelevanceLabels } from "@/lib/exams/related-eval";

export const labels = RelevanceLabels.parse(JSON.parse(fs.readFileSync("tests/fixtures/relevance/building-a-gpt-from-scratch.json", "utf8")));
export const items = parseContent(readContentDir("content")).items;
export const test = items.find((i): i is TestItem => i.kind === "test" && `content/${i.source.file}` === labels.test)!;
export const cards = candidateCards(items.filter((i): i is CardItem => i.kind === "card"));
export const N = cards.length;
export const ids = cards.map((c) => c.id);
export const pos = new Map(ids.map((id, i) => [id, i]));
const norm = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();
const resolveRef = (r: { file: string; question: string }) => cards.filter((c) => c.file === r.file && norm(c.question).startsWith(norm(r.question))).map((c) => pos.get(c.id)!);

export interface Q {
  number: number;
  query: RelatedQuery;
  rel: Set<number>;
  tempt: Set<number>;
}
export const QS: Q[] = labels.questions.map((l) => {
  const q = test.questions.find((x) => x.number === l.number)!;
  return {
    number: l.number,
    query: { title: q.title, prompt: q.prompt, parts: q.parts.map((p) => p.prompt) },
    rel: new Set(l.relevant.flatMap(resolveRef)),
    tempt: new Set(l.tempting.flatMap(resolveRef)),
  };
});
export const ODD = QS.map((_, i) => i).filter((i) => QS[i].number % 2 === 1);
export const EVEN = QS.map((_, i) => i).filter((i) => QS[i].number % 2 === 0);
export const ALL = QS.map((_, i) => i);

/** One score per card (index as in `cards`); 0 = not ranked. */
export type Scores = Float64Array;

/** The ranked cards, best first (ties by id). */
export function order(s: Scores): number[] {
  const o = Array.from({ length: N }, (_, i) => i).filter((i) => s[i] > 0);
  return o.sort((a, b) => s[b] - s[a] || (ids[a] < ids[b] ? -1 : 1));
}

export interface M {
  p5: number[];
  r10: number[];
  t5: number[];
}
export function metrics(per: Scores[]): M {
  const m: M = { p5: [], r10: [], t5: [] };
  per.forEach((s, qi) => {
    const o = order(s);
    const q = QS[qi];
    m.p5.push(o.slice(0, 5).filter((i) => q.rel.has(i)).length / 5);
    m.r10.push(o.slice(0, 10).filter((i) => q.rel.has(i)).length / q.rel.size);
    m.t5.push(o.slice(0, 5).filter((i) => q.tempt.has(i)).length);
  });
  return m;
}
export const mean = (xs: number[], on = ALL) => on.reduce((s, i) => s + xs[i], 0) / on.length;
export const f2 = (x: number) => x.toFixed(2);

/** A ranker's hits as Scores. */
export const toVec = (hits: { id: string; score: number }[]) => {
  const v = new Float64Array(N);
  for (const h of hits) v[pos.get(h.id)!] = h.score;
  return v;
};
/** Scores divided by their largest. */
export const scaled = (v: Scores) => {
  let m = 0;
  for (const x of v) m = Math.max(m, x);
  return m > 0 ? v.map((x) => x / m) : v;
};

export interface ReportOptions {
  /** The row the held-out figures compare with (default the first). */
  baselineLabel?: string;
  labelWidth?: number;
  /** Also print each row's relevant cards in the top 5, question by question. */
  perQuestion?: boolean;
}

/**
 * Print a grid of settings: each row's figures, then the held-out figures of choosing among them
 * (ties: the earlier row; rows are listed from the plainest setting).
 */
export function report(name: string, rows: { label: string; per: Scores[] }[], opts: ReportOptions = {}) {
  const width = opts.labelWidth ?? 44;
  console.log(`\n== ${name}`);
  const ms = rows.map((r) => ({ label: r.label, m: metrics(r.per) }));
  for (const { label, m } of ms)
    console.log(`  ${label.padEnd(width)} P@5 ${f2(mean(m.p5))} (odd ${f2(mean(m.p5, ODD))} even ${f2(mean(m.p5, EVEN))})  R@10 ${f2(mean(m.r10))}  T@5 ${f2(mean(m.t5))}`);
  if (opts.perQuestion) for (const { label, m } of ms) console.log(`    ${label.padEnd(44)} per question p@5: ${m.p5.map((x) => Math.round(x * 5)).join(" ")}`);
  if (ms.length < 2) return ms;
  const best = (on: number[]) => ms.reduce((b, r) => (mean(r.m.p5, on) + 1e-3 * mean(r.m.r10, on) > mean(b.m.p5, on) + 1e-3 * mean(b.m.r10, on) + 1e-9 ? r : b));
  const o = best(ODD);
  const e = best(EVEN);
  const loo = ALL.map((i) => best(ALL.filter((j) => j !== i)));
  const base = ms.find((r) => r.label === opts.baselineLabel) ?? ms[0];
  console.log(
    `  held out: chosen on odd "${o.label}" -> even ${f2(mean(o.m.p5, EVEN))} (base ${f2(mean(base.m.p5, EVEN))}); chosen on even "${e.label}" -> odd ${f2(mean(e.m.p5, ODD))} (base ${f2(mean(base.m.p5, ODD))}); ` +
      `leave-one-out P@5 ${mean(loo.map((r, i) => r.m.p5[i])).toFixed(3)} R@10 ${mean(loo.map((r, i) => r.m.r10[i])).toFixed(3)} T@5 ${mean(loo.map((r, i) => r.m.t5[i])).toFixed(2)} (base ${f2(mean(base.m.p5))})`,
  );
  return ms;
}
