/**
 * Storage for automatic FSRS re-fits (lib/stats/auto-optimize-job.ts): the per-learner claim that
 * lets one app instance, of several on one database, run a learner's fit; the counts that say a
 * fit is due; the history of fits. Decisions are lib/stats/auto-optimize.ts's.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "./client";

/** A claim not renewed for this long is taken to be a crashed instance's. */
export const CLAIM_MS = 5 * 60_000;

const isDuplicate = (e: unknown) => (e as { code?: string } | null)?.code === "P2002";

/**
 * Take the learner's fit claim if nobody holds it (or the holder's ran out): one conditional
 * update, else an insert that a concurrent insert makes fail on the key. True when taken.
 */
export async function claimFit(db: Db, userId: string, holder: string, now: Date): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + CLAIM_MS);
  const taken = await db.optimizerClaim.updateMany({ where: { userId, expiresAt: { lt: now } }, data: { holder, expiresAt } });
  if (taken.count === 1) return true;
  try {
    await db.optimizerClaim.create({ data: { userId, holder, expiresAt } });
    return true;
  } catch (error) {
    if (isDuplicate(error)) return false;
    throw error;
  }
}

/** Push the claim's expiry forward; false if another instance took it over meanwhile. */
export async function renewFitClaim(db: Db, userId: string, holder: string, now: Date): Promise<boolean> {
  const r = await db.optimizerClaim.updateMany({ where: { userId, holder }, data: { expiresAt: new Date(now.getTime() + CLAIM_MS) } });
  return r.count === 1;
}

export async function releaseFitClaim(db: Db, userId: string, holder: string): Promise<void> {
  await db.optimizerClaim.deleteMany({ where: { userId, holder } });
}

/** Review-screen answers in total and since `since` (the last fit's start; null = ever). */
export async function reviewCounts(db: Db, userId: string, since: Date | null): Promise<{ total: number; since: number }> {
  const [total, after] = await Promise.all([
    db.reviewLog.count({ where: { userId, kind: "review" } }),
    since ? db.reviewLog.count({ where: { userId, kind: "review", review: { gt: since } } }) : null,
  ]);
  return { total, since: after ?? total };
}

export interface FitRow {
  id: string;
  startedAt: Date;
  finishedAt: Date;
  outcome: string;
  reviews: number;
  recentReviews: number;
  weightsBefore: number[] | null;
  weightsAfter: number[] | null;
  logLossBefore: number | null;
  logLossAfter: number | null;
  rmseBefore: number | null;
  rmseAfter: number | null;
  error: string | null;
}

export async function lastFitStart(db: Db, userId: string): Promise<Date | null> {
  const row = await db.optimizerFit.findFirst({ where: { userId }, orderBy: { startedAt: "desc" }, select: { startedAt: true } });
  return row?.startedAt ?? null;
}

export async function recordFit(db: Db, userId: string, fit: Omit<FitRow, "id">): Promise<string> {
  const id = randomUUID();
  const json = (w: number[] | null) => (w ? JSON.stringify(w) : null);
  const num = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);
  await db.optimizerFit.create({
    data: {
      id,
      userId,
      ...fit,
      weightsBefore: json(fit.weightsBefore),
      weightsAfter: json(fit.weightsAfter),
      logLossBefore: num(fit.logLossBefore),
      logLossAfter: num(fit.logLossAfter),
      rmseBefore: num(fit.rmseBefore),
      rmseAfter: num(fit.rmseAfter),
    },
  });
  return id;
}

/** The learner's fits, newest first. */
export async function listFits(db: Db, userId: string, limit = 20): Promise<FitRow[]> {
  const rows = await db.optimizerFit.findMany({ where: { userId }, orderBy: { startedAt: "desc" }, take: limit });
  const parse = (s: string | null) => (s ? (JSON.parse(s) as number[]) : null);
  return rows.map(({ userId: _u, ...r }) => ({ ...r, weightsBefore: parse(r.weightsBefore), weightsAfter: parse(r.weightsAfter) }));
}
