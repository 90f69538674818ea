/**
 * npm run bench:related: time to index the bank and rank the seed test's 20 questions, on the seeds
 * (461 cards) and on 100 copies of them (46,100 cards). Run it alone (flock /tmp/attend-heavy.lock).
 */
import { parseContent, type CardItem, type TestItem } from "@/lib/content";
import { readContentDir } from "@/lib/ingest";
import { candidateCards } from "@/lib/exams/related-eval";
import { indexCards, NEIGHBOURS, rankRelatedCards, type RelatedOptions } from "@/lib/exams/related";
const items = parseContent(readContentDir("content")).items;
const test = items.find((i): i is TestItem => i.kind === "test")!;
const base = candidateCards(items.filter((i): i is CardItem => i.kind === "card"));
// as shipped, and without the neighbourhood evidence (NEIGHBOURS' mix 0) for its cost
const variants: [string, Partial<RelatedOptions>][] = [["", {}], [" (no neighbours)", { neighbours: { ...NEIGHBOURS, mix: 0 } }]];
for (const copies of [1, 100])
  for (const [label, options] of variants) {
    const cards = Array.from({ length: copies }, (_, r) => base.map((c) => ({ ...c, id: `${c.id}~${r}` }))).flat();
    let t = performance.now();
    const index = indexCards(cards, options);
    const indexMs = performance.now() - t;
    t = performance.now();
    for (const q of test.questions) rankRelatedCards({ title: q.title, prompt: q.prompt, parts: q.parts.map((p) => p.prompt) }, index, 6);
    console.log(`${cards.length} cards${label}: index ${indexMs.toFixed(0)} ms, rank 20 questions ${(performance.now() - t).toFixed(0)} ms, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
  }
