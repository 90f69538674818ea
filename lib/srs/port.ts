/**
 * What the review loop needs from storage, and nothing more: the port the rules in ./loop.ts are
 * written against. Each operation is a step of a plan (a generator): the plan yields whatever the
 * adapter needs to do the work (SQL statements, for lib/db/review-store.ts) and gets the result
 * back, so one plan runs synchronously on SQLite and asynchronously on PostgreSQL, and against
 * plain arrays in the tests (tests/srs/loop.test.ts). The operations only load and store; every
 * decision is the plan's.
 */
import type { LearnerCardState, ReviewActionEntry } from "./actions";
import type { QueueSnapshot, SnapshotToken } from "./queue-snapshot";

/** One step of a plan: yields to the adapter, returns T. */
export type Step<T> = Generator<unknown, T, unknown>;

export interface StateCandidate {
  cardId: string;
  due: Date;
  state: number;
  groupKey: string | null;
  position: number;
}

export interface NewCandidate {
  id: string;
  groupKey: string | null;
  position: number;
}

export interface TodaySummary {
  /** Answers today of cards that were new, and of cards in review (the daily limits count these). */
  newCount: number;
  reviewCount: number;
  total: number;
}

/** A learner's settings as stored: settings JSON, time zone, deck overrides with their paths. */
export interface LearnerRow {
  settings: string;
  timeZone: string;
  overrides: { deckId: string; deckPath: string; settings: string }[];
  /** Her User.stateVersion and the latest ingest run, read with the row; absent where nothing keeps a queue. */
  token?: SnapshotToken;
}

export interface LogRow {
  id: string;
  userId: string;
  cardId: string;
  rating: number;
  state: number;
  due: Date;
  previousDue: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  lastElapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  review: Date;
  durationMs: number;
}

/** "review": an answer on the review screen; "manual": a forget or set due (stats and the optimizer skip it). */
export type LogKind = "review" | "manual";

export interface LogEntry {
  id: string;
  review: Date;
  rating: number;
  kind: string;
  state: number;
  elapsedDays: number;
  stability: number;
  difficulty: number;
  durationMs: number;
}

export interface CardForReview {
  id: string;
  deckPath: string;
  questionHtml: string;
  answerHtml: string | null;
  contextHtml: string | null;
  /** JSON: [{ answerHtml, file, line }] */
  alternatives: string;
  /** JSON: widget ids */
  widgets: string;
  sources: { file: string; line: number }[];
}

/**
 * What grading a card reads before it decides, asked together (one round trip on PostgreSQL):
 * who already recorded this review id, the card's deck (null: no such card, or retired), the
 * learner's settings and her state for the card.
 */
export interface GradeInputs {
  logOwner: { userId: string; cardId: string } | null;
  deckPath: string | null;
  learner: LearnerRow;
  state: LearnerCardState | null;
}

/**
 * What the queue reads, asked together: answeredToday, learningCandidates, reviewCandidates (at
 * most `reviewLimit`) and countReviewsDue (capped at `dueCap`), as the four operations would answer.
 */
export interface QueueInputs {
  today: TodaySummary;
  learning: StateCandidate[];
  reviews: StateCandidate[];
  reviewsDue: number;
}

/** A journal entry as stored, with its order key. */
export type StoredAction = ReviewActionEntry & { id: number };

export interface ReviewStore {
  // ---- the learner and the decks ----
  learner(userId: string): Step<LearnerRow>;
  deckPath(deckId: string): Step<string | null>;
  deckAndDescendants(deckId: string, path: string): Step<string[]>;
  /** Every deck, by path. */
  decks(): Step<{ id: string; path: string; name: string; depth: number }[]>;

