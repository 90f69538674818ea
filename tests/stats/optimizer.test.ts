import { describe, expect, it } from "vitest";
import { default_w } from "ts-fsrs";
import { settingsForTesting } from "@/lib/srs";
import { simulateHistory, toFsrsItems, longTermReviewCount } from "@/lib/stats";
import { MIN_REVIEWS, evaluate, optimize, reviewsStillNeeded, toBindingItems } from "@/lib/stats/optimizer";

// A learner whose memory is not the average one: firmer first impressions, faster forgetting
// curve decay, slower stability growth after recall.
const TRUE_W = [...default_w];
TRUE_W[0] = 0.6;
TRUE_W[1] = 2.5;
TRUE_W[2] = 6;
TRUE_W[3] = 20;
TRUE_W[8] = 1.2;
TRUE_W[20] = 0.4;

const cardIds = Array.from({ length: 1000 }, (_, i) => `card-${i}`);

function history(seed: number, days = 200) {
  return simulateHistory({
    cardIds,
    start: new Date("2026-01-01T09:00:00Z"),
    days,
    trueWeights: TRUE_W,
    settings: settingsForTesting(),
    newPerDay: 15,
    seed,
  });
}

describe("the optimizer on a synthetic learner", () => {
  it("finds parameters with lower log loss than the defaults", async () => {
    const sim = history(7);
    const items = toFsrsItems(sim.logs.map((l) => ({ cardId: l.cardId, review: l.review.getTime(), rating: l.rating, state: l.state })), "UTC", 4);
    expect(longTermReviewCount(items)).toBeGreaterThan(MIN_REVIEWS);
    const progress: string[] = [];
    const result = await optimize(items, null, (phase) => progress.push(phase));
    expect(result.weights).toHaveLength(21);
    expect(result.weights).not.toEqual([...default_w]);
    // out of sample (time-series split): trained parameters beat the defaults
    expect(result.after.logLoss).toBeLessThan(result.before.logLoss);
    // and on a fresh history of the same learner
    const test = toBindingItems(toFsrsItems(history(99).logs.map((l) => ({ cardId: l.cardId, review: l.review.getTime(), rating: l.rating, state: l.state }))));
    expect(evaluate(test, result.weights).logLoss).toBeLessThan(evaluate(test, null).logLoss);
    // the fitted decay moves from the default towards the true one
    expect(Math.abs(result.weights[20] - TRUE_W[20])).toBeLessThan(Math.abs(default_w[20] - TRUE_W[20]));
    expect(progress).toContain("training");
    expect(progress).toContain("evaluating");
  });

  it("says how many more reviews are needed below the minimum", () => {
    const sim = history(3, 10);
    const items = toFsrsItems(sim.logs.map((l) => ({ cardId: l.cardId, review: l.review.getTime(), rating: l.rating, state: l.state })));
    const have = longTermReviewCount(items);
    expect(have).toBeLessThan(MIN_REVIEWS);
    expect(reviewsStillNeeded(items)).toBe(MIN_REVIEWS - have);
  });
});
