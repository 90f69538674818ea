/**
 * npm run bench:search
 * The card browser's search (lib/db/cards.ts searchCards, the work /cards does for one page)
 * over 100,000 cards in SQLite, one learner with 5,000 cards in review and 100,000 review logs:
 * p50/p95 of 20 runs per query, each a COUNT plus one page of 50 rows with state columns.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase } from "@/lib/db/migrate";
import { createDb } from "@/lib/db/client";
import { searchCards, type CardSort } from "@/lib/db/cards";
import { parseSearch } from "@/lib/srs/search-query";
import { seedReviewBench } from "./seed";

const root = path.resolve(import.meta.dirname, "../..");
const CARDS = 100_000;
const RUNS = 20;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-bench-search-"));
const url = `file:${path.join(dir, "search.db")}`;
await migrateDatabase(url, root);
const now = new Date();
const { users } = await seedReviewBench(path.join(dir, "search.db"), { cards: CARDS, users: 20, logs: 100_000, statesPerUser: 5000, now });
const db = createDb(url);
const userId = users[0].id;

const QUERIES: [string, CardSort][] = [
  ["", "deck"],
  ["attention", "deck"],
  ['"keys match" -head', "deck"],
  ["Question 99999", "deck"],
  ["deck:Bench*", "due"],
  ["deck:\"Bench / Deck 3\" head", "deck"],
  ["is:due", "due"],
  ["is:new", "deck"],
  ["-is:new prop:due<3", "due"],
  ["rated:7", "deck"],
  ["prop:lapses>=2 is:review", "lapses"],
];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
let worst = 0;
console.log(`| query | sort | matches | p50 ms | p95 ms |\n| --- | --- | --- | --- | --- |`);
for (const [q, sort] of QUERIES) {
  const { clauses, errors } = parseSearch(q);
  if (errors.length) throw new Error(`${q}: ${errors[0].message}`);
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = await searchCards(db, { clauses, userId, now, timeZone: "UTC", rolloverHour: 4, sort, desc: false, page: 1 + (i % 3) });
    times.push(performance.now() - t);
    total = r.total;
  }
  worst = Math.max(worst, pct(times, 95));
  console.log(`| \`${q || "(everything)"}\` | ${sort} | ${total} | ${pct(times, 50).toFixed(1)} | ${pct(times, 95).toFixed(1)} |`);
}
console.log(`worst p95: ${worst.toFixed(1)} ms (target < 200 ms)`);
await db.$disconnect();
fs.rmSync(dir, { recursive: true, force: true });
