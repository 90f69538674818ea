// Load balancer and easy days, as Anki (24.11+) does them (rslib/src/scheduler/states/
// load_balancer.rs): instead of a uniformly random fuzz, a review interval is drawn from the
// same fuzz range with weights that favour days with fewer reviews due, and days of the week the
// learner asked to keep light. Pure: the clock, the per-day due counts and the weekday of today
// come from the caller; the draw is seeded by card id + reps (as the fuzz is), so the same inputs
// always give the same date and the buttons show what a grade will do.
// Where Attend differs from Anki: the counts are the learner's review cards in every deck (Anki
// counts the cards of the same preset); an empty day also gets its easy-day modifier (in Anki an
// empty minimum day still weighs 1); Anki's extra nudge away from days with a sibling is not done.
import { State, get_fuzz_range } from "ts-fsrs";
import { mulberry32 } from "@/lib/random";
import { formatInterval, preview, type AnswerOptions, type Outcome, type Preview, type SrsCard, type SrsGrade } from "./scheduler";
import type { SrsSettings } from "./settings";

/** Intervals longer than this are not balanced (Anki: the need to balance far out is low). */
export const MAX_BALANCE_INTERVAL = 90;
const DAY_MS = 86_400_000;

/** Anki's three easy-day levels: a weekday's share of a normal day's reviews. */
export const EASY_DAY_LEVELS = [1, 0.5, 0] as const;
export type EasyDayLevel = (typeof EASY_DAY_LEVELS)[number];
/** Monday first, as Anki. */
export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

export interface BalanceContext {
  /**
   * Review cards due on study day today + d, for d in [from, from + counts.length): what the
   * caller loaded for balanceWindow(...). Days outside count as empty.
   */
  dueCounts: { from: number; counts: readonly number[] };
  /** Weekday of today's study day, 0 = Monday … 6 = Sunday. */
  todayWeekday: number;
}

/** Whether balancing changes anything for these settings (otherwise plain fuzz applies). */
export function balancing(settings: Pick<SrsSettings, "enableFuzz" | "loadBalancer" | "easyDays">): boolean {
  return settings.enableFuzz && (settings.loadBalancer || settings.easyDays.some((x) => x !== 1));
}

/**
 * The study days (offsets from today, inclusive) whose due counts balancedPreview may read for
 * this card, or null when it reads none (balancing off, or no answer leads to a balanced review
 * interval). The grade path loads exactly these counts.
 */
export function balanceWindow(card: SrsCard, now: Date, settings: SrsSettings, opts: AnswerOptions = {}): { from: number; to: number } | null {
  if (!balancing(settings)) return null;
  const exact = preview(card, now, { ...settings, enableFuzz: false }, opts);
  let from = Infinity;
  let to = -Infinity;
  let previousUpper = 0;
  for (const grade of [2, 3, 4] as const) {
    const base = outcomeOf(exact, grade).card;
    const range = base.state === State.Review ? fuzzRange(base, settings) : null;
    if (!range || base.scheduled_days > MAX_BALANCE_INTERVAL) continue;
    // A lower grade's balanced interval + 1 is this grade's minimum: at most its upper bound + 1.
    const upper = Math.min(Math.max(range.max, previousUpper + 1), settings.maximumIntervalDays);
    from = Math.min(from, range.min);
    to = Math.max(to, upper);
    previousUpper = upper;
  }
  return from <= to ? { from, to } : null;
}

/**
 * preview(), with each review interval drawn by the load balancer from its fuzz range. Hard, Good
 * and Easy are balanced in that order, each at least a day longer than the one before (as the
 * fuzz keeps them). Intervals over MAX_BALANCE_INTERVAL keep ts-fsrs' own fuzz. Equals preview()
 * when balancing is off.
 */
export function balancedPreview(card: SrsCard, now: Date, settings: SrsSettings, opts: AnswerOptions, ctx: BalanceContext | undefined): Preview {
  // No context: balanceWindow said no answer reads a count, so plain fuzz is the answer.
  if (!balancing(settings) || !ctx) return preview(card, now, settings, opts);
  const fuzzed = preview(card, now, settings, opts);
  const exact = preview(card, now, { ...settings, enableFuzz: false }, opts);
  const result: Preview = { ...fuzzed };
  let previous = 0;
  for (const grade of [2, 3, 4] as const) {
    const base = outcomeOf(exact, grade);
    const range = base.card.state === State.Review ? fuzzRange(base.card, settings) : null;
    if (!range) continue; // learning steps, or an interval too short to fuzz: nothing to move
    let days: number;
    if (base.card.scheduled_days > MAX_BALANCE_INTERVAL) {
      days = Math.min(Math.max(outcomeOf(fuzzed, grade).card.scheduled_days, previous + 1), settings.maximumIntervalDays);
    } else {
      const lower = clamp(range.min, previous + 1, settings.maximumIntervalDays);
      const upper = clamp(range.max, previous + 1, settings.maximumIntervalDays);
      days = pickDay(lower, upper, settings, ctx, `${String(opts.cardId ?? "")}_${card.reps}_${grade}`);
    }
    previous = days;
    setOutcome(result, grade, withInterval(base, now, days));
  }
  return result;
}

