/**
 * npm run bench:ingest [-- --cards 50000]
 * Figures for bench/RESULTS.md:
 *   1. the seeds, cold (new database): parse + render + sync;
 *   2. the seeds again, unchanged (must write nothing);
 *   3. N generated cards (default 50,000) in canonical Markdown with math and code, cold,
 *      with the peak resident memory of this process (skip with --skip-large);
 *   4. card identity, 5,000 cards replaced by 5,000 different ones (all new, all retired);
 *   5. card identity, 20,000 changed (reworded) cards against 5,000 retired ones (all 20,000
 *      keep their ids, none takes a retired card).
 * For 4 and 5, the ingest (pairing + rendering + writing the changed cards) and the pairing
 * alone (lib/ingest/identity.ts on the same keys, in memory).
 * Each phase uses a fresh SQLite file in a temp folder; times are wall-clock milliseconds.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { migrateDatabase } from "@/lib/db/migrate";
import { createDb } from "@/lib/db/client";
import { DECK_SEPARATOR, ingestDirectory, pairCards, readContentDir } from "@/lib/ingest";
import { parseContent, type CardItem } from "@/lib/content";
import { generateContent, type GenerateOptions } from "./generate";

const { values } = parseArgs({ options: { cards: { type: "string", default: "50000" }, "skip-large": { type: "boolean", default: false } } });
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
let large = { ms: NaN };
const big = newDb();
if (!values["skip-large"]) {
  generateContent(contentDir, N);
  peakRss = process.memoryUsage().rss;
  const run = await timed(`${N} generated cards cold ingest`, () => ingestDirectory(big.db, contentDir));
  if (run.value.added !== N) throw new Error(`expected ${N} cards, got ${run.value.added}`);
  large = run;
}
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
console.log(`peak RSS: ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
await big.db.$disconnect();

/** Replace the generated files in `dir` with another version of the cards. */
function regenerate(dir: string, n: number, options: GenerateOptions) {
  for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f));
  generateContent(dir, n, options);
}
const keysOf = (dir: string) =>
  parseContent(readContentDir(dir)).items.filter((i): i is CardItem => i.kind === "card");

// 4. 5,000 cards replaced by 5,000 different ones.
const replaceDir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-bench-replace-"));
const replace = newDb();
regenerate(replaceDir, 5000, {});
const before4 = keysOf(replaceDir);
await ingestDirectory(replace.db, replaceDir);
regenerate(replaceDir, 5000, { variant: "different" });
const replaced = await timed("5,000 cards replaced by 5,000 different: ingest", () => ingestDirectory(replace.db, replaceDir));
if (replaced.value.added !== 5000 || replaced.value.retired !== 5000) throw new Error(`replace: ${JSON.stringify({ added: replaced.value.added, retired: replaced.value.retired })}`);
const after4 = keysOf(replaceDir);
const pair4 = await timed("5,000 replaced by 5,000 different: pairing alone", async () =>
  pairCards(
    before4.map((c, i) => ({ id: `s${i}`, explicitId: null, deckPath: c.deck.join(DECK_SEPARATOR), question: c.question, answer: c.answer, retired: false })),
    after4.map((c) => ({ explicitId: null, deckPath: c.deck.join(DECK_SEPARATOR), question: c.question, answer: c.answer, source: c.source })),
  ),
);
if (pair4.value.matches.some((m) => m !== null)) throw new Error("a different question inherited a history");
await replace.db.$disconnect();

// 5. 20,000 changed cards against 5,000 retired ones: 25,000 cards, every fifth deleted (retired),
// then the other 20,000 reworded.
const changeDir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-bench-change-"));
const change = newDb();
const deleted = (i: number) => i % 5 === 4;
regenerate(changeDir, 25000, {});
const all5 = keysOf(changeDir);
await ingestDirectory(change.db, changeDir);
regenerate(changeDir, 25000, { skip: deleted });
const retiring = await ingestDirectory(change.db, changeDir);
if (retiring.retired !== 5000) throw new Error(`expected 5,000 retired, got ${retiring.retired}`);
regenerate(changeDir, 25000, { skip: deleted, variant: "reworded" });
const changed = await timed("20,000 changed cards against 5,000 retired: ingest", () => ingestDirectory(change.db, changeDir));
if (changed.value.updated !== 20000 || changed.value.added !== 0 || changed.value.revived !== 0) {
  throw new Error(`change: ${JSON.stringify({ updated: changed.value.updated, added: changed.value.added, revived: changed.value.revived })}`);
}
const after5 = keysOf(changeDir);
const pair5 = await timed("20,000 changed against 5,000 retired: pairing alone", async () =>
  pairCards(
    all5.map((c, i) => ({ id: `s${i}`, explicitId: null, deckPath: c.deck.join(DECK_SEPARATOR), question: c.question, answer: c.answer, retired: deleted(i) })),
    after5.map((c) => ({ explicitId: null, deckPath: c.deck.join(DECK_SEPARATOR), question: c.question, answer: c.answer, source: c.source })),
  ),
);
if (pair5.value.matches.filter((m) => m !== null).length !== 20000) throw new Error("a reworded card lost its history");
await change.db.$disconnect();

console.log(
  JSON.stringify({
    seedsColdMs: Math.round(cold.ms),
    seedsUnchangedMs: Math.round(warm.ms),
    generatedCards: N,
    generatedColdMs: Math.round(large.ms),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
    replace5kIngestMs: Math.round(replaced.ms),
    replace5kPairingMs: Math.round(pair4.ms),
    change20kVs5kRetiredIngestMs: Math.round(changed.ms),
    change20kVs5kRetiredPairingMs: Math.round(pair5.ms),
  }),
);
for (const d of [seeds.dir, big.dir, contentDir, replace.dir, replaceDir, change.dir, changeDir]) fs.rmSync(d, { recursive: true, force: true });
