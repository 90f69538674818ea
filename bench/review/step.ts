/**
 * node --import tsx bench/review/step.ts
 * The grade route's transaction (gradeAndNext, lib/db/review.ts) in a plain Node process on the
 * bench:review SQLite seed (100,000 cards, 1,000,000 logs, 20 learners): 2,000 steps round-robin
 * over the learners, p50 / p95 / p99 in ms. For finding where the time goes without HTTP:
 *   STEP_DB=/tmp/step.db     keep the seeded file and reuse it (copy it first: the run grades it)
 *   STEP_PROFILE=/tmp/x.cpuprofile   a CPU profile of the steps (bench/tools/profile-summary.ts reads it)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "node:inspector/promises";
import { migrateDatabase } from "@/lib/db/migrate";
import { createDb } from "@/lib/db/client";
import { getNext, gradeAndNext } from "@/lib/db/review";
import type { NextResponse } from "@/lib/review/contract";
import { seedReviewBench } from "./seed";

const root = path.resolve(import.meta.dirname, "../..");
const SEED = { cards: 100_000, logs: 1_000_000, users: 20, statesPerUser: 5000 };
const STEPS = 2000;
const file = process.env.STEP_DB ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "attend-step-")), "review.db");
const url = `file:${file}`;
let users: { id: string }[];
if (fs.existsSync(file)) users = Array.from({ length: SEED.users }, (_, i) => ({ id: `bench-user-${i}` }));
else {
  await migrateDatabase(url, root);
  users = (await seedReviewBench(file, { ...SEED, now: new Date() })).users;
}
const db = createDb(url);
const current = new Map<string, NextResponse>();
for (const u of users) current.set(u.id, await getNext(db, u.id, { now: new Date() }));

const profiler = new Session();
profiler.connect();
if (process.env.STEP_PROFILE) {
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.start");
}
const samples: number[] = [];
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
samples.sort((a, b) => a - b);
const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))].toFixed(2);
console.log(`grade + next in process, ${STEPS} steps: p50 ${at(50)} / p95 ${at(95)} / p99 ${at(99)} ms (${file})`);
await db.$disconnect();
