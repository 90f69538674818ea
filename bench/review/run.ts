/**
 * npm run bench:review [-- --duration 20] [--warmup 5] [--only sqlite|postgresql]
 * The review loop on both databases, side by side in one run, with 100,000 cards, 1,000,000
 * review logs and 20 learners on each (same data: bench/review/seed.ts):
 *   1. server-side latency of one "grade + next card" step (lib/db/review, the work the grade
 *      route does), p50/p95/p99 over 2,000 steps; and the home page's numbers;
 *   2. HTTP throughput: 20 concurrent learners (autocannon, one learner per connection) grading
 *      through POST /api/review/grade for `--duration` seconds, against
 *        SQLite: one `next start`;  PostgreSQL: one `next start`, and two behind nginx;
 *   3. the floor: the same grade + next behind a bare node:http handler (bench/review/floor.ts) on
 *      the same database, and Attend's throughput as a share of it;
 *   4. for every HTTP row, CPU a request (bench/tools/cpu.ts): the app's main thread, its whole
 *      process, the load generator, the whole machine. A Node server serves at most 1000 / (main
 *      thread ms) requests a second; the machine's figure says when the two cores are the bound.
 * Needs a production build (`npm run build`), nginx (Debian's nginx-light) and PostgreSQL
 * (ATTEND_PG_ADMIN_URL, default the local server; a scratch database is made and dropped).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { migrateDatabase } from "@/lib/db/migrate";
import { createDb } from "@/lib/db/client";
import { getHomeStats, getNext, gradeAndNext } from "@/lib/db/review";
import type { NextResponse } from "@/lib/review/contract";
import { freePort } from "../../tests/helpers/app-server";
import { HttpClient } from "../../tests/helpers/auth";
import { tempPostgres } from "../../tests/helpers/postgres";
import { seedReviewBench, seedReviewBenchPostgres } from "./seed";
import { cpuMeter } from "../tools/cpu";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "../..");
const { values: args } = parseArgs({ options: { duration: { type: "string", default: "20" }, warmup: { type: "string", default: "5" }, only: { type: "string" } } });
const DURATION_S = Number(args.duration);
/**
 * Seconds of the same load before each measured HTTP run, not counted: a server just started
 * still compiles its hot paths (the grade route's transaction took ~3.3 ms a step over its first
 * 1,000 requests and ~2.4 ms after 3,000), and a running install is measured warm.
 */
const WARMUP_S = Number(args.warmup);
const SEED = { cards: 100_000, logs: 1_000_000, users: 20, statesPerUser: 5000 };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-bench-review-"));
const children: ChildProcess[] = [];
// A bench that dies (an exception in a load callback) must not leave servers running: they would
// take the cores from every later measurement.
process.on("exit", () => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill("SIGKILL")));

type Users = { id: string; email: string }[];
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** 1. grade + next in process, and the home page's numbers. */
async function inProcess(url: string, users: Users) {
  const db = createDb(url);
  try {
    const current = new Map<string, NextResponse>();
    for (const u of users) current.set(u.id, await getNext(db, u.id, { now: new Date() }));
    const samples: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const u = users[i % users.length];
      const n = current.get(u.id)!;
      if (!n.card) throw new Error("queue ran dry");
      const start = performance.now();
      const now = new Date();
      const { next } = await gradeAndNext(db, u.id, { cardId: n.card.id, grade: 3, reviewId: `lat-${i}-${u.id}`, seenReps: n.card.seen.reps, seenUpdatedAt: n.card.seen.updatedAt, durationMs: 4000 }, { now });
      current.set(u.id, next);
      samples.push(performance.now() - start);
    }
    const home: number[] = [];
    for (let k = 0; k < 5; k++)
      for (const u of users) {
        const start = performance.now();
        await getHomeStats(db, u.id, new Date());
        home.push(performance.now() - start);
      }
    return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), homeP50: percentile(home, 50) };
  } finally {
    await db.$disconnect();
  }
}

