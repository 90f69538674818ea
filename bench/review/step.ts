/**
 * node --import tsx bench/review/step.ts
 * The grade route's transaction (gradeAndNext, lib/db/review.ts) in a plain Node process on the
 * bench:review SQLite seed (100,000 cards, 1,000,000 logs, 20 learners): 2,000 steps round-robin
 * over the learners, p50 / p95 / p99 in ms. For finding where the time goes without HTTP:
 *   STEP_DB=/tmp/step.db     keep the seeded file and reuse it (copy it first: the run grades it)
 *   STEP_PROFILE=/tmp/x.cpuprofile   a CPU profile of the steps (bench/tools/profile-summary.ts reads it)
 *   STEP_PG=1        on PostgreSQL instead (a scratch database on ATTEND_PG_ADMIN_URL, seeded the same way, dropped after)
 *   STEP_STATEMENTS=1   also count the statements of each kind a step sends, with their mean time (ms)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "node:inspector/promises";
import { migrateDatabase } from "@/lib/db/migrate";
import { createDb } from "@/lib/db/client";
import { getNext, gradeAndNext } from "@/lib/db/review";
import type { NextResponse } from "@/lib/review/contract";
import { tempPostgres } from "../../tests/helpers/postgres";
import { machineBusyMs } from "../tools/cpu";
import { seedReviewBench, seedReviewBenchPostgres } from "./seed";

const root = path.resolve(import.meta.dirname, "../..");
const SEED = { cards: 100_000, logs: 1_000_000, users: 20, statesPerUser: 5000 };
const STEPS = 2000;
const pg = process.env.STEP_PG ? await tempPostgres("attend_bench_step") : null;
const file = pg ? pg.name : (process.env.STEP_DB ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "attend-step-")), "review.db"));
const url = pg ? pg.url : `file:${file}`;
let users: { id: string }[];
if (!pg && fs.existsSync(file)) users = Array.from({ length: SEED.users }, (_, i) => ({ id: `bench-user-${i}` }));
else {
  await migrateDatabase(url, root);
  users = pg ? (await seedReviewBenchPostgres(url, { ...SEED, now: new Date() })).users : (await seedReviewBench(file, { ...SEED, now: new Date() })).users;
}
const statements = new Map<string, { n: number; ms: number }>();
if (process.env.STEP_STATEMENTS) await countStatements(statements, pg !== null);
const db = createDb(url);
const current = new Map<string, NextResponse>();
for (const u of users) current.set(u.id, await getNext(db, u.id, { now: new Date() }));

const profiler = new Session();
profiler.connect();
if (process.env.STEP_PROFILE) {
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.start");
}
statements.clear();
const samples: number[] = [];
const cpuBefore = { self: process.cpuUsage(), machine: machineBusyMs() };
for (let i = 0; i < STEPS; i++) {
  const u = users[i % users.length];
  const card = current.get(u.id)!.card;
  if (!card) throw new Error("the queue ran dry");
  const start = performance.now();
  const input = { cardId: card.id, grade: 3 as const, reviewId: `step-${Date.now()}-${i}-${u.id}`, seenReps: card.seen.reps, seenUpdatedAt: card.seen.updatedAt, durationMs: 4000 };
  current.set(u.id, (await gradeAndNext(db, u.id, input, { now: new Date() })).next);
  samples.push(performance.now() - start);
}
if (process.env.STEP_PROFILE) fs.writeFileSync(process.env.STEP_PROFILE, JSON.stringify((await profiler.post("Profiler.stop")).profile));
const cpu = { self: process.cpuUsage(cpuBefore.self), machine: machineBusyMs() - cpuBefore.machine };
samples.sort((a, b) => a - b);
const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))].toFixed(2);
console.log(`grade + next in process, ${STEPS} steps: p50 ${at(50)} / p95 ${at(95)} / p99 ${at(99)} ms (${file})`);
// CPU a step: what throughput is bound by (wall time on a shared machine moves with the host's load).
console.log(`CPU a step: this process ${((cpu.self.user + cpu.self.system) / 1000 / STEPS).toFixed(2)} ms, the whole machine ${(cpu.machine / STEPS).toFixed(2)} ms (database server included)`);
const timed = [...statements].sort((a, b) => b[1].n - a[1].n);
if (timed.length) {
  console.log(`statements a step: ${(timed.reduce((a, [, x]) => a + x.n, 0) / STEPS).toFixed(2)}`);
  for (const [text, x] of timed) console.log(`  ${(x.n / STEPS).toFixed(2)} × ${(x.ms / x.n).toFixed(3)} ms  ${text}`);
}
await db.$disconnect();
await pg?.drop();

/** Wraps the driver's statement calls to count and time each statement text (first 100 characters). */
async function countStatements(into: Map<string, { n: number; ms: number }>, postgres: boolean) {
  const record = (sql: unknown, start: number) => {
    const text = String(typeof sql === "object" && sql !== null ? (sql as { text: string }).text : sql).replace(/\s+/g, " ").slice(0, 100);
    const x = into.get(text) ?? { n: 0, ms: 0 };
    x.n++;
    x.ms += performance.now() - start;
    into.set(text, x);
  };
  if (postgres) {
    const pgClient = (await import("pg")).default.Client.prototype as unknown as { query: (...a: unknown[]) => Promise<unknown> };
    const query = pgClient.query;
    pgClient.query = function (this: unknown, ...a: unknown[]) {
      const start = performance.now();
      const out = query.apply(this, a);
      if (out && typeof (out as Promise<unknown>).then === "function") (out as Promise<unknown>).then(() => record(a[0], start), () => record(a[0], start));
      return out;
    };
    return;
  }
  const Database = (await import("better-sqlite3")).default as unknown as { prototype: { prepare: (sql: string) => Record<string, (...a: unknown[]) => unknown> } };
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (this: unknown, sql: string) {
    const st = prepare.call(this, sql);
    for (const m of ["all", "get", "run"]) {
      const f = st[m];
      st[m] = (...a: unknown[]) => {
        const start = performance.now();
        try {
          return f.apply(st, a);
        } finally {
          record(sql, start);
        }
      };
    }
    return st;
  };
}
