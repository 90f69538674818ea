// The learner's own FSRS-6 parameters, computed by the FSRS optimizer (fsrs-rs through
// @open-spaced-repetition/binding; native, runs on libuv's thread pool so the event loop stays
// free), with log loss and RMSE (bins) before and after on a time-series split.
// Server only: the binding is a native module (serverExternalPackages in next.config.ts).
import { FSRSBinding, FSRSBindingItem, FSRSBindingReview, computeParameters, evaluateWithTimeSeriesSplits, type ModelEvaluation } from "@open-spaced-repetition/binding";
import { default_w } from "ts-fsrs";
import { longTermReviewCount, type FsrsItemData } from "./fsrs-items";

/**
 * Reviews (on a later day than the card's previous one) needed before optimizing. fsrs-rs itself
 * accepts 8 items, but with few reviews the parameters mostly fit noise; Anki asks for 400.
 */
export const MIN_REVIEWS = 400;
/** fsrs-rs' TimeSeriesSplit: the history is cut into SPLITS + 1 chunks; chunks 2… are tested. */
const SPLITS = 5;

export interface Metrics {
  logLoss: number;
  rmseBins: number;
}

export interface OptimizeResult {
  weights: number[];
  reviews: number; // long-term reviews used
  items: number;
  before: Metrics; // current parameters, on the time-series test chunks
  after: Metrics; // parameters trained on earlier chunks, tested on the next (fsrs-rs evaluate_with_time_series_splits)
  seconds: number;
}

export type OptimizerPhase = "training" | "evaluating";

/** Needs more data? How many more long-term reviews, or 0 when there are enough. */
export function reviewsStillNeeded(items: FsrsItemData[]): number {
  return Math.max(0, MIN_REVIEWS - longTermReviewCount(items));
}

/**
 * Binding items. fsrs-rs panics (taking the process down) on an item whose delta_t are all 0
 * (dataset.rs: "at least one review with delta_t > 0 is required"), so training gets the items
 * with some later-day review; evaluation predicts each item's last review and refuses
 * (InvalidInput) items whose last review fell on the same day, so it gets only those ending on a
 * later day.
 */
export function toBindingItems(items: FsrsItemData[], use: "training" | "evaluation" = "evaluation"): FSRSBindingItem[] {
  const keep = use === "training" ? (it: FsrsItemData) => it.reviews.some((r) => r.deltaT > 0) : (it: FsrsItemData) => it.reviews[it.reviews.length - 1].deltaT > 0;
  return items.filter(keep).map((it) => new FSRSBindingItem(it.reviews.map((r) => new FSRSBindingReview(r.rating, r.deltaT))));
}

/**
 * toBindingItems a few hundred items at a time, yielding to the event loop in between: building
 * the native items costs ~0.16 ms each (7 s for a 44,000-item history), which would stall every
 * request for that long.
 */
export async function toBindingItemsYielding(items: FsrsItemData[], use: "training" | "evaluation", chunk = 500): Promise<FSRSBindingItem[]> {
  const out: FSRSBindingItem[] = [];
  for (let i = 0; i < items.length; i += chunk) {
    for (const it of toBindingItems(items.slice(i, i + chunk), use)) out.push(it);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

/**
 * Compute parameters for `items` (time-ordered) and compare them with `current` (null = defaults).
 * `onProgress(phase, fraction)` is called from time to time.
 */
export async function optimize(
  items: FsrsItemData[],
  current: readonly number[] | null,
  onProgress: (phase: OptimizerPhase, fraction: number) => void = () => {},
  opts: { evaluate?: boolean } = {},
): Promise<OptimizeResult> {
  const started = performance.now();
  const trainItems = await toBindingItemsYielding(items, "training");
  const testItems = opts.evaluate === false ? [] : await toBindingItemsYielding(items, "evaluation");
  const progress = (phase: OptimizerPhase) => (done: number, total: number) => {
    onProgress(phase, total > 0 ? Math.min(1, done / total) : 0);
  };
  onProgress("training", 0);
  const weights = (await computeParameters(trainItems, { enableShortTerm: true, numRelearningSteps: 1, timeout: 100, progress: progress("training") })).map(
    (x) => Math.round(x * 10_000) / 10_000,
  );
  let before: Metrics = { logLoss: NaN, rmseBins: NaN };
  let after: Metrics = { logLoss: NaN, rmseBins: NaN };
  if (opts.evaluate !== false) {
    onProgress("evaluating", 0);
    after = pick(await evaluateWithTimeSeriesSplits(testItems, { enableShortTerm: true, numRelearningSteps: 1, timeout: 100, progress: progress("evaluating") }));
    before = evaluateOnTestChunks(testItems, current);
  }
  onProgress("evaluating", 1);
  return { weights, reviews: longTermReviewCount(items), items: items.length, before, after, seconds: (performance.now() - started) / 1000 };
}

/** Fixed parameters on the items the time-series split tests (all but the first chunk). */
export function evaluateOnTestChunks(items: FSRSBindingItem[], weights: readonly number[] | null): Metrics {
  const first = Math.floor(items.length / (SPLITS + 1));
  return evaluate(items.slice(first), weights);
}

/** Log loss and RMSE (bins) of fixed parameters on items. */
export function evaluate(items: FSRSBindingItem[], weights: readonly number[] | null): Metrics {
  return pick(new FSRSBinding([...(weights ?? default_w)]).evaluate(items));
}

const pick = (m: ModelEvaluation): Metrics => ({ logLoss: m.logLoss, rmseBins: m.rmseBins });
