/**
 * node --import tsx bench/related/tune.ts: how much the ranking's knobs (lib/exams/related.ts) owe
 * to the 20 labelled questions they were tuned on. For each knob, a few values around the shipped
 * one, each scored on the odd-numbered and the even-numbered questions; then the value each half
 * prefers (ties: the shipped value, else the first listed) scored on the other half, which it
 * never saw; then leave-one-out: for each question, the value best on the other 19, scored on it.
 * A knob whose held-out figures fall below the shipped value's was fitted to noise.
 */
import fs from "node:fs";
import { parseContent, type CardItem, type TestItem } from "@/lib/content";
import { readContentDir } from "@/lib/ingest";
import { DEFAULT_OPTIONS, type RelatedOptions } from "@/lib/exams/related";
import { evaluateRelated, RelevanceLabels } from "@/lib/exams/related-eval";

const labels = RelevanceLabels.parse(JSON.parse(fs.readFileSync("tests/fixtures/relevance/building-a-gpt-from-scratch.json", "utf8")));
const items = parseContent(readContentDir("content")).items;
const test = items.find((i): i is TestItem => i.kind === "test" && `content/${i.source.file}` === labels.test);
if (!test) throw new Error(`tune: ${labels.test} not found`);
const cards = items.filter((i): i is CardItem => i.kind === "card");

const D = DEFAULT_OPTIONS;
const KNOBS: { knob: string; shipped: string; values: [string, Partial<RelatedOptions>][] }[] = [
  { knob: "answerWeight", shipped: String(D.answerWeight), values: [0, 0.3, 0.6, 1, 1.5].map((v) => [String(v), { answerWeight: v }]) },
  { knob: "titleBoost", shipped: String(D.titleBoost), values: [1, 1.5, 2, 3].map((v) => [String(v), { titleBoost: v }]) },
  { knob: "feedbackWeight", shipped: String(D.feedbackWeight), values: [0, 0.5, 1, 2].map((v) => [String(v), { feedbackWeight: v }]) },
  { knob: "conceptBoost", shipped: String(D.conceptBoost), values: [0, 2, 4, 8].map((v) => [String(v), { conceptBoost: v }]) },
  { knob: "falseFriendFactor", shipped: String(D.falseFriendFactor), values: [0.1, 0.3, 0.6, 1].map((v) => [String(v), { falseFriendFactor: v }]) },
  { knob: "neighbours.mix", shipped: String(D.neighbours.mix), values: [0, 0.3, 0.5, 0.7, 1].map((v) => [String(v), { neighbours: { ...D.neighbours, mix: v } }]) },
  { knob: "neighbours.seeds", shipped: String(D.neighbours.seeds), values: [5, 10, 20].map((v) => [String(v), { neighbours: { ...D.neighbours, seeds: v } }]) },
  { knob: "neighbours.restart", shipped: String(D.neighbours.restart), values: [0.3, 0.5, 0.7].map((v) => [String(v), { neighbours: { ...D.neighbours, restart: v } }]) },
  { knob: "neighbours.k", shipped: String(D.neighbours.k), values: [5, 10, 20].map((v) => [String(v), { neighbours: { ...D.neighbours, k: v } }]) },
  {
    knob: "fieldBoost.question",
    shipped: String(D.fieldBoost.question),
    values: [1, 2, 3, 5].map((v) => [String(v), { fieldBoost: { ...D.fieldBoost, question: v } }]),
  },
];

const numbers = labels.questions.map((q) => q.number);
const odd = numbers.filter((n) => n % 2 === 1);
const even = numbers.filter((n) => n % 2 === 0);
const f = (x: number) => x.toFixed(2);
let looAll = 0;
console.log("knob = value            precision@5 odd  even  all    recall@10 all  tempting@5");
for (const { knob, shipped, values } of KNOBS) {
  const rows = values.map(([value, options]) => {
    const r = evaluateRelated(labels, test, cards, options);
    return { value, p5: new Map(r.questions.map((q) => [q.number, q.precisionAt5])), r10: r.recallAt10, t5: r.temptingAt5 };
  });
  type Row = (typeof rows)[number];
  const mean = (row: Row, ns: number[]) => ns.reduce((s, n) => s + row.p5.get(n)!, 0) / ns.length;
  const best = (on: number[]) => [...rows].sort((a, b) => mean(b, on) - mean(a, on) || Number(b.value === shipped) - Number(a.value === shipped))[0];
  const ship = rows.find((r) => r.value === shipped)!;
  for (const r of rows)
    console.log(`${`${knob} = ${r.value}${r.value === shipped ? " *" : ""}`.padEnd(26)} ${f(mean(r, odd))}  ${f(mean(r, even))}  ${f(mean(r, numbers))}    ${f(r.r10)}           ${f(r.t5)}`);
  const fromOdd = best(odd);
  const fromEven = best(even);
  const loo = numbers.map((n) => best(numbers.filter((m) => m !== n)).p5.get(n)!).reduce((s, x) => s + x, 0) / numbers.length;
  looAll += loo;
  console.log(
    `  chosen on odd: ${fromOdd.value} -> even ${f(mean(fromOdd, even))} (shipped ${f(mean(ship, even))}); chosen on even: ${fromEven.value} -> odd ${f(mean(fromEven, odd))} (shipped ${f(mean(ship, odd))}); leave-one-out ${loo.toFixed(3)} (shipped ${f(mean(ship, numbers))})`,
  );
}
console.log(`mean leave-one-out precision@5 over the knobs: ${(looAll / KNOBS.length).toFixed(3)}`);
