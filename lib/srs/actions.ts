/**
 * The review loop's actions as plain functions over plain data: load → decide (here) → apply
 * (lib/db/review.ts writes what these return). No I/O and no clock of its own: `now` comes in.
 *
 * Every action returns the learner's card state after it and the journal entry that lets undo put
 * back exactly the state before it (as Anki's undo does), whatever the action was: undo pops the
 * newest entry, so after "grade A, suspend B" undo unsuspends B and the next undo ungrades A.
 */
import { answer, leechCheck, newCardState, type SrsCard, type SrsGrade, type SrsLog } from "./scheduler";
import type { SrsSettings } from "./settings";

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

export type ActionKind = "grade" | "bury" | "suspend" | "unsuspend";

/** One entry of the undo journal. `before` null: the learner had no state row (a new card). */
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

/** What the undo button says it will undo: "Good", "suspend", ... */
export function actionLabel(entry: Pick<ReviewActionEntry, "kind" | "rating">): string {
  return entry.kind === "grade" ? (RATING_NAMES[entry.rating ?? 0] ?? "grade") : entry.kind;
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
export function decideGrade(current: LearnerCardState | null, input: GradeInput, reviewId: string, now: Date, settings: SrsSettings): GradeDecision {
  const seen = seenOf(current);
  if (seen.reps !== input.seen.reps || seen.updatedAt !== input.seen.updatedAt) {
    throw new ReviewError("stale", "This card was answered elsewhere since it was shown.");
  }
  if (current?.suspended) throw new ReviewError("stale", "This card is suspended.");
  const before = current ? toSrs(current) : newCardState(now);
  const { card: after, log } = answer(before, now, input.grade, settings, { cardId: input.cardId });
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

/** Bury until `until` (the next study day), suspend or unsuspend: the new state and the undo entry. */
export function decideFlag(
  current: LearnerCardState | null,
  cardId: string,
  kind: Exclude<ActionKind, "grade">,
  now: Date,
  until: Date | null = null,
): { state: LearnerCardState; entry: ReviewActionEntry } {
  if (kind === "bury" && !until) throw new ReviewError("invalid", "Bury needs the time the card comes back.");
  const base = current ?? newLearnerState(cardId, now);
  const flags = kind === "bury" ? { buriedUntil: until } : { suspended: kind === "suspend" };
  return { state: { ...base, ...flags }, entry: { kind, cardId, rating: null, reviewId: null, before: current } };
}

/** Undo a journal entry: the exact state to put back (null: remove the row) and the log to delete. */
export function decideUndo(entry: ReviewActionEntry): { restore: LearnerCardState | null; deleteReviewId: string | null; label: string } {
  return { restore: entry.before, deleteReviewId: entry.kind === "grade" ? entry.reviewId : null, label: actionLabel(entry) };
}
