import type { Db } from "./client";

/**
 * Storage for optimizer runs started from the statistics page (lib/stats/optimizer-jobs.ts
 * decides): one row per run, written by the instance running it, read by any instance.
 */
export interface OptimizerJobRow {
  id: string;
  userId: string;
  phase: string;
  progress: number;
  startedAt: Date;
  finishedAt: Date | null;
  heartbeatAt: Date;
  result: string | null;
  current: string | null;
  needed: number;
  minimum: number;
  error: string | null;
}

export async function insertOptimizerJob(db: Db, row: OptimizerJobRow): Promise<void> {
  await db.optimizerJob.create({ data: row });
}

export async function updateOptimizerJob(db: Db, id: string, fields: Partial<Omit<OptimizerJobRow, "id" | "userId">>): Promise<void> {
  await db.optimizerJob.update({ where: { id }, data: fields });
}

/** One learner's run by id (another learner's id reads as missing). */
export async function findOptimizerJob(db: Db, userId: string, id: string): Promise<OptimizerJobRow | null> {
  return db.optimizerJob.findFirst({ where: { id, userId } });
}

/** The learner's newest runs, newest first. */
export async function latestOptimizerJobs(db: Db, userId: string, take = 1): Promise<OptimizerJobRow[]> {
  return db.optimizerJob.findMany({ where: { userId }, orderBy: { startedAt: "desc" }, take });
}

/** Forget runs that ended before `before`. */
export async function deleteOptimizerJobsBefore(db: Db, before: Date): Promise<void> {
  await db.optimizerJob.deleteMany({ where: { finishedAt: { lt: before } } });
}
