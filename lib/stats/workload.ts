// Workload simulator: expected reviews per study day for the next `days` days at several desired
// retentions, from the learner's current cards and FSRS parameters. Monte Carlo with a seeded RNG
// (same input, same answer), averaged over several runs (more for small collections, where one run
// is noisy enough for the curves to cross); run k uses the same random numbers at every retention,
// so the curves differ by retention, not by luck:
//   - a card comes due at its stored due date (scheduled at the old retention), then every
//     I(r, S) = S · (r^(1/DECAY) − 1) / FACTOR days (the FSRS-6 interval, ≥ 1 day);
//   - at each review it is recalled with probability R(t, S) = (1 + FACTOR · t / S)^DECAY, and
//     memory moves on by ts-fsrs' next_state (Good on recall, Again on a lapse);
//   - a lapse costs one extra review that day (the relearning step); a new card costs one
//     review per learning step plus one on its first day.
// Simplifications: no daily review cap, no fuzz, learning cards are treated as due reviews.
import { computeDecayFactor, default_w, fsrs, type FSRS } from "ts-fsrs";
import { seededRandom } from "./rng";

export const SIMULATED_RETENTIONS = [0.8, 0.85, 0.9, 0.95] as const;
/** Above this many cards the simulator follows an even sample and scales the counts up. */
export const SIMULATION_SAMPLE = 20_000;
/** Cards followed per retention over all runs: the number of runs is this over the sample size. */
const SIMULATION_BUDGET = 24_000;
const MAX_RUNS = 40;

export interface SimCard {
  state: number; // 1 learning, 2 review, 3 relearning (new cards are counted separately)
  due: Date;
  stability: number; // days
  difficulty: number;
  lastReview: Date | null;
}

export interface WorkloadInput {
  cards: SimCard[];
  newCards: number; // cards not started yet
  newPerDay: number;
  learningSteps: number; // number of learning steps (each is one more review on a new card's first day)
  weights: readonly number[] | null; // null = ts-fsrs defaults
  maximumIntervalDays: number;
  dayStarts: number[]; // ms, start of each simulated study day (days + 1 entries: the last is the end)
  now: Date;
  retentions?: readonly number[];
  seed?: number;
  /** Runs to average (default: as many as the budget allows for this many cards, up to 40). */
  runs?: number;
}

export interface WorkloadCurve {
  retention: number;
  perDay: number[]; // expected reviews on each study day
  total: number;
  average: number; // per day
}

const DAY = 86_400_000;

export function simulateWorkload(input: WorkloadInput): WorkloadCurve[] {
  const w = input.weights && input.weights.length === 21 ? [...input.weights] : [...default_w];
  const f = fsrs({ w, enable_short_term: true });
  const { decay, factor } = computeDecayFactor(w);
  const days = input.dayStarts.length - 1;
  const end = input.dayStarts[days];
  const step = Math.max(1, Math.ceil(input.cards.length / SIMULATION_SAMPLE));
  const sample = step === 1 ? input.cards : input.cards.filter((_, i) => i % step === 0);
  const dayOf = (t: number) => {
    let lo = 0;
    let hi = days - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (input.dayStarts[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const introduced = Math.min(input.newCards, input.newPerDay * days);
  const runs = input.runs ?? Math.max(1, Math.min(MAX_RUNS, Math.floor(SIMULATION_BUDGET / Math.max(1, sample.length + introduced))));
  return (input.retentions ?? SIMULATED_RETENTIONS).map((retention) => {
    const perDay = new Array<number>(days).fill(0);
    const interval = (s: number) => Math.min(input.maximumIntervalDays, Math.max(1, Math.round((s / factor) * (Math.pow(retention, 1 / decay) - 1))));
    for (let run = 0; run < runs; run++) {
      const rand = seededRandom((input.seed ?? 1) + run * 7919);
      const follow = (start: number, s: number, d: number, last: number, weight: number) => {
        let t = Math.max(start, input.now.getTime());
        let mem = { stability: s, difficulty: d };
        while (t < end) {
          const day = dayOf(t);
          perDay[day] += weight;
          const elapsed = Math.max(0, Math.round((t - last) / DAY));
          const recalled = rand() < f.forgetting_curve(elapsed, mem.stability);
          mem = next(f, mem, elapsed, recalled ? 3 : 1);
          if (!recalled) {
            perDay[day] += weight; // the relearning step
            mem = next(f, mem, 0, 3);
          }
          last = t;
          t += interval(mem.stability) * DAY;
        }
      };
      for (const c of sample) {
        if (c.due.getTime() >= end) continue;
        const last = c.lastReview?.getTime() ?? c.due.getTime();
        follow(c.due.getTime(), Math.max(0.01, c.stability), c.difficulty || w[4], last, step / runs);
      }
      // New cards: introduced at the day's start, answered Good through the steps.
      let remaining = input.newCards;
      for (let day = 0; day < days && remaining > 0; day++) {
        const n = Math.min(remaining, input.newPerDay);
        remaining -= n;
        const t = Math.max(input.dayStarts[day], input.now.getTime());
        for (let i = 0; i < n; i++) {
          perDay[day] += (1 + input.learningSteps) / runs;
          let mem = next(f, null, 0, 3);
          for (let k = 0; k < input.learningSteps; k++) mem = next(f, mem, 0, 3);
          follow(t + interval(mem.stability) * DAY, mem.stability, mem.difficulty, t, 1 / runs);
        }
      }
    }
    const rounded = perDay.map((x) => Math.round(x));
    const total = rounded.reduce((a, b) => a + b, 0);
    return { retention, perDay: rounded, total, average: days ? Math.round((total / days) * 10) / 10 : 0 };
  });
}

function next(f: FSRS, mem: { stability: number; difficulty: number } | null, t: number, grade: number) {
  const s = f.next_state(mem, t, grade);
  return { stability: s.stability, difficulty: s.difficulty };
}
