import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createEmptyCard, fsrs, generatorParameters, type Card, type Grade } from "ts-fsrs";
import {
  DEFAULT_SETTINGS,
  Rating,
  State,
  answer,
  formatInterval,
  isLeech,
  leechCheck,
  newCardState,
  preview,
  settingsForTesting,
  undo,
  type SrsCard,
  type SrsGrade,
  type SrsSettings,
} from "@/lib/srs";

const T0 = new Date("2026-03-01T09:00:00Z");
const MIN = 60_000;
const DAY = 86_400_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

/** ts-fsrs built directly from the same settings: the reference the wrapper must match. */
function direct(s: SrsSettings) {
  return fsrs(
    generatorParameters({
      request_retention: s.desiredRetention,
      maximum_interval: s.maximumIntervalDays,
      enable_fuzz: s.enableFuzz,
      learning_steps: s.learningSteps,
      relearning_steps: s.relearningSteps,
      ...(s.weights ? { w: s.weights } : {}),
    }),
  );
}

/** Answers `grades` one after another, each when the card is due (or `gap` later). */
function run(grades: SrsGrade[], settings: SrsSettings, start = T0) {
  let card = newCardState(start);
  let now = start;
  const steps: { before: SrsCard; now: Date; card: SrsCard; log: ReturnType<typeof answer>["log"] }[] = [];
  for (const g of grades) {
    const r = answer(card, now, g, settings);
    steps.push({ before: card, now, ...r });
    card = r.card;
    now = new Date(Math.max(card.due.getTime(), now.getTime() + MIN));
  }
  return { card, steps };
}

const SEQUENCES: SrsGrade[][] = [
  [3, 3, 3, 3, 3],
  [1, 3, 3, 1, 3, 3, 4],
  [4, 2, 3, 1, 1, 3, 3, 2, 4],
  [2, 2, 2, 3, 3, 1, 3],
];

