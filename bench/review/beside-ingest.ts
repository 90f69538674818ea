/**
 * npm run bench:beside-ingest [-- --cards 50000 --learners 20]
 *
 * Learners grading while an author ingests a big change: a database with the seed content and
 * `learners` learners, then `npm run ingest` of `cards` new generated cards in another process
 * (what an author does beside the running app) while every learner loops next card → grade on
 * the app's own code path (lib/db/review.ts over the shared connection). Prints the latency of
 * each next+grade pair during the ingest (p50/p95/p99, max), how many were refused (must be 0),
 * and the ingest's own time. Target (issue 11): p95 under 100 ms beside a 50,000-card ingest.
 *
 * In one process the learners share one event loop, as they share a server; the figure is the
 * storage's contribution (waiting for the ingest's write lock), not HTTP.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { registerUser } from "@/lib/auth/users";
import { createDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { getNext, gradeCard } from "@/lib/db/review";
import { ingestDirectory } from "@/lib/ingest";
import { generateContent } from "../ingest/generate";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CARDS = arg("cards", 50_000);
const LEARNERS = arg("learners", 20);
const root = path.resolve(import.meta.dirname, "../..");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-beside-"));
const url = `file:${path.join(dir, "bench.db")}`;
await migrateDatabase(url, root);
const db = createDb(url);
const base = path.join(dir, "content");
fs.cpSync(path.join(root, "content"), base, { recursive: true });
await ingestDirectory(db, base);
const learners: string[] = [];
for (let i = 0; i < LEARNERS; i++) learners.push((await registerUser(db, { email: `l${i}@example.com`, name: `L${i}`, password: "correct horse battery" })).id);
fs.mkdirSync(path.join(base, "generated"), { recursive: true });
generateContent(path.join(base, "generated"), CARDS);

const started = performance.now();
const child = spawn(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--content", base, "--quiet"], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
let out = "";
child.stdout.on("data", (d) => (out += d));
child.stderr.on("data", (d) => (out += d));
let done = false;
const exit = new Promise<number | null>((resolve) => child.on("close", (code) => ((done = true), resolve(code))));

const latencies: number[] = [];
let refused = 0;
const errors = new Map<string, number>();
const DAY = 86_400_000;
async function learner(userId: string, index: number): Promise<void> {
  for (let round = 0; !done; round++) {
    // Each round a new study day, so there is always something to grade.
    const now = new Date(Date.UTC(2026, 0, 1) + round * DAY);
    const t0 = performance.now();
    try {
      const { card } = await getNext(db, userId, { now });
      if (card) await gradeCard(db, userId, { cardId: card.id, grade: 3, reviewId: `b-${index}-${round}`, seenReps: card.seen.reps, seenUpdatedAt: card.seen.updatedAt, durationMs: 2000 }, now);
      latencies.push(performance.now() - t0);
    } catch (error) {
      refused++;
      const m = (error as Error).message.slice(0, 80);
      errors.set(m, (errors.get(m) ?? 0) + 1);
    }
    // One grade every ~50 ms per learner (20 learners ≈ 400 requests/s offered), as a busy class would.
    await new Promise((r) => setTimeout(r, 50));
  }
}
await Promise.all(learners.map((id, i) => learner(id, i)));
const code = await exit;
const ingestS = (performance.now() - started) / 1000;

latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
console.log(`ingest of ${CARDS} new cards beside ${LEARNERS} grading learners: exit ${code}, ${ingestS.toFixed(1)} s`);
console.log(out.split("\n").filter((l) => /Ingested|failed|rror/.test(l)).join("\n"));
console.log(`next+grade during the ingest: ${latencies.length} done, ${refused} refused; p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(0)} ms`);
for (const [m, n] of errors) console.log(`  refused ${n}×: ${m}`);
console.log(`active cards after: ${await db.card.count({ where: { retiredAt: null } })}`);
await db.$disconnect();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(code === 0 && refused === 0 ? 0 : 1);