async function waitFor(url: string, child: ChildProcess, what: string) {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // starting
    }
    if (i > 600) throw new Error(`${what} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function spawnChild(command: string, argv: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(command, argv, { cwd: root, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env }, stdio: ["ignore", "ignore", "inherit"] });
  children.push(child);
  return child;
}

async function stop(procs: ChildProcess[]) {
  await Promise.all(procs.map((p) => (p.exitCode !== null || p.signalCode !== null ? null : new Promise((r) => (p.once("exit", r), p.kill("SIGTERM"))))));
}

/** `instances` × `next start` on the database; with two or more, nginx in front. Returns the base URL. */
async function startAttend(dbUrl: string, instances: number): Promise<{ base: string; procs: ChildProcess[] }> {
  const front = await freePort();
  const base = `http://127.0.0.1:${front}`;
  const procs: ChildProcess[] = [];
  const ports: number[] = [];
  for (let i = 0; i < instances; i++) {
    const port = instances === 1 ? front : await freePort();
    ports.push(port);
    // BENCH_PROFILE=<dir> writes a CPU profile of each server process there (for finding hot spots).
    const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    const child = spawnChild(process.execPath, [...profile, require.resolve("next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
      DATABASE_URL: dbUrl,
      NEXTAUTH_URL: base,
      NEXTAUTH_SECRET: "bench-secret",
      ...(instances > 1 ? { ATTEND_TRUST_PROXY: "1" } : {}),
    });
    procs.push(child);
    await waitFor(`http://127.0.0.1:${port}/login`, child, "next start");
  }
  if (instances > 1) {
    const ngx = path.join(dir, `nginx-${front}`);
    fs.mkdirSync(ngx, { recursive: true });
    fs.writeFileSync(
      path.join(ngx, "nginx.conf"),
      `worker_processes 1; daemon off; pid ${ngx}/nginx.pid; error_log ${ngx}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${ngx}/body; proxy_temp_path ${ngx}/proxy; fastcgi_temp_path ${ngx}/fastcgi; uwsgi_temp_path ${ngx}/uwsgi; scgi_temp_path ${ngx}/scgi;
  map $http_cookie $attend_learner { "~next-auth\\.session-token=(?<token>[^;]+)" $token; default $remote_addr; }
  upstream attend { hash $attend_learner consistent; ${ports.map((p) => `server 127.0.0.1:${p};`).join(" ")} keepalive 64; }
  server {
    listen 127.0.0.1:${front};
    location / {
      proxy_pass http://attend; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $http_host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`,
    );
    const nginx = spawnChild("nginx", ["-c", path.join(ngx, "nginx.conf"), "-p", ngx], {});
    procs.push(nginx);
    await waitFor(`${base}/login`, nginx, "nginx");
  }
  return { base, procs };
}

interface Learner {
  headers: Record<string, string>;
  next: NextResponse;
  stale?: boolean;
}

/**
 * 20 learners grade for DURATION_S seconds. autocannon clears a connection's context after every
 * request, so learners are lent from a pool: a request takes a free learner and its response
 * gives it back; with as many learners as connections, no two requests grade for the same one.
 * After a 409 (the card changed since it was shown) a learner does what the review screen does:
 * fetches the next card, then goes on grading.
 */
async function load(base: string, learners: Learner[], paths: { grade: string; next: string }, servers: ChildProcess[], seconds = DURATION_S) {
  const statuses = new Map<number, number>();
  const meter = cpuMeter(servers.map((p) => p.pid!));
  let graded = 0;
  let seq = 0;
  const free = [...learners];
  const result = await autocannon({
    url: base,
    connections: learners.length,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path: paths.grade,
        setupRequest: (req: any, context: any) => {
          const cl = free.shift();
          if (!cl) throw new Error("more requests in flight than learners: a request ended without a response");
          context.learner = cl;
          if (!cl.next?.card) throw new Error("queue ran dry");
          if (cl.stale) return { ...req, method: "GET", path: paths.next, headers: cl.headers, body: undefined };
          const card = cl.next.card;
          return {
            ...req,
            headers: { "content-type": "application/json", ...cl.headers },
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
  const cpu = meter.per([...statuses.values()].reduce((a, b) => a + b, 0));
  return { gradesPerSecond: graded / seconds, statuses: Object.fromEntries(statuses), httpP50: result.latency.p50, httpP99: result.latency.p99, errors: result.errors, cpu };
}

async function attendThroughput(dbUrl: string, instances: number, users: Users, password: string) {
  const { base, procs } = await startAttend(dbUrl, instances);
  try {
    // One after the other, as people arrive: 20 sign-ins at once from one address would each be
    // counted before any is verified, and the address throttle would refuse the last ones.
    const learners: Learner[] = [];
    for (const u of users) {
      const c = new HttpClient(base);
      const location = await c.signIn(u.email, password);
      if (!c.signedIn) throw new Error(`sign-in failed for ${u.email}: ${location}`);
      const cookies = (c as unknown as { cookies: Map<string, string> }).cookies;
      const next = (await (await c.fetch("/api/review/next")).json()) as NextResponse;
      learners.push({ headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") }, next });
    }
    const paths = { grade: "/api/review/grade", next: "/api/review/next" };
    const servers = procs.filter((p) => p.spawnfile === process.execPath);
    if (WARMUP_S > 0) await load(base, learners, paths, servers, WARMUP_S);
    return await load(base, learners, paths, servers);
  } finally {
    await stop(procs);
  }
}

async function floorThroughput(dbUrl: string, users: Users) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawnChild(process.execPath, ["--import", "tsx", "bench/review/floor.ts"], { DATABASE_URL: dbUrl, PORT: String(port), NODE_ENV: "production" });
  try {
    await waitFor(`${base}/health`, child, "the floor server");
    const learners = await Promise.all(
      users.map(async (u) => ({ headers: { "x-user": u.id }, next: (await (await fetch(base, { headers: { "x-user": u.id } })).json()) as NextResponse })),
    );
    if (WARMUP_S > 0) await load(base, learners, { grade: "/", next: "/" }, [child], WARMUP_S);
    return await load(base, learners, { grade: "/", next: "/" }, [child]);
  } finally {
    await stop([child]);
  }
}

const rows: Record<string, unknown>[] = [];
const record = (row: Record<string, unknown>) => (rows.push(row), console.log(JSON.stringify(row)));

async function benchSqlite() {
  const file = path.join(dir, "review.db");
  const url = `file:${file}`;
  await migrateDatabase(url, root);
  const t = performance.now();
  const seeded = await seedReviewBench(file, { ...SEED, now: new Date() });
  console.log(`SQLite: seeded ${SEED.cards} cards, ${SEED.logs} logs, ${SEED.users} learners in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const inProc = await inProcess(url, seeded.users);
  const http = await attendThroughput(url, 1, seeded.users, seeded.password);
  const floor = await floorThroughput(url, seeded.users);
  record({ database: "SQLite", instances: 1, ...inProc, ...http, floor: floor.gradesPerSecond, floorCpu: floor.cpu });
}

async function benchPostgres(url: string) {
  await migrateDatabase(url, root);
  const t = performance.now();
  const seeded = await seedReviewBenchPostgres(url, { ...SEED, now: new Date() });
  console.log(`PostgreSQL: seeded the same in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const inProc = await inProcess(url, seeded.users);
  const floor = await floorThroughput(url, seeded.users);
  const one = await attendThroughput(url, 1, seeded.users, seeded.password);
  record({ database: "PostgreSQL", instances: 1, ...inProc, ...one, floor: floor.gradesPerSecond, floorCpu: floor.cpu });
  const two = await attendThroughput(url, 2, seeded.users, seeded.password);
  record({ database: "PostgreSQL", instances: "2 + nginx", ...inProc, ...two, floor: floor.gradesPerSecond, floorCpu: floor.cpu });
}

if (args.only !== "sqlite" && spawnSync("nginx", ["-v"]).error) {
  console.error("bench:review puts two app instances behind nginx: apt-get install -y --no-install-recommends nginx-light (or --only sqlite).");
  process.exit(1);
}
const pg = await tempPostgres("attend_bench_review");
try {
  if (args.only !== "postgresql") await benchSqlite();
  if (args.only !== "sqlite") await benchPostgres(pg.url);
} finally {
  await stop(children);
  await pg.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}

const f = (x: unknown, d = 1) => (typeof x === "number" ? x.toFixed(d) : String(x));
console.log(`\nreview loop, ${SEED.cards} cards, ${SEED.logs} logs, ${SEED.users} learners; HTTP ${DURATION_S} s per row after ${WARMUP_S} s of warm-up`);
console.log("| database | app instances | grade+next in process p50 / p95 / p99 (ms) | home p50 (ms) | HTTP grades/s | HTTP p50 / p99 (ms) | statuses | floor grades/s | share of floor |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const r of rows)
  console.log(
    `| ${r.database} | ${r.instances} | ${f(r.p50, 2)} / ${f(r.p95, 2)} / ${f(r.p99, 2)} | ${f(r.homeP50)} | ${f(r.gradesPerSecond, 0)} | ${r.httpP50} / ${r.httpP99} | ${JSON.stringify(r.statuses)} | ${f(r.floor, 0)} | ${f((100 * (r.gradesPerSecond as number)) / (r.floor as number), 0)}% |`,
  );
// What throughput is bound by: a Node server serves at most 1000 / (its main thread's ms a request) requests/s.
type Cpu = { serverMain: number; serverAll: number; client: number; machine: number };
const cpu = (c: Cpu) => `${f(c.serverMain, 2)} / ${f(c.serverAll, 2)} / ${f(c.client, 2)} / ${f(c.machine, 2)}`;
console.log("\nCPU a request (ms): server main thread / server process / load generator / whole machine");
console.log("| database | app instances | Attend | floor |");
console.log("|---|---|---|---|");
for (const r of rows) console.log(`| ${r.database} | ${r.instances} | ${cpu(r.cpu as Cpu)} | ${cpu(r.floorCpu as Cpu)} |`);
console.log(JSON.stringify(rows));