describe("answer matches ts-fsrs", () => {
  const cases: [string, SrsSettings][] = [
    ["defaults (fuzz on)", { ...DEFAULT_SETTINGS, learningSteps: [...DEFAULT_SETTINGS.learningSteps], relearningSteps: [...DEFAULT_SETTINGS.relearningSteps] }],
    ["testing (fuzz off)", settingsForTesting()],
    ["retention 0.8, steps 5m 1h, cap 100d", settingsForTesting({ desiredRetention: 0.8, learningSteps: ["5m", "1h"], relearningSteps: ["5m", "30m"], maximumIntervalDays: 100, enableFuzz: true })],
    [
      "personal weights",
      settingsForTesting({
        weights: [0.3, 1.1, 2.5, 9, 6.2, 0.7, 2.8, 0.01, 1.7, 0.2, 0.9, 1.5, 0.07, 0.3, 1.6, 0.5, 1.9, 0.6, 0.1, 0.07, 0.2],
      }),
    ],
  ];
  for (const [name, settings] of cases) {
    it(`same card, now and grade give the same result: ${name}`, () => {
      const f = direct(settings);
      for (const grades of SEQUENCES) {
        let ref: Card = createEmptyCard(T0);
        for (const step of run(grades, settings).steps) {
          const r = f.next(ref, step.now, step.log.rating as Grade);
          expect(step.card.due).toEqual(r.card.due);
          expect(step.card.stability).toBe(r.card.stability);
          expect(step.card.difficulty).toBe(r.card.difficulty);
          expect(step.card.state).toBe(r.card.state);
          expect(step.card.scheduled_days).toBe(r.card.scheduled_days);
          expect(step.card.reps).toBe(r.card.reps);
          expect(step.card.lapses).toBe(r.card.lapses);
          expect(step.log.elapsed_days).toBe(r.log.elapsed_days);
          ref = r.card;
        }
      }
    });
  }

  it("logs rating, the state before, memory before and the review time", () => {
    const s = settingsForTesting();
    const { steps } = run([3, 3, 3], s);
    const last = steps[2];
    expect(last.before.state).toBe(State.Review);
    expect(last.log).toMatchObject({
      rating: Rating.Good,
      state: State.Review,
      stability: last.before.stability,
      difficulty: last.before.difficulty,
      scheduled_days: last.before.scheduled_days,
      last_elapsed_days: last.before.elapsed_days,
      review: last.now,
      previous_due: last.before.due,
    });
    expect(last.log.elapsed_days).toBe(last.card.elapsed_days);
  });

  it("a new card follows the learning steps, then graduates", () => {
    const s = settingsForTesting();
    const a = answer(newCardState(T0), T0, 3, s);
    expect(a.card.state).toBe(State.Learning);
    expect(a.card.due).toEqual(at(10 * MIN));
    const b = answer(a.card, a.card.due, 3, s);
    expect(b.card.state).toBe(State.Review);
    expect(b.card.scheduled_days).toBeGreaterThanOrEqual(1);
  });

  it("refuses grades outside 1–4 and invalid dates", () => {
    const s = settingsForTesting();
    expect(() => answer(newCardState(T0), T0, 0 as SrsGrade, s)).toThrow(RangeError);
    expect(() => answer(newCardState(T0), T0, 5 as SrsGrade, s)).toThrow(RangeError);
    expect(() => answer(newCardState(T0), new Date(NaN), 3, s)).toThrow(RangeError);
    const reviewed = answer(newCardState(T0), T0, 3, s).card;
    expect(() => answer(reviewed, at(-MIN), 3, s)).toThrow(/before the card's last review/);
    expect(() => preview(reviewed, at(-MIN), s)).toThrow(RangeError);
  });

  it("does not mutate its input", () => {
    const card = newCardState(T0);
    const copy = structuredClone(card);
    answer(card, T0, 1, settingsForTesting());
    expect(card).toEqual(copy);
  });
});

describe("preview", () => {
  it("each of the four outcomes equals answer with that grade", () => {
    for (const settings of [settingsForTesting(), { ...settingsForTesting(), enableFuzz: true }]) {
      for (const grades of SEQUENCES) {
        for (const step of run(grades, settings).steps) {
          const p = preview(step.before, step.now, settings);
          const outcomes = [p.again, p.hard, p.good, p.easy];
          ([1, 2, 3, 4] as const).forEach((g, i) => {
            const a = answer(step.before, step.now, g, settings);
            expect(outcomes[i].card).toEqual(a.card);
            expect(outcomes[i].log).toEqual(a.log);
            expect(outcomes[i].intervalLabel).toBe(formatInterval(step.now, a.card.due));
          });
        }
      }
    }
  });

  it("labels a new card's buttons with the learning steps", () => {
    const p = preview(newCardState(T0), T0, settingsForTesting());
    expect(p.again.intervalLabel).toBe("1m");
    expect(p.hard.intervalLabel).toBe("6m");
    expect(p.good.intervalLabel).toBe("10m");
    expect(p.easy.intervalLabel).toMatch(/^\d+d$/);
  });

  it("with a cardId, fuzz is seeded by card and reps, so the shown interval is the one given seconds later", () => {
    const s: SrsSettings = { ...settingsForTesting(), enableFuzz: true };
    let card = run([3, 3, 3, 3], s).card;
    expect(card.state).toBe(State.Review);
    const shownAt = card.due;
    const answeredAt = new Date(shownAt.getTime() + 25_000);
    const shown = preview(card, shownAt, s, { cardId: "c42" }).good;
    const given = answer(card, answeredAt, 3, s, { cardId: "c42" });
    expect(given.card.scheduled_days).toBe(shown.card.scheduled_days);
    // and different cards still spread apart
    const ids = Array.from({ length: 30 }, (_, i) => `card-${i}`);
    const intervals = new Set(ids.map((id) => answer(card, shownAt, 3, s, { cardId: id }).card.scheduled_days));
    expect(intervals.size).toBeGreaterThan(1);
    card = given.card;
    expect(card.reps).toBe(5);
  });
});

describe("undo", () => {
  it("returns exactly the card before, in every state", () => {
    for (const settings of [settingsForTesting(), DEFAULT_SETTINGS as SrsSettings]) {
      for (const grades of SEQUENCES) {
        for (const step of run(grades, settings).steps) {
          expect(undo(step.card, step.log)).toEqual(step.before);
        }
      }
    }
  });

  it("restores the due of a review answered early or late", () => {
    const s = settingsForTesting();
    const card = run([3, 3, 3], s).card;
    for (const when of [new Date(card.due.getTime() - DAY), new Date(card.due.getTime() + 9 * DAY)]) {
      const r = answer(card, when, 1, s);
      expect(r.card.lapses).toBe(card.lapses + 1);
      expect(undo(r.card, r.log)).toEqual(card);
    }
  });
});

describe("leeches", () => {
  const s = settingsForTesting(); // threshold 8
  it("flags the answer that reaches the threshold, then every threshold/2 lapses", () => {
    const flagged = [];
    for (let lapses = 1; lapses <= 20; lapses++) if (leechCheck({ lapses: lapses - 1 }, { lapses }, s)) flagged.push(lapses);
    expect(flagged).toEqual([8, 12, 16, 20]);
    expect(leechCheck({ lapses: 8 }, { lapses: 8 }, s)).toBe(false); // no new lapse this answer
    expect(isLeech(7, s)).toBe(false);
    expect(isLeech(8, s)).toBe(true);
    const odd = settingsForTesting({ leechThreshold: 5 }); // every ceil(5/2) = 3 after
    expect([5, 6, 7, 8].map((n) => leechCheck({ lapses: n - 1 }, { lapses: n }, odd))).toEqual([true, false, false, true]);
  });

  it("the eighth Again on a review card makes a leech", () => {
    let card = run([3, 3], s).card;
    let now = card.due;
    let leechAt = -1;
    for (let i = 1; i <= 8; i++) {
      // lapse, relearn, graduate again
      const lapse = answer(card, now, 1, s);
      if (leechCheck(card, lapse.card, s)) leechAt = lapse.card.lapses;
      const relearned = answer(lapse.card, lapse.card.due, 3, s);
      card = relearned.card;
      now = card.due;
    }
    expect(card.lapses).toBe(8);
    expect(leechAt).toBe(8);
  });
});

describe("formatInterval", () => {
  const cases: [number, string][] = [
    [0, "<1m"],
    [-5 * MIN, "<1m"],
    [30_000, "<1m"],
    [MIN, "1m"],
    [10 * MIN, "10m"],
    [59.4 * MIN, "59m"],
    [59.6 * MIN, "1h"],
    [60 * MIN, "1h"],
    [90 * MIN, "1.5h"],
    [23.97 * 60 * MIN, "1d"],
    [DAY, "1d"],
    [3 * DAY, "3d"],
    [29 * DAY, "29d"],
    [30 * DAY, "1mo"],
    [63 * DAY, "2.1mo"],
    [359 * DAY, "1y"],
    [438 * DAY, "1.2y"],
    [3650 * DAY, "10y"],
  ];
  it.each(cases)("%d ms → %s", (ms, label) => {
    expect(formatInterval(T0, at(ms))).toBe(label);
  });
});

describe("properties", () => {
  it("for random grade sequences, due is never before now, reps grows by one, undo inverts", () => {
    const settings = fc.record({
      fuzz: fc.boolean(),
      retention: fc.double({ min: 0.7, max: 0.99, noNaN: true }),
      steps: fc.constantFrom<SrsSettings["learningSteps"]>([], ["1m"], ["1m", "10m"], ["5m", "1h", "1d"]),
    });
    const answers = fc.array(fc.record({ grade: fc.constantFrom<SrsGrade>(1, 2, 3, 4), waitMin: fc.integer({ min: 0, max: 60 * 24 * 400 }) }), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(settings, answers, (cfg, seq) => {
        const s = settingsForTesting({ enableFuzz: cfg.fuzz, desiredRetention: cfg.retention, learningSteps: cfg.steps, relearningSteps: cfg.steps.slice(0, 1) });
        let card = newCardState(T0);
        let now = T0;
        for (const { grade, waitMin } of seq) {
          const r = answer(card, now, grade, s);
          expect(r.card.due.getTime()).toBeGreaterThanOrEqual(now.getTime());
          expect(r.card.reps).toBe(card.reps + 1);
          expect(r.card.last_review).toEqual(now);
          expect(undo(r.card, r.log)).toEqual(card);
          card = r.card;
          now = new Date(now.getTime() + waitMin * MIN);
        }
      }),
      { numRuns: 200 },
    );
  });
});
