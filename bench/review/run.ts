/**
 * npm run bench:review
 * With 100,000 cards and 1,000,000 review logs in SQLite:
 *   1. server-side latency of one "grade + next card" step (lib/db/review, the work the grade
 *      route does), p50/p95/p99 over 2,000 steps by 20 learners;
 *      and the home page's numbers per learner;
 *   2. HTTP throughput: 20 concurrent clients (autocannon, one learner per connection) grading
 *      through POST /api/review/grade against `next start` on loopback, for 20 s.
 * Needs a production build (`npm run build`).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import autocannon from "autocannon";
import { migrateDatabase } from "@/lib/db/migrate";
import { createDb } from "@/lib/db/client";
import { getHomeStats, getNext, gradeCard } from "@/lib/db/review";
import type { NextResponse } from "@/lib/review/contract";
import { freePort } from "../../tests/helpers/app-server";
import { HttpClient } from "../../tests/helpers/auth";
import { seedReviewBench } from "./seed";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "../..");
const CARDS = 100_000;
const LOGS = 1_000_000;
const USERS = 20;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-bench-review-"));
const file = path.join(dir, "review.db");
const url = `file:${file}`;
await migrateDatabase(url, root);
const t = performance.now();
const { users, password } = await seedReviewBench(file, { cards: CARDS, users: USERS, logs: LOGS, statesPerUser: 5000, now: new Date() });
console.log(`seeded ${CARDS} cards, ${LOGS} logs, ${USERS} learners in ${((performance.now() - t) / 1000).toFixed(1)} s`);

// 1. in-process latency of grade + next
const db = createDb(url);
const current = new Map<string, NextResponse>();
for (const u of users) current.set(u.id, await getNext(db, u.id, { now: new Date() }));
const samples: number[] = [];
for (let i = 0; i < 2000; i++) {
  const u = users[i % USERS];
  const n = current.get(u.id)!;
  if (!n.card) throw new Error("queue ran dry");
  const start = performance.now();
  const now = new Date();
  await gradeCard(db, u.id, { cardId: n.card.id, grade: 3, reviewId: `lat-${i}-${u.id}`, seenReps: n.card.seen.reps, seenUpdatedAt: n.card.seen.updatedAt, durationMs: 4000 }, now);
  current.set(u.id, await getNext(db, u.id, { now }));
  samples.push(performance.now() - start);
}
// The home page's numbers (due and new per deck, today's count, streak): each learner, 5 times.
const home: number[] = [];
for (let k = 0; k < 5; k++) {
  for (const u of users) {
    const start = performance.now();
    await getHomeStats(db, u.id, new Date());
    home.push(performance.now() - start);
  }
}
await db.$disconnect();
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const pct = (p: number) => percentile(samples, p);
console.log(`grade + next, in process: p50 ${pct(50).toFixed(2)} ms, p95 ${pct(95).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms`);
console.log(`home page numbers, in process: p50 ${percentile(home, 50).toFixed(1)} ms, p95 ${percentile(home, 95).toFixed(1)} ms`);

// 2. HTTP throughput with 20 concurrent learners
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
// BENCH_PROFILE=<dir> writes a CPU profile of the server process there (for finding hot spots).
const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
const server = spawn(process.execPath, [...profile, require.resolve("next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: url, NEXTAUTH_URL: base, NEXTAUTH_SECRET: "bench-secret", NEXT_TELEMETRY_DISABLED: "1" },
  stdio: "ignore",
});
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(base + "/login")).status < 500) break;
    } catch {
      // starting
    }
    if (i > 300) throw new Error("next start did not come up");
    await new Promise((r) => setTimeout(r, 100));
  }
  const clients = await Promise.all(
    users.map(async (u) => {
      const c = new HttpClient(base);
      await c.signIn(u.email, password);
      const next = (await (await c.fetch("/api/review/next")).json()) as NextResponse;
      return { c, next, cookie: (c as unknown as { cookies: Map<string, string> }).cookies };
    }),
  );
  const statuses = new Map<number, number>();
  let graded = 0;
  let emptyQueue = 0;
  const DURATION_S = 20;
  let seq = 0;
  // autocannon clears a connection's context after every request, so learners are lent from a
  // pool: a request takes a free learner and its response gives it back. With as many learners
  // as connections, no two requests in flight ever grade for the same learner.
  type Learner = (typeof clients)[number] & { stale?: boolean };
  const free: Learner[] = [...clients];
  const result = await autocannon({
    url: base,
    connections: USERS,
    duration: DURATION_S,
    requests: [
      {
        method: "POST",
        path: "/api/review/grade",
        setupRequest: (req: any, context: any) => {
          const cl = free.shift();
          if (!cl) throw new Error("more requests in flight than learners: a request ended without a response");
          context.learner = cl;
          const cookie = [...cl.cookie].map(([k, v]) => `${k}=${v}`).join("; ");
          // After a 409 (the card changed since it was shown), do what the review screen does:
          // fetch the next card, then go on grading.
          if (!cl.next?.card) {
            emptyQueue++;
            cl.stale = true;
          }
          if (cl.stale) return { ...req, method: "GET", path: "/api/review/next", headers: { cookie }, body: undefined };
          const card = cl.next.card!;
          return {
            ...req,
            headers: { "content-type": "application/json", cookie },
            body: JSON.stringify({ cardId: card.id, grade: 3, reviewId: `http-${++seq}-${Date.now()}`, seenReps: card.seen.reps, seenUpdatedAt: card.seen.updatedAt, durationMs: 3000 }),
          };
        },
        onResponse: (status: number, body: string, context: any) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          const cl: Learner = context.learner;
          if (status === 200) {
            const parsed = JSON.parse(body);
            if (!cl.stale) graded++;
            cl.next = cl.stale ? parsed : parsed.next;
            cl.stale = false;
          } else if (status === 409) cl.stale = true;
          free.push(cl);
        },
      },
    ],
  } as any);
  const non2xx = result.non2xx;
  console.log("statuses", JSON.stringify(Object.fromEntries(statuses)), "empty queue seen", emptyQueue);
  console.log(
    `HTTP, ${USERS} concurrent learners: ${(graded / DURATION_S).toFixed(0)} grades/s (${graded} grades; ${result.requests.total} requests, non-2xx ${non2xx}, errors ${result.errors}), latency p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms, p99 ${result.latency.p99} ms`,
  );
  console.log(
    JSON.stringify({
      cards: CARDS,
      logs: LOGS,
      p50: +pct(50).toFixed(2),
      p95: +pct(95).toFixed(2),
      p99: +pct(99).toFixed(2),
      homeP50: +percentile(home, 50).toFixed(1),
      gradesPerSecond: Math.round(graded / DURATION_S),
      non2xx,
    }),
  );
  void clients;
} finally {
  server.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
}
