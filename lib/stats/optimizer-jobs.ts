// Optimizer runs off the request path: POST starts a job and returns its id at once, the page
// polls GET for progress. One registry per server process (kept on globalThis across hot
// reloads); loading reads the history in pages, yielding between them, and the training and
// evaluation run inside the native binding on libuv's thread pool, so requests keep flowing.
// A learner has at most one job at a time; finished jobs are forgotten after an hour.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
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
const registry = ((globalThis as unknown as { attendOptimizerJobs?: Map<string, OptimizerJob> }).attendOptimizerJobs ??= new Map());

function prune(now: number) {
  for (const [id, job] of registry) if (job.finishedAt && now - job.finishedAt > KEEP_MS) registry.delete(id);
}

const running = (j: OptimizerJob) => j.phase === "loading" || j.phase === "training" || j.phase === "evaluating";

/** Start (or return the learner's already running) optimizer job. */
export function startOptimizerJob(db: Db, userId: string): OptimizerJob {
  prune(Date.now());
  for (const job of registry.values()) if (job.userId === userId && running(job)) return job;
  const job: OptimizerJob = {
    id: randomUUID(),
    userId,
    phase: "loading",
    progress: 0,
    startedAt: Date.now(),
    finishedAt: null,
    result: null,
    current: null,
    needed: 0,
    minimum: MIN_REVIEWS,
    error: null,
  };
  registry.set(job.id, job);
  void run(db, job);
  return job;
}

async function run(db: Db, job: OptimizerJob) {
  try {
    const learner = await getSettings(db, job.userId);
    job.current = learner.settings.weights;
    const items = await loadFsrsItems(db, job.userId, (loaded, total) => (job.progress = total ? loaded / total : 1));
    job.needed = reviewsStillNeeded(items);
    if (job.needed > 0) {
      job.phase = "too-little-data";
    } else {
      job.result = await optimize(items, job.current, (phase, fraction) => {
        job.phase = phase;
        job.progress = fraction;
      });
      job.phase = "done";
      job.progress = 1;
    }
  } catch (error) {
    job.phase = "failed";
    job.error = error instanceof Error ? error.message : String(error);
  } finally {
    job.finishedAt = Date.now();
  }
}

/** The learner's own job by id (another learner's id reads as missing). */
export function getOptimizerJob(userId: string, id: string): OptimizerJob | null {
  const job = registry.get(id);
  return job && job.userId === userId ? job : null;
}

/** The learner's latest job, if any (the page shows it after a reload). */
export function latestOptimizerJob(userId: string): OptimizerJob | null {
  let latest: OptimizerJob | null = null;
  for (const job of registry.values()) if (job.userId === userId && (!latest || job.startedAt > latest.startedAt)) latest = job;
  return latest;
}

/** What the client sees (no user id). */
export function jobView(job: OptimizerJob) {
  const { userId: _u, ...rest } = job;
  return rest;
}
export type OptimizerJobView = ReturnType<typeof jobView>;
