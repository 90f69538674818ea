/**
 * The review loop's actions as plain functions over plain data: load → decide (here) → apply
 * (lib/db/review.ts writes what these return). No I/O and no clock of its own: `now` comes in.
 *
 * Every action returns the learner's card state after it and the journal entry that lets undo put
 * back exactly the state before it (as Anki's undo does), whatever the action was: undo pops the
 * newest entry, so after "grade A, suspend B" undo unsuspends B and the next undo ungrades A.
 */
import { dayStart } from "./day";
import { answer, forgetCard, leechCheck, newCardState, type SrsCard, type SrsGrade, type SrsLog } from "./scheduler";
import type { SrsSettings } from "./settings";
import { balancedAnswer, type BalanceContext } from "./load-balancer";

/** A learner's state for one card: the FSRS fields plus the flags the queue reads. */
export interface LearnerCardState {
  cardId: string;
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: number;
  lastReview: Date | null;
  suspended: boolean;
  buriedUntil: Date | null;
  leech: boolean;
  /** Time of the last grade or undo of one (bury and suspend keep it). */
  updatedAt: Date;
}

export type ActionKind = "grade" | "bury" | "unbury" | "suspend" | "unsuspend" | "forget" | "reschedule";

/** The actions that only set a flag (no log, FSRS fields untouched). */
export type FlagKind = "bury" | "unbury" | "suspend" | "unsuspend";

/**
 * One entry of the undo journal. `before` null: the learner had no state row (a new card).
 * `reviewId`: the log the action wrote (a grade's answer, or the manual entry of a forget or
 * reschedule), which undo deletes.
 */
export interface ReviewActionEntry {
  kind: ActionKind;
  cardId: string;
  rating: number | null;
  reviewId: string | null;
  before: LearnerCardState | null;
}

/** Why an action cannot be carried out; route handlers map it to 4xx. */
export class ReviewError extends Error {
  constructor(
    public readonly code: "stale" | "not-found" | "invalid" | "conflict",
    message: string,
  ) {
    super(message);
  }
}

/** Anki caps the time recorded for one answer; so do we (ms). */
export const MAX_ANSWER_MS = 10 * 60_000;

const RATING_NAMES: Record<number, string> = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };

/** What a log's rating means in a history table: 0 is a manual entry (forget, set due). */
export const ratingName = (rating: number): string => RATING_NAMES[rating] ?? "Manual";

/** What the undo button says it will undo: "Good", "suspend", ... */
export function actionLabel(entry: Pick<ReviewActionEntry, "kind" | "rating">): string {
  if (entry.kind === "grade") return RATING_NAMES[entry.rating ?? 0] ?? "grade";
  return entry.kind === "reschedule" ? "set due" : entry.kind;
}

export const toSrs = (s: LearnerCardState): SrsCard => ({
  due: s.due,
  stability: s.stability,
  difficulty: s.difficulty,
  elapsed_days: s.elapsedDays,
  scheduled_days: s.scheduledDays,
  learning_steps: s.learningSteps,
  reps: s.reps,
  lapses: s.lapses,
  state: s.state,
  last_review: s.lastReview,
});

const fromSrs = (c: SrsCard) => ({
  due: c.due,
  stability: c.stability,
  difficulty: c.difficulty,
  elapsedDays: c.elapsed_days,
  scheduledDays: c.scheduled_days,
  learningSteps: c.learning_steps,
  reps: c.reps,
  lapses: c.lapses,
  state: c.state as number,
  lastReview: c.last_review ?? null,
});

/** The state of a card the learner has not started (bury and suspend need one to hold the flag). */
export const newLearnerState = (cardId: string, now: Date): LearnerCardState => ({
  cardId,
  ...fromSrs(newCardState(now)),
  suspended: false,
  buriedUntil: null,
  leech: false,
  updatedAt: now,
});

/**
 * The version of a learner's card that a grade must be based on: reps and the time of the last
 * grade or undo (bury and suspend do not count). A card never answered is { 0, null }.
 */
export function seenOf(state: Pick<LearnerCardState, "reps" | "updatedAt"> | null): { reps: number; updatedAt: string | null } {
  return state && state.reps > 0 ? { reps: state.reps, updatedAt: state.updatedAt.toISOString() } : { reps: 0, updatedAt: null };
}

export interface GradeInput {
  cardId: string;
  grade: SrsGrade;
  /** What the learner saw (seenOf when the card was shown): a grade on anything else is stale. */
  seen: { reps: number; updatedAt: string | null };
}

export interface GradeDecision {
  state: LearnerCardState;
  log: SrsLog;
  /** This grade made the card a leech (tagged; suspended if the settings say so). */
  leech: boolean;
  entry: ReviewActionEntry;
}

/** Grade a card: the new state, its log, whether it became a leech, and the undo entry. */
export function decideGrade(current: LearnerCardState | null, input: GradeInput, reviewId: string, now: Date, settings: SrsSettings, balance?: BalanceContext): GradeDecision {
  const seen = seenOf(current);
  if (seen.reps !== input.seen.reps || seen.updatedAt !== input.seen.updatedAt) {
    throw new ReviewError("stale", "This card was answered elsewhere since it was shown.");
  }
  if (current?.suspended) throw new ReviewError("stale", "This card is suspended.");
  const before = current ? toSrs(current) : newCardState(now);
  // With the load balancer's due counts, the interval is drawn toward lighter days (lib/srs/load-balancer.ts).
  const { card: after, log } = balance
    ? balancedAnswer(before, now, input.grade, settings, { cardId: input.cardId }, balance)
    : answer(before, now, input.grade, settings, { cardId: input.cardId });
  const leech = leechCheck(before, after, settings);
  return {
    state: {
      cardId: input.cardId,
      ...fromSrs(after),
      suspended: leech ? settings.leechAction === "suspend" : false,
      buriedUntil: null,
      leech: leech || (current?.leech ?? false),
      updatedAt: now,
    },
    log,
    leech,
    entry: { kind: "grade", cardId: input.cardId, rating: input.grade, reviewId, before: current },
  };
}

