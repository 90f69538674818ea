// Automatic re-optimization, the job: after a grade the review route calls maybeAutoFit, which
// (at most once a minute per learner and process) checks whether a fit is due; if so, and this
// instance wins the learner's claim in the database (several instances may share it), it loads
// the history, fits in the background (the native optimizer runs on libuv's thread pool), scores
// old and new parameters on the most recent reviews, applies the new ones only if they are
// better, and records the fit. The rules are lib/stats/auto-optimize.ts's.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { claimFit, lastFitStart, recordFit, releaseFitClaim, renewFitClaim, reviewCounts } from "@/lib/db/optimizer-fits";
import { getSettings, saveSettings } from "@/lib/db/settings";
import { loadFsrsItems } from "@/lib/db/stats";
import { autoFitDue, fitImproves, recentItems, type FitOutcome } from "./auto-optimize";
import { longTermReviewCount } from "./fsrs-items";
import { evaluate, optimize, reviewsStillNeeded, toBindingItems, type Metrics } from "./optimizer";

/** This process, as a claim holder. */
const INSTANCE = `${process.pid}-${randomUUID().slice(0, 8)}`;
const CHECK_EVERY_MS = 60_000;
const RENEW_EVERY_MS = 30_000;
const running = ((globalThis as unknown as { attendAutoFitsRunning?: { count: number } }).attendAutoFitsRunning ??= { count: 0 });
const lastCheck = ((globalThis as unknown as { attendAutoFitChecks?: Map<string, number> }).attendAutoFitChecks ??= new Map());

export interface AutoFitOptions {
  now?: () => Date;
  holder?: string; // tests pose as several instances
}

/**
 * After a grade: start a fit if one is due (not more than one check a minute per learner in this
 * process). Never throws: a failed check is logged and tried again later.
 */
export function maybeAutoFit(db: Db, userId: string): void {
  const t = Date.now();
  // One fit at a time per process: a fit keeps a core busy for seconds, and the requests need the other.
  if (running.count > 0 || t - (lastCheck.get(userId) ?? 0) < CHECK_EVERY_MS) return;
  lastCheck.set(userId, t);
  if (lastCheck.size > 10_000) lastCheck.clear();
  running.count++;
  runAutoFit(db, userId)
    .catch((error) => console.error("automatic FSRS fit failed", error))
    .finally(() => running.count--);
}

/** Is a fit due for this learner now? */
async function due(db: Db, userId: string): Promise<{ since: Date | null } | null> {
  const [learner, since] = await Promise.all([getSettings(db, userId), lastFitStart(db, userId)]);
  const counts = await reviewCounts(db, userId, since);
  return autoFitDue({ enabled: learner.settings.autoOptimize, totalReviews: counts.total, reviewsSinceLastFit: counts.since }) ? { since } : null;
}

/**
 * Claim, check, fit, record (the claim comes first, so a fit another instance just finished is
 * seen; it is one small write a minute per active learner). Returns the fit's outcome, or null when no fit was due or another
 * instance holds the claim.
 */
export async function runAutoFit(db: Db, userId: string, opts: AutoFitOptions = {}): Promise<FitOutcome | null> {
  const clock = opts.now ?? (() => new Date());
  const holder = opts.holder ?? INSTANCE;
  if (!(await claimFit(db, userId, holder, clock()))) return null;
  try {
    // Checked under the claim: another instance may have finished a fit a moment ago.
    const check = await due(db, userId);
    if (!check) return null;
    return await fit(db, userId, holder, check.since, clock);
  } finally {
    await releaseFitClaim(db, userId, holder);
  }
}

async function fit(db: Db, userId: string, holder: string, since: Date | null, clock: () => Date): Promise<FitOutcome> {
  const startedAt = clock();
  const learner = await getSettings(db, userId);
  const current = learner.settings.weights;
  const base = { startedAt, weightsBefore: current, weightsAfter: null, logLossBefore: null, logLossAfter: null, rmseBefore: null, rmseAfter: null, error: null };
  let reviews = 0;
  try {
    const items = await loadFsrsItems(db, userId);
    reviews = longTermReviewCount(items);
    if (reviewsStillNeeded(items) > 0) {
      await recordFit(db, userId, { ...base, finishedAt: clock(), outcome: "too-little-data", reviews, recentReviews: 0 });
      return "too-little-data";
    }
    let renewedAt = Date.now();
    const result = await optimize(
      items,
      current,
      () => {
        if (Date.now() - renewedAt < RENEW_EVERY_MS) return;
        renewedAt = Date.now();
        void renewFitClaim(db, userId, holder, clock());
      },
      { evaluate: false },
    );
    const lastDayLater = (it: (typeof items)[number]) => it.reviews[it.reviews.length - 1].deltaT > 0;
    const recent = toBindingItems(recentItems(items, since?.getTime() ?? null, lastDayLater));
    const before: Metrics = evaluate(recent, current);
    const after: Metrics = evaluate(recent, result.weights);
    let outcome: FitOutcome = "kept";
    if (fitImproves(before, after)) {
      if (!(await renewFitClaim(db, userId, holder, clock()))) throw new Error("another instance took over this fit");
      // The learner may have changed their parameters (or pressed "apply") while this ran.
      const now = await getSettings(db, userId);
      if (JSON.stringify(now.settings.weights) !== JSON.stringify(current)) outcome = "superseded";
      else {
        await saveSettings(db, userId, { ...now.settings, weights: result.weights }, now.timeZone);
        outcome = "applied";
      }
    }
    await recordFit(db, userId, {
      ...base,
      finishedAt: clock(),
      outcome,
      reviews: result.reviews,
      recentReviews: recent.length,
      weightsAfter: result.weights,
      logLossBefore: before.logLoss,
      logLossAfter: after.logLoss,
      rmseBefore: before.rmseBins,
      rmseAfter: after.rmseBins,
    });
    return outcome;
  } catch (error) {
    await recordFit(db, userId, { ...base, finishedAt: clock(), outcome: "failed", reviews, recentReviews: 0, error: error instanceof Error ? error.message : String(error) });
    return "failed";
  }
}
