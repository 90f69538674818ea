/**
 * Grades made on a device while it was offline, merged into a card's history on the server.
 * Pure: the card's stored state and log, the arriving grades, the settings and `now` come in; the
 * log rows to write and the card's new state go out (lib/db/review-sync.ts writes them).
 *
 * The rule (docs/offline.md): a card's answers count in the order they were given (review time,
 * then review id), whichever device gave them. An offline grade that arrives late is put in its
 * place in that order: the card is taken back to its state just before it (ts-fsrs rollback of the
 * answers recorded after it), then every answer from there on, the late ones and the ones already
 * recorded, is applied again in order with its own rating and time. So the card ends exactly where
 * it would be had every answer reached the server when it was given, and each rewritten log row
 * says what the card was when that answer was given.
 *
 * - A review id already recorded is a duplicate: nothing happens (retries after a lost answer).
 * - Review times later than `now` (a device clock running ahead) count as `now`.
 * - A forget or set due (a manual entry, rating 0) recorded after an offline grade is a deliberate
 *   reset made later: it wins, and grades given before it are returned as superseded, not applied.
 */
import { leechCheck, answer, newCardState, undo, type SrsCard, type SrsGrade, type SrsLog } from "./scheduler";
import { toSrs, type LearnerCardState } from "./actions";
import type { SrsSettings } from "./settings";

/** A grade made on a device (online or off): the client's id, and when it was given. */
export interface DeviceGrade {
  reviewId: string;
  cardId: string;
  grade: SrsGrade;
  review: Date;
  durationMs: number;
}

/** One row of the card's stored log: its id and the full ts-fsrs log (rating 0 = manual entry). */
export interface StoredAnswer {
  id: string;
  log: SrsLog;
}

export interface ReplayInput {
  cardId: string;
  /** The learner's stored state for the card (null: none yet). */
  current: LearnerCardState | null;
  /** The card's stored log rows, in any order. */
  history: readonly StoredAnswer[];
  /** Grades arriving now, in any order, possibly repeated or already recorded. */
  incoming: readonly DeviceGrade[];
  settings: SrsSettings;
  now: Date;
}

export interface LogWrite {
  id: string;
  log: SrsLog;
  /** true: an arriving grade (insert); false: a recorded answer replayed after it (rewrite). */
  inserted: boolean;
  durationMs: number;
}

export interface ReplayResult {
  /** The card's state after every answer; unchanged (same object) when nothing was applied. */
  state: LearnerCardState | null;
  writes: LogWrite[];
  /** Arriving ids already recorded (or repeated in this batch): nothing was written for them. */
  duplicates: string[];
  /** Arriving grades given before a later forget or set due of the card: not applied. */
  superseded: string[];
  /** An answer applied here made the card a leech (marked, and suspended if the settings say so). */
  leech: boolean;
}

/** Answers in the order they count: review time, then id. */
export function answerOrder(a: { review: Date; id: string }, b: { review: Date; id: string }): number {
  return a.review.getTime() - b.review.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function replayCard(input: ReplayInput): ReplayResult {
  const { cardId, current, settings, now } = input;
  const history = [...input.history].sort((a, b) => answerOrder({ review: a.log.review, id: a.id }, { review: b.log.review, id: b.id }));
  const known = new Set(history.map((h) => h.id));
  const duplicates: string[] = [];
  const fresh: DeviceGrade[] = [];
  for (const g of input.incoming) {
    if (g.cardId !== cardId) throw new RangeError(`grade ${g.reviewId} is for card ${g.cardId}, not ${cardId}`);
    if (known.has(g.reviewId)) duplicates.push(g.reviewId);
    else {
      known.add(g.reviewId);
      fresh.push({ ...g, review: g.review.getTime() > now.getTime() ? now : g.review });
    }
  }
  // A later manual entry (forget, set due) wins over grades given before it.
  const lastManual = [...history].reverse().find((h) => h.log.rating === 0);
  const superseded: string[] = [];
  const arriving = fresh
    .filter((g) => {
      const before = lastManual && answerOrder({ review: g.review, id: g.reviewId }, { review: lastManual.log.review, id: lastManual.id }) < 0;
      if (before) superseded.push(g.reviewId);
      return !before;
    })
    .sort((a, b) => answerOrder({ review: a.review, id: a.reviewId }, { review: b.review, id: b.reviewId }));
  if (!arriving.length) return { state: current, writes: [], duplicates, superseded, leech: false };

  // Take the card back to just before the earliest arriving grade.
  const first = { review: arriving[0].review, id: arriving[0].reviewId };
  const later = history.filter((h) => answerOrder({ review: h.log.review, id: h.id }, first) > 0);
  let card: SrsCard | null = current ? toSrs(current) : null;
  for (const h of [...later].reverse()) {
    if (!card) throw new RangeError(`card ${cardId} has answers recorded but no state`);
    card = undo(card, h.log);
  }
  // Back before its first answer, a card is new as of its first answer (decideGrade's newCardState(now)).
  if (later.length && card && card.reps === 0 && card.state === 0) card = null;

  type Step = { id: string; review: Date; grade: SrsGrade; durationMs: number; inserted: boolean };
  const steps: Step[] = [
    ...arriving.map((g) => ({ id: g.reviewId, review: g.review, grade: g.grade, durationMs: g.durationMs, inserted: true })),
    ...later.map((h) => ({ id: h.id, review: h.log.review, grade: h.log.rating as SrsGrade, durationMs: 0, inserted: false })),
  ].sort(answerOrder);

  const writes: LogWrite[] = [];
  let leech = false;
  let lastWasArriving = false;
  for (const step of steps) {
    // A card with no state starts new at its first answer, as decideGrade does.
    const before = card ?? newCardState(step.review);
    const result = answer(before, step.review, step.grade, settings, { cardId });
    if (leechCheck(before, result.card, settings)) leech = true; // the late grade moves the lapses of those after it too
    writes.push({ id: step.id, log: result.log, inserted: step.inserted, durationMs: step.durationMs });
    card = result.card;
    lastWasArriving = step.inserted;
  }
  const after = card!;
  const lastReview = steps[steps.length - 1].review;
  const state: LearnerCardState = {
    cardId,
    due: after.due,
    stability: after.stability,
    difficulty: after.difficulty,
    elapsedDays: after.elapsed_days,
    scheduledDays: after.scheduled_days,
    learningSteps: after.learning_steps,
    reps: after.reps,
    lapses: after.lapses,
    state: after.state as number,
    lastReview: after.last_review ?? null,
    suspended: (current?.suspended ?? false) || (leech && settings.leechAction === "suspend"),
    // Answering a card unburies it (as grading online does); an answer from elsewhere that came later keeps the flag.
    buriedUntil: lastWasArriving ? null : (current?.buriedUntil ?? null),
    leech: leech || (current?.leech ?? false),
    updatedAt: lastReview,
  };
  return { state, writes, duplicates, superseded, leech };
}
