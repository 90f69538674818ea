// Thin, pure wrapper over ts-fsrs (FSRS-6): card + now + grade in, { card, log } out.
// No clock and no I/O here: `now` always comes from the caller.
// @see https://github.com/open-spaced-repetition/ts-fsrs
import {
  DefaultInitSeedStrategy,
  Rating,
  State,
  StrategyMode,
  createEmptyCard,
  default_w,
  fsrs,
  type AbstractScheduler,
  type Card,
  type FSRS,
  type Grade,
  type RecordLogItem,
  type ReviewLog,
} from "ts-fsrs";
import type { SrsSettings } from "./settings";

/** The ts-fsrs Card as plain data; field names match ts-fsrs (and Anki's revlog), so store them as is. */
export interface SrsCard {
  due: Date;
  stability: number;
  difficulty: number;
  elapsed_days: number; // days since the previous review (ts-fsrs marks it deprecated; rollback still reads it)
  scheduled_days: number; // days, interval chosen at the last answer (0 while in intraday steps)
  learning_steps: number; // index of the current (re)learning step
  reps: number;
  lapses: number;
  state: State;
  last_review: Date | null;
}

/** One review-log row. Everything ts-fsrs logs, plus `previous_due` so undo is exact. */
export interface SrsLog {
  rating: Rating; // 1 Again, 2 Hard, 3 Good, 4 Easy
  state: State; // state before the answer
  due: Date; // ts-fsrs: the card's last_review before the answer (or due, for a new card)
  stability: number; // before the answer
  difficulty: number; // before the answer
  elapsed_days: number; // days since the previous review, at this answer
  last_elapsed_days: number; // the card's elapsed_days before the answer
  scheduled_days: number; // the card's scheduled_days before the answer
  learning_steps: number; // the card's step index before the answer
  review: Date; // when the answer was given (= now)
  previous_due: Date; // the card's due before the answer (ts-fsrs rollback cannot recover it)
}

export type SrsGrade = 1 | 2 | 3 | 4;

export interface Outcome {
  card: SrsCard;
  log: SrsLog;
  intervalLabel: string; // "<1m", "10m", "1h", "3d", "2.1mo", "1.2y": what the grade button shows
}

export interface Preview {
  again: Outcome;
  hard: Outcome;
  good: Outcome;
  easy: Outcome;
}

/**
 * Optional `cardId` seeds the fuzz with card id + reps (as Anki does) instead of ts-fsrs' default
 * seed, which includes the review time: with an id, the interval shown on a button by `preview` at
 * one moment is the interval `answer` gives a few seconds later, and cards learned together still
 * spread apart. Without it, results equal plain ts-fsrs exactly.
 */
export interface AnswerOptions {
  cardId?: string | number;
}

export function newCardState(now: Date): SrsCard {
  return fromFsrsCard(createEmptyCard(now));
}

/** The four possible outcomes of answering `card` at `now`; each equals `answer(card, now, grade)`. */
export function preview(card: SrsCard, now: Date, settings: SrsSettings, opts: AnswerOptions = {}): Preview {
  checkNow(card, now);
  const record = schedulerFor(settings).repeat(toFsrsCard(card, opts), now);
  const outcome = (grade: SrsGrade): Outcome => {
    const item = fromRecord(record[grade as Grade], card);
    return { ...item, intervalLabel: formatInterval(now, item.card.due) };
  };
  return { again: outcome(1), hard: outcome(2), good: outcome(3), easy: outcome(4) };
}

export function answer(card: SrsCard, now: Date, grade: SrsGrade, settings: SrsSettings, opts: AnswerOptions = {}): { card: SrsCard; log: SrsLog } {
  if (!(grade === 1 || grade === 2 || grade === 3 || grade === 4)) throw new RangeError(`grade must be 1–4, got ${String(grade)}`);
  checkNow(card, now);
  const item = schedulerFor(settings).next(toFsrsCard(card, opts), now, grade as Grade);
  return fromRecord(item, card);
}

// A clock that went backwards would give negative elapsed days and corrupt the memory state.
function checkNow(card: SrsCard, now: Date): void {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RangeError("now must be a valid Date");
  if (card.last_review && now.getTime() < card.last_review.getTime()) throw new RangeError("now is before the card's last review");
}

/** The card exactly as it was before the answer that produced (cardAfter, log). */
export function undo(cardAfter: SrsCard, log: SrsLog): SrsCard {
  const prev = fromFsrsCard(schedulerFor(null).rollback(toFsrsCard(cardAfter), log));
  // rollback sets due to the review time for non-new cards; the log remembers the real one.
  return { ...prev, due: new Date(log.previous_due) };
}

export function isLeech(lapses: number, settings: Pick<SrsSettings, "leechThreshold">): boolean {
  return lapses >= settings.leechThreshold;
}

