/**
 * npm run bench:ingest [-- --cards 50000]
 * Three figures for bench/RESULTS.md:
 *   1. the seeds, cold (new database): parse + render + sync;
 *   2. the seeds again, unchanged (must write nothing);
 *   3. N generated cards (default 50,000) in canonical Markdown with math and code, cold,
 *      with the peak resident memory of this process.
 * Each phase uses a fresh SQLite file in a temp folder; times are wall-clock milliseconds.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { migrateDatabase } from "@/lib/db/migrate";
import { createDb } from "@/lib/db/client";
import { ingestDirectory } from "@/lib/ingest";
import { generateContent } from "./generate";

const { values } = parseArgs({ options: { cards: { type: "string", default: "50000" } } });
const N = Number(values.cards);
const root = path.resolve(import.meta.dirname, "../..");

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

async function timed<T>(label: string, fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  console.log(`${label}: ${ms.toFixed(0)} ms`);
  return { ms, value };
}

function newDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-bench-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  migrateDatabase(url, root);
  return { db: createDb(url), dir };
}

const seeds = newDb();
const cold = await timed("seeds cold ingest", () => ingestDirectory(seeds.db, path.join(root, "content")));
const warm = await timed("seeds unchanged re-ingest", () => ingestDirectory(seeds.db, path.join(root, "content")));
if (warm.value.changed) throw new Error("unchanged re-ingest wrote something");
await seeds.db.$disconnect();

const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-bench-content-"));
generateContent(contentDir, N);
const big = newDb();
peakRss = process.memoryUsage().rss;
const large = await timed(`${N} generated cards cold ingest`, () => ingestDirectory(big.db, contentDir));
if (large.value.added !== N) throw new Error(`expected ${N} cards, got ${large.value.added}`);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
console.log(`peak RSS: ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
await big.db.$disconnect();

console.log(
  JSON.stringify({
    seedsColdMs: Math.round(cold.ms),
    seedsUnchangedMs: Math.round(warm.ms),
    generatedCards: N,
    generatedColdMs: Math.round(large.ms),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
  }),
);
for (const d of [seeds.dir, big.dir, contentDir]) fs.rmSync(d, { recursive: true, force: true });
