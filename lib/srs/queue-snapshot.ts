/**
 * The review queue's inputs kept between requests, as Anki's v3 scheduler keeps its queues between
 * answers: read once, then adjusted by each answer instead of read again. Pure: the plan in
 * ./loop.ts decides when a snapshot holds and applies answers to it; the storage adapter only
 * keeps it in memory (lib/db/store-cache.ts).
 *
 * A snapshot is the queue's reads for one learner, one scope (every deck, or a deck and its
 * sub-decks), one study day and the limits they were read with, under a token: the learner's
 * User.stateVersion, which the database raises on every write of one of her card states whatever
 * made it (triggers), and the latest ingest run. It is used only while the token read in the same
 * transaction is still its own, so another process's or app instance's write makes the next
 * request read afresh. After an answer this process made itself, the snapshot is adjusted exactly:
 *
 * - the candidate lists are the database's own lists cut at a limit: removing the answered card
 *   keeps each a prefix of what the database would now return, so it is read with
 *   SNAPSHOT_ANSWERS more than a request needs and holds until that many answers used them up;
 * - the due-review count goes down by one when the card counted; a count that was capped, or a card
 *   that becomes due again today as a review, sends the learner back to the database;
 * - today's counts go up as the answer's log counts;
 * - the card joins the learning list when its new state is a learning step.
 *
 * tests/srs/queue-snapshot.test.ts checks each rule; tests/review/queue-snapshot.test.ts checks on
 * both databases that every card shown and every count equals what reading afresh gives.
 */
import type { LearnerCardState } from "./actions";
import type { NewCandidate, StateCandidate, TodaySummary } from "./port";

/** How many answers a snapshot's candidate lists are read ahead for. */
export const SNAPSHOT_ANSWERS = 20;

/** What the database says now: the snapshot holds only while both are unchanged. */
export interface SnapshotToken {
  stateVersion: number;
  ingestRun: number;
}

export interface QueueSnapshot {
  /** Scope, study day and limits (snapshotKey): a request that differs in any reads afresh. */
  key: string;
  token: SnapshotToken;
  today: TodaySummary;
  /** Every learning and relearning card in scope (not suspended, not buried), by due. */
  learning: StateCandidate[];
  /** The first review cards due today, most overdue first, as read with `reviewLimit`. */
  reviews: StateCandidate[];
  reviewLimit: number;
  /** The database held fewer than `reviewLimit` then: the list is every due review. */
  reviewsComplete: boolean;
  /** Due reviews, counted up to `dueCap`. */
  reviewsDue: number;
  dueCap: number;
  /** The first new cards in source order, as read with `newLimit`. */
  fresh: NewCandidate[];
  newLimit: number;
  freshComplete: boolean;
  /** Sibling groups asked about, and those of them answered today. */
  groupsAsked: Set<string>;
  groupsAnswered: Set<string>;
}

export function snapshotKey(scope: string[] | null, dayStart: Date, dayEnd: Date, limits: { newPerDay: number; maxReviewsPerDay: number }): string {
  return [scope === null ? "*" : [...scope].sort().join(","), dayStart.getTime(), dayEnd.getTime(), limits.newPerDay, limits.maxReviewsPerDay].join("|");
}

export const sameToken = (a: SnapshotToken, b: SnapshotToken) => a.stateVersion === b.stateVersion && a.ingestRun === b.ingestRun;

/** Whether the lists still hold what a request needs: `reviewsNeeded` reviews and `newNeeded` new cards, or all there are. */
export function snapshotCovers(s: QueueSnapshot, reviewsNeeded: number, newNeeded: number): boolean {
  return (s.reviewsComplete || s.reviews.length >= reviewsNeeded) && (s.freshComplete || s.fresh.length >= newNeeded);
}

/** An answer this process wrote: the card's state before (null: never seen) and after, and the log's state (the state it was answered in). */
export interface SnapshotAnswer {
  cardId: string;
  before: LearnerCardState | null;
  after: LearnerCardState;
  logState: number;
  /** The database's token after the write (the version raised by it). */
  token: SnapshotToken;
}

const isLearning = (state: number) => state === 1 || state === 3;
const hidden = (s: LearnerCardState, now: Date) => s.suspended || (s.buriedUntil !== null && s.buriedUntil > now);
/** Counted by the due-review count: a review card due before the day ends, neither suspended nor buried. */
const dueReview = (s: LearnerCardState, now: Date, dayEnd: Date) => s.state === 2 && s.due < dayEnd && !hidden(s, now);

/**
 * The snapshot after one answer, or null when it cannot be adjusted exactly (the learner's next
 * request then reads afresh): the card was in none of its lists (shown from elsewhere), it turns
 * into a review due again today, or the due count was capped.
 */
export function applyAnswer(s: QueueSnapshot, a: SnapshotAnswer, now: Date, dayEnd: Date): QueueSnapshot | null {
  const found = s.learning.find((c) => c.cardId === a.cardId) ?? s.reviews.find((c) => c.cardId === a.cardId) ?? s.fresh.find((c) => c.id === a.cardId);
  if (!found) return null;
  const groupKey = found.groupKey;
  const position = found.position;
  if (dueReview(a.after, now, dayEnd)) return null;
  let reviewsDue = s.reviewsDue;
  if (a.before && dueReview(a.before, now, dayEnd)) {
    if (reviewsDue >= s.dueCap) return null;
    reviewsDue = Math.max(0, reviewsDue - 1);
  }
  const learning = s.learning.filter((c) => c.cardId !== a.cardId);
  if (isLearning(a.after.state) && !hidden(a.after, now)) {
    const entry: StateCandidate = { cardId: a.cardId, due: a.after.due, state: a.after.state, groupKey, position };
    const at = learning.findIndex((c) => c.due > entry.due);
    learning.splice(at < 0 ? learning.length : at, 0, entry);
  }
  const groupsAsked = new Set(s.groupsAsked);
  const groupsAnswered = new Set(s.groupsAnswered);
  if (groupKey !== null) {
    groupsAsked.add(groupKey);
    groupsAnswered.add(groupKey);
  }
  return {
    ...s,
    token: a.token,
    today: {
      total: s.today.total + 1,
      newCount: s.today.newCount + (a.logState === 0 ? 1 : 0),
      reviewCount: s.today.reviewCount + (a.logState === 2 ? 1 : 0),
    },
    learning,
    reviews: s.reviews.filter((c) => c.cardId !== a.cardId),
    reviewsDue,
    fresh: s.fresh.filter((c) => c.id !== a.cardId),
    groupsAsked,
    groupsAnswered,
  };
}