/**
 * Did this answer make the card a leech? True when the answer added a lapse and lapses reached
 * the threshold, or any further multiple of ceil(threshold / 2) past it (Anki: 8, 12, 16, …),
 * so a card the learner unsuspends is flagged again after a few more lapses rather than at once.
 */
export function leechCheck(before: Pick<SrsCard, "lapses">, after: Pick<SrsCard, "lapses">, settings: Pick<SrsSettings, "leechThreshold">): boolean {
  const threshold = settings.leechThreshold;
  const lapses = after.lapses;
  if (lapses <= before.lapses || lapses < threshold) return false;
  const every = Math.max(1, Math.ceil(threshold / 2));
  return (lapses - threshold) % every === 0;
}

/** Short label for the time from `from` to `to`: "<1m", "10m", "1.5h", "3d", "2.1mo", "1.2y". */
export function formatInterval(from: Date, to: Date): string {
  const minutes = Math.max(0, to.getTime() - from.getTime()) / 60_000;
  if (minutes < 1) return "<1m";
  if (Math.round(minutes) < 60) return `${Math.round(minutes)}m`;
  const hours = round1(minutes / 60);
  if (hours < 24) return `${hours}h`;
  const days = Math.round(minutes / 1440);
  if (days < 30) return `${days}d`;
  const months = round1(minutes / 1440 / 30); // 30-day months, as Anki
  if (months < 12) return `${months}mo`;
  return `${round1(minutes / 1440 / 365)}y`;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

// ---- ts-fsrs instances, cached per parameter set (construction clips and validates w) ----

const SEED_FIELD = "__srs_seed_id";
const cache = new Map<string, FSRS>();
const CACHE_LIMIT = 64;

function seedStrategy(this: AbstractScheduler): string {
  const self = this as unknown as { current: Card; review_time: Date };
  const id: unknown = Reflect.get(self.current, SEED_FIELD);
  if (id === undefined || id === null) return DefaultInitSeedStrategy.call(this);
  return `${String(id)}_${self.current.reps}`;
}

/** `null` = default parameters (rollback does not depend on them). */
function schedulerFor(settings: SrsSettings | null): FSRS {
  const params = settings
    ? {
        request_retention: settings.desiredRetention,
        maximum_interval: settings.maximumIntervalDays,
        enable_fuzz: settings.enableFuzz,
        enable_short_term: true,
        learning_steps: settings.learningSteps,
        relearning_steps: settings.relearningSteps,
        w: settings.weights ?? [...default_w],
      }
    : {};
  const key = JSON.stringify(params);
  let f = cache.get(key);
  if (!f) {
    f = fsrs(params).useStrategy(StrategyMode.SEED, seedStrategy);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, f);
  }
  return f;
}

// ---- conversions between plain data and ts-fsrs shapes ----

function toFsrsCard(card: SrsCard, opts: AnswerOptions = {}): Card {
  const c: Card = {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    last_review: card.last_review ?? undefined,
  };
  if (opts.cardId !== undefined) Reflect.set(c, SEED_FIELD, opts.cardId);
  return c;
}

function fromFsrsCard(c: Card): SrsCard {
  return {
    due: new Date(c.due),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: c.elapsed_days,
    scheduled_days: c.scheduled_days,
    learning_steps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    last_review: c.last_review ? new Date(c.last_review) : null,
  };
}

function fromLog(l: ReviewLog, before: SrsCard): SrsLog {
  return {
    rating: l.rating,
    state: l.state,
    due: new Date(l.due),
    stability: l.stability,
    difficulty: l.difficulty,
    elapsed_days: l.elapsed_days,
    last_elapsed_days: l.last_elapsed_days,
    scheduled_days: l.scheduled_days,
    learning_steps: l.learning_steps,
    review: new Date(l.review),
    previous_due: new Date(before.due),
  };
}

function fromRecord(item: RecordLogItem, before: SrsCard): { card: SrsCard; log: SrsLog } {
  return { card: fromFsrsCard(item.card), log: fromLog(item.log, before) };
}

/**
 * Reset a card to new (Anki's "Forget" / "Reset"): ts-fsrs `forget` gives the new-card state and
 * a log with rating 0 (Manual). `resetCounts` also zeroes reps and lapses (Anki's option, off by
 * default there too). The history of earlier answers is the caller's to keep.
 */
export function forgetCard(card: SrsCard, now: Date, resetCounts = false): { card: SrsCard; log: SrsLog } {
  return fromRecord(schedulerFor(null).forget(toFsrsCard(card), now, resetCounts), card);
}

/**
 * The probability of recall at `now` on the card's forgetting curve (0..1), from its stability
 * and the days since its last review; null for a card never reviewed (no curve yet).
 */
export function retrievability(card: SrsCard, now: Date, settings: SrsSettings): number | null {
  if (card.state === State.New || !card.last_review || card.stability <= 0) return null;
  return schedulerFor(settings).get_retrievability(toFsrsCard(card), now, false);
}