/** answer() through the load balancer: the outcome balancedPreview shows for `grade`. */
export function balancedAnswer(card: SrsCard, now: Date, grade: SrsGrade, settings: SrsSettings, opts: AnswerOptions, ctx: BalanceContext): { card: SrsCard; log: Outcome["log"] } {
  const { card: next, log } = outcomeOf(balancedPreview(card, now, settings, opts, ctx), grade);
  return { card: next, log };
}

/** The fuzz range ts-fsrs would draw this review interval from, or null when it would not fuzz. */
export function fuzzRange(card: Pick<SrsCard, "scheduled_days" | "elapsed_days">, settings: Pick<SrsSettings, "maximumIntervalDays">): { min: number; max: number } | null {
  const interval = card.scheduled_days;
  if (interval < 2.5) return null; // ts-fsrs: intervals under 2.5 days are not fuzzed
  const { min_ivl, max_ivl } = get_fuzz_range(interval, card.elapsed_days, settings.maximumIntervalDays);
  return { min: min_ivl, max: max_ivl };
}

/**
 * Anki's weights for the days lower..upper: a day with n > 0 reviews due weighs
 * (1/n)^2.15 × (1/days)^3 (the second factor leans toward earlier days; without it balancing
 * drifts late), an empty day weighs 1; each is then multiplied by its easy-day modifier. The day
 * is drawn with a PRNG seeded by `seed`.
 */
export function dayWeights(lower: number, upper: number, settings: Pick<SrsSettings, "loadBalancer" | "easyDays">, ctx: BalanceContext): { day: number; weight: number }[] {
  const days: number[] = [];
  for (let d = lower; d <= upper; d++) days.push(d);
  const counts = days.map((d) => countOn(ctx, d));
  const easy = easyDayModifiers(
    settings.easyDays,
    days.map((d) => (((ctx.todayWeekday + d) % 7) + 7) % 7),
    counts,
  );
  return days.map((day, i) => {
    const n = counts[i];
    const load = !settings.loadBalancer || n === 0 ? 1 : (1 / n) ** 2.15 * (1 / day) ** 3;
    return { day, weight: load * easy[i] };
  });
}

/**
 * Anki's easy days: a Normal day (1) always counts fully; a Minimum day (0) almost never gets a
 * card (weight 0.0001, not 0, so a range of only minimum days still works); a Reduced day (0.5)
 * counts fully while its reviews, doubled, stay at or under the average of the other days in the
 * range (weighted by their levels), and as a minimum day once they exceed it.
 */
export function easyDayModifiers(levels: readonly number[], weekdays: readonly number[], counts: readonly number[]): number[] {
  const level = (w: number) => (levels[w] ?? 1) >= 1 ? 1 : (levels[w] ?? 1) <= 0 ? 0 : 0.5;
  const load = (l: number) => (l === 1 ? 1 : l === 0 ? 0.0001 : 0.5);
  const total = counts.reduce((a, b) => a + b, 0);
  const totalShare = weekdays.reduce((sum, w) => sum + load(level(w)), 0);
  return weekdays.map((w, i) => {
    const l = level(w);
    if (l !== 0.5) return load(l);
    const threshold = (total - counts[i]) / (totalShare - 0.5);
    return counts[i] / 0.5 > threshold ? load(0) : load(1);
  });
}

function pickDay(lower: number, upper: number, settings: SrsSettings, ctx: BalanceContext, seed: string): number {
  if (upper <= lower) return lower;
  const weights = dayWeights(lower, upper, settings, ctx);
  const sum = weights.reduce((a, w) => a + w.weight, 0);
  let r = mulberry32(hash(seed))() * sum;
  for (const w of weights) {
    r -= w.weight;
    if (r < 0) return w.day;
  }
  return weights[weights.length - 1].day;
}

function countOn(ctx: BalanceContext, day: number): number {
  const i = day - ctx.dueCounts.from;
  return i >= 0 && i < ctx.dueCounts.counts.length ? ctx.dueCounts.counts[i] : 0;
}

/** FNV-1a, 32 bits: a stable number from the seed text. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(Math.max(x, Math.min(lo, hi)), hi);

function withInterval(base: Outcome, now: Date, days: number): Outcome {
  const due = new Date(now.getTime() + days * DAY_MS); // as ts-fsrs dates a review interval
  return { card: { ...base.card, due, scheduled_days: days }, log: base.log, intervalLabel: formatInterval(now, due) };
}

const GRADE_KEY = { 1: "again", 2: "hard", 3: "good", 4: "easy" } as const;
const outcomeOf = (p: Preview, grade: SrsGrade): Outcome => p[GRADE_KEY[grade]];
const setOutcome = (p: Preview, grade: SrsGrade, o: Outcome) => {
  p[GRADE_KEY[grade]] = o;
};
