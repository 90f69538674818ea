// How desired retention changes the amount of review, for the settings page.
//
// FSRS-6 forgetting curve: R(t, S) = (1 + FACTOR · t / S)^DECAY, with DECAY = −w[20] and
// FACTOR = 0.9^(1/DECAY) − 1 (so R(S, S) = 0.9). Solving R = r for t gives the interval
//   I(r) = S · (r^(1/DECAY) − 1) / FACTOR,    I(0.9) = S.
// Reviews per day scale with 1 / I(r). Each review also fails with probability 1 − r, and a lapse
// costs about one extra review (the relearning step), so
//   workload(r) ∝ (1 + (1 − r)) / I(r),   factor(r) = workload(r) / workload(0.9).
// A simplification: it ignores that a lapse also shortens later intervals, so it understates the
// cost of low retention (FSRS simulations put the real minimum around 0.7–0.85).
import { default_w } from "ts-fsrs";

const BASELINE = 0.9;

/** Expected reviews at `retention` relative to 0.9 (1 at 0.9, > 1 above, < 1 below). */
export function workloadFactor(retention: number, weights?: readonly number[] | null): number {
  if (!(retention > 0 && retention < 1)) throw new RangeError(`retention must be in (0, 1), got ${retention}`);
  const w = weights && weights.length === 21 ? weights : default_w;
  const decay = -w[20];
  const factor = Math.pow(BASELINE, 1 / decay) - 1;
  const relativeInterval = (r: number) => (Math.pow(r, 1 / decay) - 1) / factor; // I(r) / S
  const workload = (r: number) => (1 + (1 - r)) / relativeInterval(r);
  return workload(retention) / workload(BASELINE);
}

/**
 * Why the Statistics page's workload simulator (lib/stats/workload.ts) shows smaller differences:
 * it covers the next weeks, where cards keep the due dates they were given at the old retention
 * and new cards cost the same at any retention; this estimate is the steady state.
 */
const LONG_RUN = "That is the long run, once every card has been rescheduled; the workload simulator on the Statistics page shows the next weeks, which change less, because cards keep the due dates they already have and new cards cost the same at any retention.";

/** The settings page's explanation, e.g. "At 95% you will do about 2.4× the reviews of 90% …". */
export function explainRetention(retention: number, weights?: readonly number[] | null): string {
  const pct = Math.round(retention * 100);
  const forget = `you will forget about 1 card in ${Math.round(1 / (1 - retention))} when it comes due`;
  if (Math.abs(retention - BASELINE) < 0.005) return `At 90% (the usual choice) ${forget}.`;
  const f = workloadFactor(retention, weights);
  const times = f >= 10 ? Math.round(f).toString() : f.toFixed(1);
  if (f > 1) return `At ${pct}% you will do about ${times}× the reviews of 90%, and ${forget}. ${LONG_RUN}`;
  const caveat = " Forgotten cards also take longer to relearn (a lapse shortens the intervals after it), so the real saving is smaller than this.";
  return `At ${pct}% you will do about ${times}× the reviews of 90% (about ${Math.round((1 - f) * 100)}% fewer), but ${forget}. ${LONG_RUN}${caveat}`;
}
