import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_SETTINGS, State, answer, mergeSettings, preview, type SrsCard, type SrsSettings } from "@/lib/srs";
import { MAX_BALANCE_INTERVAL, balanceWindow, balancedAnswer, balancedPreview, dayWeights, easyDayModifiers, fuzzRange, type BalanceContext } from "@/lib/srs/load-balancer";

const NOW = new Date("2026-03-02T09:00:00Z"); // a Monday
const DAY = 86_400_000;
const settings = (o: Partial<SrsSettings> = {}) => mergeSettings({ ...DEFAULT_SETTINGS }, o);

/** A review card last seen `elapsed` days ago with the given stability (due around now). */
function reviewCard(stability: number, elapsed: number, difficulty = 5): SrsCard {
  return {
    due: NOW,
    stability,
    difficulty,
    elapsed_days: elapsed,
    scheduled_days: elapsed,
    learning_steps: 0,
    reps: 6,
    lapses: 0,
    state: State.Review,
    last_review: new Date(NOW.getTime() - elapsed * DAY),
  };
}

const ctx = (counts: number[], from = 0, todayWeekday = 0): BalanceContext => ({ dueCounts: { from, counts }, todayWeekday });
const days = (c: SrsCard) => c.scheduled_days;
const GRADES = ["hard", "good", "easy"] as const;

