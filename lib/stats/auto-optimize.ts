// Automatic re-optimization, the rules: when a fit is due, which reviews judge it, and whether
// its parameters replace the learner's. Pure (counts and times come from the caller). Anki cannot
// refit by itself (two devices would fit different parameters and conflict on sync); one server can.
import type { FsrsItemData } from "./fsrs-items";
import { MIN_REVIEWS, type Metrics } from "./optimizer";

/** New reviews (since the last fit, or ever) before the parameters are refitted. */
export const AUTO_FIT_EVERY = 250;
/** At least this many recent reviews judge a fit (more when more came in since the last one). */
export const MIN_RECENT_REVIEWS = 200;
/** At most this many (the latest) judge a fit: scoring runs on the request thread (~0.01 ms each). */
export const MAX_RECENT_REVIEWS = 5000;

export interface AutoFitState {
  enabled: boolean; // the learner's autoOptimize setting
  totalReviews: number; // answers on the review screen, ever
  reviewsSinceLastFit: number; // answers since the last fit started (= totalReviews when none)
}

/**
 * Is a fit due? Only with the setting on, a minimum history (the optimizer's MIN_REVIEWS answers;
 * the fit itself then checks the long-term count) and AUTO_FIT_EVERY new answers since the last fit.
 */
export function autoFitDue(s: AutoFitState): boolean {
  return s.enabled && s.totalReviews >= MIN_REVIEWS && s.reviewsSinceLastFit >= AUTO_FIT_EVERY;
}

/**
 * The reviews a fit is judged on: the items (time-ordered) ending after the previous fit started,
 * or, when fewer than MIN_RECENT_REVIEWS of them can be evaluated (`usable`), the last
 * MIN_RECENT_REVIEWS usable items; never more than the last MAX_RECENT_REVIEWS. Both parameter
 * sets are scored on the same items.
 */
export function recentItems(items: readonly FsrsItemData[], since: number | null, usable: (it: FsrsItemData) => boolean): FsrsItemData[] {
  const ok = items.filter(usable);
  const after = since === null ? [] : ok.filter((it) => it.time > since);
  if (after.length >= MIN_RECENT_REVIEWS) return after.slice(Math.max(0, after.length - MAX_RECENT_REVIEWS));
  return ok.slice(Math.max(0, ok.length - MIN_RECENT_REVIEWS));
}

/** Apply only when the new parameters predict the recent reviews strictly better (lower log loss). */
export function fitImproves(before: Metrics, after: Metrics): boolean {
  return Number.isFinite(after.logLoss) && (!Number.isFinite(before.logLoss) || after.logLoss < before.logLoss);
}

export type FitOutcome = "applied" | "kept" | "too-little-data" | "superseded" | "failed";

/** What the stats page says about one fit. */
export function describeFit(f: { outcome: string; logLossBefore: number | null; logLossAfter: number | null; error: string | null }): string {
  switch (f.outcome) {
    case "applied":
      return "New parameters applied: they predict your recent reviews better.";
    case "kept":
      return "Parameters kept: the new fit did not predict your recent reviews better.";
    case "too-little-data":
      return "Not fitted: too few reviews on a later day than the card's previous one yet.";
    case "superseded":
      return "Not applied: your parameters were changed while this fit ran.";
    default:
      return `Failed: ${f.error ?? "unknown error"}`;
  }
}
