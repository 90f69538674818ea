// Optimizer runs off the request path: POST starts a job and returns its id at once, the page
// polls GET for progress. The job is a database row (lib/db/optimizer-jobs.ts): the instance that
// received the POST runs it and writes its phase and progress (a few times a second at most), any
// instance answers the polls, so it works behind a load balancer. Loading reads the history in
// pages, yielding between them, and the training and evaluation run inside the native binding on
// libuv's thread pool, so requests keep flowing. A learner has at most one running job; finished
// jobs are forgotten after an hour; a running job whose heartbeat stops (its server went away)
// reads as failed.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { deleteOptimizerJobsBefore, findOptimizerJob, insertOptimizerJob, latestOptimizerJobs, updateOptimizerJob, type OptimizerJobRow } from "@/lib/db/optimizer-jobs";
import { loadFsrsItems } from "@/lib/db/stats";
import { getSettings } from "@/lib/db/settings";
import { MIN_REVIEWS, optimize, reviewsStillNeeded, type OptimizeResult } from "./optimizer";

export type JobPhase = "loading" | "training" | "evaluating" | "done" | "too-little-data" | "failed";

export interface OptimizerJob {
  id: string;
  userId: string;
  phase: JobPhase;
  progress: number; // 0–1 within the phase
  startedAt: number;
  finishedAt: number | null;
  result: OptimizeResult | null;
  current: number[] | null; // the parameters in use when the job started (null = defaults)
  needed: number; // more long-term reviews needed, when phase is "too-little-data"
  minimum: number;
  error: string | null;
}

const KEEP_MS = 60 * 60_000;
/** The running instance renews the heartbeat this often; twice as long without one means it is gone. */
const HEARTBEAT_MS = 10_000;
const STOPPED_AFTER_MS = 3 * HEARTBEAT_MS;
/** Progress is written at most this often (phase changes at once). */
const PROGRESS_EVERY_MS = 250;

const running = (phase: string) => phase === "loading" || phase === "training" || phase === "evaluating";

/** A row as the page sees it; a running job whose heartbeat stopped is reported failed. */
function fromRow(row: OptimizerJobRow, now: number): OptimizerJob {
  const stopped = running(row.phase) && now - row.heartbeatAt.getTime() > STOPPED_AFTER_MS;
  return {
    id: row.id,
    userId: row.userId,
    phase: (stopped ? "failed" : row.phase) as JobPhase,
    progress: row.progress,
    startedAt: row.startedAt.getTime(),
    finishedAt: row.finishedAt?.getTime() ?? (stopped ? row.heartbeatAt.getTime() : null),
    result: row.result ? (JSON.parse(row.result) as OptimizeResult) : null,
    current: row.current ? (JSON.parse(row.current) as number[]) : null,
    needed: row.needed,
    minimum: row.minimum,
    error: stopped ? "The server running this optimization stopped; start it again." : row.error,
  };
}

/** Start (or return the learner's already running) optimizer job. */
export async function startOptimizerJob(db: Db, userId: string, now = new Date()): Promise<OptimizerJob> {
  await deleteOptimizerJobsBefore(db, new Date(now.getTime() - KEEP_MS));
  const [latest] = await latestOptimizerJobs(db, userId);
  if (latest) {
    const job = fromRow(latest, now.getTime());
    if (running(job.phase)) return job;
  }
  const row: OptimizerJobRow = {
    id: randomUUID(),
    userId,
    phase: "loading",
    progress: 0,
    startedAt: now,
    finishedAt: null,
    heartbeatAt: now,
    result: null,
    current: null,
    needed: 0,
    minimum: MIN_REVIEWS,
    error: null,
  };
  await insertOptimizerJob(db, row);
  void run(db, row.id, userId);
  return fromRow(row, now.getTime());
}

async function run(db: Db, id: string, userId: string) {
  // Writes go out one at a time, in order; progress in between is coalesced.
  let pending: Partial<OptimizerJobRow> = {};
  let last = 0;
  let writing: Promise<void> = Promise.resolve();
  const write = (fields: Partial<OptimizerJobRow>, now = false) => {
    pending = { ...pending, ...fields };
    if (!now && Date.now() - last < PROGRESS_EVERY_MS) return writing;
    last = Date.now();
    const batch = { ...pending, heartbeatAt: new Date() };
    pending = {};
    writing = writing.then(() => updateOptimizerJob(db, id, batch)).catch((error) => console.error("optimizer job progress:", error));
    return writing;
  };
  const heartbeat = setInterval(() => void write({}, true), HEARTBEAT_MS);
  heartbeat.unref?.();
  let phase = "loading";
  try {
    const learner = await getSettings(db, userId);
    await write({ current: learner.settings.weights ? JSON.stringify(learner.settings.weights) : null }, true);
    const items = await loadFsrsItems(db, userId, (loaded, total) => void write({ progress: total ? loaded / total : 1 }));
    const needed = reviewsStillNeeded(items);
    if (needed > 0) {
      await write({ phase: "too-little-data", needed, finishedAt: new Date() }, true);
    } else {
      const result = await optimize(items, learner.settings.weights, (next, fraction) => {
        const changed = next !== phase;
        phase = next;
        void write({ phase: next, progress: fraction }, changed);
      });
      await write({ phase: "done", progress: 1, result: JSON.stringify(result), finishedAt: new Date() }, true);
    }
  } catch (error) {
    await write({ phase: "failed", error: error instanceof Error ? error.message : String(error), finishedAt: new Date() }, true);
  } finally {
    clearInterval(heartbeat);
  }
}

/** The learner's own job by id (another learner's id reads as missing). */
export async function getOptimizerJob(db: Db, userId: string, id: string, now = new Date()): Promise<OptimizerJob | null> {
  const row = await findOptimizerJob(db, userId, id);
  return row ? fromRow(row, now.getTime()) : null;
}

/** The learner's latest job, if any (the page shows it after a reload). */
export async function latestOptimizerJob(db: Db, userId: string, now = new Date()): Promise<OptimizerJob | null> {
  const [row] = await latestOptimizerJobs(db, userId);
  return row ? fromRow(row, now.getTime()) : null;
}

/** What the client sees (no user id). */
export function jobView(job: OptimizerJob) {
  const { userId: _u, ...rest } = job;
  return rest;
}
export type OptimizerJobView = ReturnType<typeof jobView>;
