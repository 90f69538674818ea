/**
 * node --import tsx bench/related/queue.ts: what "review weak answers" would queue from the top 5 of
 * each labelled question at a few thresholds (queued cards, share relevant, tempting queued).
 */
import fs from "node:fs";
import { parseContent, type CardItem, type TestItem } from "@/lib/content";
import { readContentDir } from "@/lib/ingest";
import { cardsToQueue, QUEUE_THRESHOLD } from "@/lib/exams/related";
import { evaluateRelated, RelevanceLabels } from "@/lib/exams/related-eval";

const labels = RelevanceLabels.parse(JSON.parse(fs.readFileSync("tests/fixtures/relevance/building-a-gpt-from-scratch.json", "utf8")));
const items = parseContent(readContentDir("content")).items;
const test = items.find((i): i is TestItem => i.kind === "test" && `content/${i.source.file}` === labels.test)!;
const result = evaluateRelated(labels, test, items.filter((i): i is CardItem => i.kind === "card"));
console.log("threshold  queued  relevant  tempting queued");
for (const t of [0, 0.15, 0.2, 0.25, QUEUE_THRESHOLD, 0.35, 0.4]) {
  const queued = result.questions.flatMap((q) => cardsToQueue(q.top.slice(0, 5), t).map((r) => q.top.find((x) => x.id === r.id)!));
  const rel = queued.filter((x) => x.label === "relevant").length;
  console.log(`${t.toFixed(2).padStart(9)}  ${String(queued.length).padStart(6)}  ${((100 * rel) / Math.max(1, queued.length)).toFixed(0).padStart(7)}%  ${queued.filter((x) => x.label === "tempting").length}`);
}