/** Bury until `until` (the next study day), unbury, suspend or unsuspend: the new state and the undo entry. */
export function decideFlag(
  current: LearnerCardState | null,
  cardId: string,
  kind: FlagKind,
  now: Date,
  until: Date | null = null,
): { state: LearnerCardState; entry: ReviewActionEntry } {
  if (kind === "bury" && !until) throw new ReviewError("invalid", "Bury needs the time the card comes back.");
  const base = current ?? newLearnerState(cardId, now);
  const flags = kind === "bury" ? { buriedUntil: until } : kind === "unbury" ? { buriedUntil: null } : { suspended: kind === "suspend" };
  return { state: { ...base, ...flags }, entry: { kind, cardId, rating: null, reviewId: null, before: current } };
}

/** A forget or reschedule: the state after it, its manual log entry (rating 0) and the undo entry. */
export interface ManualDecision {
  state: LearnerCardState;
  log: SrsLog;
  entry: ReviewActionEntry;
}

/**
 * Forget (Anki's "Reset"): the card becomes new again and comes back with the new cards; its
 * answers stay in the history and a manual log entry records the reset (as Anki's revlog does).
 * Anki's reset also unsuspends and unburies. `resetCounts` zeroes reps and lapses and drops the
 * leech mark (kept otherwise: the card was hard, and stays known as such).
 */
export function decideForget(current: LearnerCardState | null, cardId: string, now: Date, logId: string, resetCounts = false): ManualDecision {
  if (!current || (current.state === 0 && !current.suspended && !current.buriedUntil)) {
    throw new ReviewError("invalid", "This card is already new.");
  }
  const { card, log } = forgetCard(toSrs(current), now, resetCounts);
  return {
    state: { cardId, ...fromSrs(card), suspended: false, buriedUntil: null, leech: resetCounts ? false : current.leech, updatedAt: now },
    log,
    entry: { kind: "forget", cardId, rating: null, reviewId: logId, before: current },
  };
}

/** The latest due date "set due" accepts, in days from today (Anki's limit is the same 100 years). */
export const MAX_DUE_DAYS = 36_500;

/** The start of the study day `days` after the one `now` is in (0 = today), in the learner's zone. */
export function studyDayStart(now: Date, days: number, timeZone: string, rolloverHour: number): Date {
  // From the middle of the target day: days are 23-25 h around DST changes, so whole-day steps from
  // today's start drift by at most an hour a change, never past a neighbouring day.
  const today = dayStart(now, timeZone, rolloverHour);
  return dayStart(new Date(today.getTime() + days * 86_400_000 + 12 * 3_600_000), timeZone, rolloverHour);
}

/**
 * Set due (Anki's "Set due date"): the card becomes due at the start of the study day `days` from
 * today, keeping its memory state (stability, difficulty); a learning card becomes a review card.
 * The interval becomes the days from its last review to the new due date (at least 1), so FSRS
 * sees the real gap at the next answer. A new card has no memory state to keep: study it (or it
 * stays new). Flags stay as they are. A manual log entry records it, which undo deletes.
 */
export function decideSetDue(current: LearnerCardState | null, cardId: string, days: number, now: Date, due: Date, logId: string): ManualDecision {
  if (!Number.isInteger(days) || days < 0 || days > MAX_DUE_DAYS) {
    throw new ReviewError("invalid", `Days from today must be a whole number from 0 to ${MAX_DUE_DAYS}.`);
  }
  if (!current || current.state === 0 || !current.lastReview) {
    throw new ReviewError("invalid", "A new card has no schedule to move yet: study it first, or leave it new.");
  }
  const interval = Math.max(1, Math.round((due.getTime() - current.lastReview.getTime()) / 86_400_000));
  const log: SrsLog = {
    rating: 0,
    state: current.state,
    due: current.lastReview,
    stability: current.stability,
    difficulty: current.difficulty,
    elapsed_days: Math.max(0, Math.floor((now.getTime() - current.lastReview.getTime()) / 86_400_000)),
    last_elapsed_days: current.elapsedDays,
    scheduled_days: current.scheduledDays,
    learning_steps: current.learningSteps,
    review: now,
    previous_due: current.due,
  };
  return {
    state: { ...current, cardId, due, state: 2, learningSteps: 0, scheduledDays: interval, updatedAt: now },
    log,
    entry: { kind: "reschedule", cardId, rating: null, reviewId: logId, before: current },
  };
}

/** Undo a journal entry: the exact state to put back (null: remove the row) and the log to delete. */
export function decideUndo(entry: ReviewActionEntry): { restore: LearnerCardState | null; deleteReviewId: string | null; label: string } {
  return { restore: entry.before, deleteReviewId: entry.reviewId, label: actionLabel(entry) };
}
