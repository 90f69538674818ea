/**
 * npm run eval:related [-- --labels <file>] [--content <dir>] [--verbose]
 * Ranks related cards for each labelled test question and prints precision@5 and recall@10
 * (definitions in lib/exams/related-eval.ts). Exits 1 when a label names no card.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseContent, type CardItem, type TestItem } from "@/lib/content";
import { readContentDir } from "@/lib/ingest";
import { evaluateRelated, RelevanceLabels } from "@/lib/exams/related-eval";

const { values } = parseArgs({
  options: {
    labels: { type: "string", default: "tests/fixtures/relevance/building-a-gpt-from-scratch.json" },
    content: { type: "string", default: "content" },
    verbose: { type: "boolean", short: "v", default: false },
  },
  strict: true,
});

try {
  const labels = RelevanceLabels.parse(JSON.parse(fs.readFileSync(values.labels, "utf8")));
  const items = parseContent(readContentDir(values.content)).items;
  const test = items.find((i): i is TestItem => i.kind === "test" && path.join(values.content, i.source.file) === path.normalize(labels.test));
  if (!test) throw new Error(`${values.labels}: test ${labels.test} not found under ${values.content}`);
  const result = evaluateRelated(labels, test, items.filter((i): i is CardItem => i.kind === "card"));
  const pct = (x: number) => x.toFixed(2);
  console.log("  #  P@5   R@10  tempting@5  title");
  for (const q of result.questions) {
    console.log(`${String(q.number).padStart(3)}  ${pct(q.precisionAt5)}  ${pct(q.recallAt10)}  ${String(q.temptingAt5).padStart(10)}  ${q.title}`);
    if (values.verbose)
      for (const [i, t] of q.top.entries())
        console.log(`       ${i + 1}. ${t.score.toFixed(3)} ${(t.label || "-").padEnd(8)} ${t.question.slice(0, 90)}`);
  }
  console.log(`precision@5 ${pct(result.precisionAt5)}  recall@10 ${pct(result.recallAt10)}  tempting@5 ${result.temptingAt5.toFixed(2)}  (${result.questions.length} questions)`);
} catch (e) {
  console.error(`eval:related: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