describe("load balancer", () => {
  it("is deterministic: the same card, clock and counts give the same date, and answer equals preview", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 3, max: 80, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        fc.string({ minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 120, maxLength: 120 }),
        (stability, elapsed, cardId, counts) => {
          const card = reviewCard(stability, elapsed);
          const c = ctx(counts);
          const a = balancedPreview(card, NOW, settings(), { cardId }, c);
          const b = balancedPreview(structuredClone(card), new Date(NOW), settings(), { cardId }, ctx([...counts]));
          expect(b).toEqual(a);
          const good = balancedAnswer(card, NOW, 3, settings(), { cardId }, c);
          expect(good.card).toEqual(a.good.card);
        },
      ),
    );
  });

  it("never moves a review outside its fuzz range (nor out of Hard < Good < Easy order), and keeps the memory state", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 120, noNaN: true }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 130, maxLength: 130 }),
        fc.array(fc.constantFrom(1, 0.5, 0), { minLength: 7, maxLength: 7 }),
        (stability, elapsed, cardId, counts, easyDays) => {
          const s = settings({ easyDays });
          const card = reviewCard(stability, elapsed);
          const plain = preview(card, NOW, { ...s, enableFuzz: false }, { cardId });
          const balanced = balancedPreview(card, NOW, s, { cardId }, ctx(counts, 0, 3));
          let previous = 0;
          for (const g of GRADES) {
            const base = plain[g].card;
            const got = balanced[g].card;
            expect(got.stability).toBe(base.stability);
            expect(got.difficulty).toBe(base.difficulty);
            expect(got.due.getTime()).toBe(NOW.getTime() + got.scheduled_days * DAY);
            const range = fuzzRange(base, s);
            if (range) {
              const lo = Math.max(range.min, previous + 1);
              const hi = Math.max(range.max, previous + 1);
              expect(days(got)).toBeGreaterThanOrEqual(base.scheduled_days > MAX_BALANCE_INTERVAL ? previous + 1 : lo);
              if (base.scheduled_days <= MAX_BALANCE_INTERVAL) expect(days(got)).toBeLessThanOrEqual(hi);
            }
            expect(days(got)).toBeGreaterThan(previous);
            previous = days(got);
          }
        },
      ),
    );
  });

  it("moves reviews toward lighter days", () => {
    const card = reviewCard(20, 20);
    const range = fuzzRange(preview(card, NOW, { ...settings(), enableFuzz: false }).good.card, settings())!;
    expect(range.max - range.min).toBeGreaterThanOrEqual(2);
    const light = range.min + 1;
    const counts = Array.from({ length: 100 }, (_, d) => (d === light ? 2 : 40));
    const picks = new Map<number, number>();
    for (let id = 0; id < 400; id++) {
      const d = days(balancedPreview(card, NOW, settings(), { cardId: id }, ctx(counts)).good.card);
      picks.set(d, (picks.get(d) ?? 0) + 1);
    }
    // Plain fuzz spreads evenly over the range; the balancer sends nearly all to the light day.
    expect(picks.get(light) ?? 0).toBeGreaterThan(0.9 * 400);
    const off = new Map<number, number>();
    for (let id = 0; id < 400; id++) {
      const d = days(balancedPreview(card, NOW, settings({ loadBalancer: false }), { cardId: id }, ctx(counts)).good.card);
      off.set(d, (off.get(d) ?? 0) + 1);
    }
    expect(off.get(light) ?? 0).toBeLessThan(0.5 * 400);
  });

  it("keeps reviews off minimum easy days, and reduced days light", () => {
    const card = reviewCard(30, 30);
    const counts = Array.from({ length: 100 }, () => 10);
    const weekdayOf = (d: number) => d % 7; // today is a Monday (0)
    for (let id = 0; id < 300; id++) {
      const s = settings({ easyDays: [1, 1, 1, 1, 1, 0, 0] });
      const d = days(balancedPreview(card, NOW, s, { cardId: id }, ctx(counts, 0, 0)).good.card);
      expect([5, 6]).not.toContain(weekdayOf(d));
    }
    // Reduced: normal while its load, doubled, stays at or under the other days' average.
    expect(easyDayModifiers([1, 0.5, 1, 1, 1, 1, 1], [0, 1, 2], [10, 5, 10])).toEqual([1, 1, 1]);
    expect(easyDayModifiers([1, 0.5, 1, 1, 1, 1, 1], [0, 1, 2], [10, 6, 10])).toEqual([1, 0.0001, 1]);
    expect(easyDayModifiers([1, 1, 1, 1, 1, 1, 0], [6, 0], [0, 0])).toEqual([0.0001, 1]);
    // An all-minimum range still schedules (weights are tiny, never zero).
    const allMin = settings({ easyDays: [0, 0, 0, 0, 0, 0, 0] });
    const good = balancedPreview(card, NOW, allMin, { cardId: 1 }, ctx(counts)).good.card;
    const range = fuzzRange(preview(card, NOW, { ...allMin, enableFuzz: false }).good.card, allMin)!;
    expect(days(good)).toBeGreaterThanOrEqual(range.min);
    expect(days(good)).toBeLessThanOrEqual(range.max);
  });

  it("weighs days as Anki does: (1/n)^2.15 × (1/days)^3, an empty day 1", () => {
    const w = dayWeights(10, 12, { loadBalancer: true, easyDays: [1, 1, 1, 1, 1, 1, 1] }, ctx([0, 4, 2], 10));
    expect(w.map((x) => x.day)).toEqual([10, 11, 12]);
    expect(w[0].weight).toBe(1);
    expect(w[1].weight).toBeCloseTo((1 / 4) ** 2.15 * (1 / 11) ** 3, 12);
    expect(w[2].weight).toBeCloseTo((1 / 2) ** 2.15 * (1 / 12) ** 3, 12);
  });

  it("reads only the days balanceWindow names", () => {
    fc.assert(
      fc.property(fc.double({ min: 2, max: 100, noNaN: true }), fc.integer({ min: 1, max: 80 }), fc.integer(), fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 140, maxLength: 140 }), (stability, elapsed, id, counts) => {
        const card = reviewCard(stability, elapsed);
        const full = balancedPreview(card, NOW, settings(), { cardId: id }, ctx(counts));
        const win = balanceWindow(card, NOW, settings(), { cardId: id });
        const only = win ? ctx(counts.slice(win.from, win.to + 1), win.from) : ctx([]);
        expect(balancedPreview(card, NOW, settings(), { cardId: id }, only)).toEqual(full);
      }),
    );
  });

  it("leaves long intervals, learning steps and fuzz-off settings to plain ts-fsrs", () => {
    const long = reviewCard(400, 300);
    const s = settings();
    expect(balancedPreview(long, NOW, s, { cardId: 7 }, ctx([]))).toEqual(preview(long, NOW, s, { cardId: 7 }));
    const card = reviewCard(20, 20);
    const noFuzz = settings({ enableFuzz: false });
    expect(balanceWindow(card, NOW, noFuzz)).toBeNull();
    expect(balancedPreview(card, NOW, noFuzz, { cardId: 7 }, ctx([9, 9, 9]))).toEqual(preview(card, NOW, noFuzz, { cardId: 7 }));
    const off = settings({ loadBalancer: false });
    expect(balanceWindow(card, NOW, off)).toBeNull();
    expect(balancedPreview(card, NOW, off, { cardId: 7 }, ctx([]))).toEqual(preview(card, NOW, off, { cardId: 7 }));
    // Again on a review card goes to relearning: untouched.
    const again = balancedPreview(card, NOW, s, { cardId: 7 }, ctx([]));
    expect(again.again).toEqual(answerOutcome(card, s));
  });
});

function answerOutcome(card: SrsCard, s: SrsSettings) {
  const p = preview(card, NOW, s, { cardId: 7 });
  expect(answer(card, NOW, 1, s, { cardId: 7 })).toEqual({ card: p.again.card, log: p.again.log });
  return p.again;
}