  // ---- the queue (candidates come without suspended or buried cards) ----
  learningCandidates(userId: string, now: Date, deckIds: string[] | null): Step<StateCandidate[]>;
  /** Review cards due before `before`, most overdue first, at most `limit`. */
  reviewCandidates(userId: string, now: Date, before: Date, deckIds: string[] | null, limit: number): Step<StateCandidate[]>;
  /** How many review cards are due before `before`, counting stops at `cap`. */
  countReviewsDue(userId: string, now: Date, before: Date, deckIds: string[] | null, cap: number): Step<number>;
  /** Cards the learner has not started (or that are new again and neither suspended nor buried), in source order. */
  newCandidates(userId: string, now: Date, deckIds: string[] | null, limit: number): Step<NewCandidate[]>;
  answeredToday(userId: string, since: Date): Step<TodaySummary>;
  /** Which of these sibling groups have a card the learner answered since `since`. */
  groupsAnsweredSince(userId: string, groupKeys: string[], since: Date): Step<Set<string>>;

  /** The four reads above in one step (QueueInputs). */
  queueInputs(userId: string, now: Date, since: Date, before: Date, deckIds: string[] | null, reviewLimit: number, dueCap: number): Step<QueueInputs>;

  // ---- the queue kept between requests (./queue-snapshot.ts decides; the adapter only holds it) ----
  queueSnapshot(userId: string): Step<QueueSnapshot | null>;
  keepQueueSnapshot(userId: string, snapshot: QueueSnapshot | null): Step<void>;

  // ---- the home page ----
  dueCountsByDeck(userId: string, now: Date, before: Date): Step<Map<string, number>>;
  newCountsByDeck(userId: string, now: Date): Step<Map<string, number>>;
  /** Whether the learner answered any card in [start, end). */
  studiedOn(userId: string, days: { start: Date; end: Date }[]): Step<boolean[]>;

  // ---- one card ----
  isActiveCard(cardId: string): Step<boolean>;
  /** An active card's deck path; null when the card does not exist or is retired. */
  activeCardDeck(cardId: string): Step<string | null>;
  /** `withSources`: where its texts come from (`file:line`), which only authors see; otherwise `sources` is empty. */
  cardForReview(cardId: string, withSources: boolean): Step<CardForReview>;
  findState(userId: string, cardId: string): Step<LearnerCardState | null>;
  logsForCard(userId: string, cardId: string): Step<LogEntry[]>;
  findLogOwner(reviewId: string): Step<{ userId: string; cardId: string } | null>;
  /** findLogOwner, activeCardDeck, learner and findState in one step (GradeInputs). */
  gradeInputs(userId: string, reviewId: string, cardId: string): Step<GradeInputs>;
  /** cardForReview and findState in one step. */
  cardWithState(userId: string, cardId: string, withSources: boolean): Step<{ card: CardForReview; state: LearnerCardState | null }>;

  // ---- writes ----
  /** `before`: the state it replaces (null: none), when the caller loaded it; lets the adapter forget only what changed. */
  upsertState(userId: string, state: LearnerCardState, before?: LearnerCardState | null): Step<void>;
  deleteState(userId: string, cardId: string): Step<void>;
  insertLog(log: LogRow, kind: LogKind): Step<void>;
  deleteLog(id: string): Step<void>;
  /** An answer: upsertState, insertLog and insertAction together (one statement on PostgreSQL). */
  writeAnswer(userId: string, answer: { state: LearnerCardState; before: LearnerCardState | null; log: LogRow; kind: LogKind; entry: ReviewActionEntry; at: Date }): Step<void>;

  // ---- custom study and the load balancer (lib/db/study-store.ts) ----
  /** Review cards due in [from, before), soonest first, at most `limit` (study ahead). */
  reviewsDueBetween(userId: string, now: Date, from: Date, before: Date, deckIds: string[] | null, limit: number): Step<StateCandidate[]>;
  /** Cards answered Again on the review screen since `since`, as they are now (neither suspended nor buried). */
  failedSince(userId: string, now: Date, since: Date, deckIds: string[] | null, limit: number): Step<(StateCandidate & { lastReview: Date | null })[]>;
  /** Review cards, not suspended, due in each [bounds[i], bounds[i + 1]): bounds.length − 1 counts. */
  reviewDueCounts(userId: string, bounds: Date[]): Step<number[]>;

  // ---- the undo journal ----
  insertAction(userId: string, entry: ReviewActionEntry, at: Date): Step<void>;
  lastAction(userId: string): Step<StoredAction | null>;
  deleteAction(id: number): Step<void>;
}
