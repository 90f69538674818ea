import { describe, expect, it } from "vitest";
import { simulateWorkload, type WorkloadInput } from "@/lib/stats/workload";

const NOW = new Date("2026-11-23T09:00:00Z");
const DAY = 86_400_000;

/** A small collection (the seed content's size): where one Monte Carlo run is visibly noisy. */
function input(extra: Partial<WorkloadInput> = {}): WorkloadInput {
  const cards = Array.from({ length: 300 }, (_, i) => ({
    state: 2,
    due: new Date(NOW.getTime() + ((i * 7919) % (40 * DAY))),
    stability: 3 + (i % 40),
    difficulty: 4 + (i % 5),
    lastReview: new Date(NOW.getTime() - 10 * DAY),
  }));
  return {
    cards,
    newCards: 150,
    newPerDay: 10,
    learningSteps: 2,
    weights: null,
    maximumIntervalDays: 36500,
    dayStarts: Array.from({ length: 31 }, (_, i) => NOW.getTime() + i * DAY),
    now: NOW,
    ...extra,
  };
}

/** Mean absolute difference per day between two simulations' curves at each retention. */
const spread = (a: ReturnType<typeof simulateWorkload>, b: ReturnType<typeof simulateWorkload>) =>
  a.map((curve, k) => curve.perDay.reduce((sum, x, d) => sum + Math.abs(x - b[k].perDay[d]), 0) / curve.perDay.length);

describe("the workload simulator", () => {
  it("gives the same answer for the same input", () => {
    expect(simulateWorkload(input())).toEqual(simulateWorkload(input()));
  });

  it("averages runs, so two seeds agree far more closely than single runs do", () => {
    const single = spread(simulateWorkload(input({ seed: 1, runs: 1 })), simulateWorkload(input({ seed: 2, runs: 1 })));
    const averaged = spread(simulateWorkload(input({ seed: 1 })), simulateWorkload(input({ seed: 2 })));
    for (let k = 0; k < single.length; k++) expect(averaged[k] * 3).toBeLessThan(single[k]);
  });

  it("asks for more reviews at higher retention, week by week above 85%", () => {
    const [r80, r85, r90, r95] = simulateWorkload(input());
    expect(r95.total).toBeGreaterThan(r90.total);
    expect(r90.total).toBeGreaterThan(r85.total);
    expect(r85.total).toBeGreaterThanOrEqual(r80.total * 0.95);
    // week by week too, not only in total
    const week = (c: typeof r90, w: number) => c.perDay.slice(w * 7, w * 7 + 7).reduce((a, b) => a + b, 0);
    for (let w = 0; w < 4; w++) expect(week(r95, w)).toBeGreaterThan(week(r90, w));
  });
});
