/**
 * The daily review loop as plans over the storage port (./port.ts): what to show next, grading
 * (idempotent, refused when stale), undo, card actions, a card's study info and the home page's
 * numbers. Each plan loads through the port, decides with the pure rules (./actions.ts, ./queue.ts,
 * ts-fsrs through ./scheduler.ts) and writes what they return; the clock comes in as `now`.
 * lib/db/review.ts runs them in a transaction on either database; tests/srs/loop.test.ts runs them
 * on plain arrays. Every plan takes the signed-in user's id and touches only that user's rows.
 */
import { randomUUID } from "node:crypto";
import type { GradeRequest, NextResponse, ReviewCardView } from "@/lib/review/contract";
import {
  MAX_ANSWER_MS,
  MAX_DUE_DAYS,
  ReviewError,
  actionLabel,
  decideFlag,
  decideForget,
  decideGrade,
  decideSetDue,
  decideUndo,
  ratingName,
  seenOf,
  studyDayStart,
  toSrs,
  type LearnerCardState,
  type ManualDecision,
  type ReviewActionEntry,
} from "./actions";
import { MAX_CUSTOM_CARDS, buildCustomQueue, customStudyActive, type CustomStudy } from "./custom-study";
import { dayKey, dayStart, nextDayStart } from "./day";
import { balanceWindow, balancedPreview, type BalanceContext } from "./load-balancer";
import { learnerSettingsFrom, settingsForDeck, type LearnerSettings } from "./learner-settings";
import type { CardForReview, ReviewStore, StateCandidate, Step } from "./port";
import { buildQueue, type QueueCard } from "./queue";
import { SNAPSHOT_ANSWERS, applyAnswer, sameToken, snapshotCovers, snapshotKey, type QueueSnapshot, type SnapshotAnswer, type SnapshotToken } from "./queue-snapshot";
import { newCardState, retrievability, type SrsCard, type SrsGrade, type SrsLog } from "./scheduler";
import type { SrsSettings } from "./settings";

/** Extra candidates fetched beyond the limits, so burying siblings does not starve the queue. */
const CANDIDATE_SLACK = 40;
/**
 * Review candidates fetched per request (plus the slack): the screen shows one card, so the queue
 * needs only the first few; how many are due comes from a COUNT.
 */
const REVIEW_WINDOW = 10;

/** At most this many cards per bulk action (one transaction; ~1,000 point writes take a few ms). */
export const MAX_BULK_CARDS = 1000;

interface DayContext {
  learner: LearnerSettings;
  /** The database's queue token read with the learner (null where nothing keeps a queue). */
  token: SnapshotToken | null;
  timeZone: string;
  settings: SrsSettings;
  start: Date;
  end: Date;
}

export function* learnerSettings(store: ReviewStore, userId: string): Step<LearnerSettings> {
  return learnerSettingsFrom(yield* store.learner(userId));
}

function* dayContext(store: ReviewStore, userId: string, now: Date, deckPath: string | null, known?: LearnerSettings, knownToken?: SnapshotToken | null): Step<DayContext> {
  let learner = known;
  let token = knownToken ?? null;
  if (!learner) {
    const row = yield* store.learner(userId);
    learner = learnerSettingsFrom(row);
    token = row.token ?? null;
  }
  const settings = deckPath ? settingsForDeck(learner, deckPath) : learner.settings;
  const tz = learner.timeZone;
  return { learner, token, timeZone: tz, settings, start: dayStart(now, tz, settings.dayRolloverHour), end: nextDayStart(now, tz, settings.dayRolloverHour) };
}

function* deckScope(store: ReviewStore, deckId: string | undefined): Step<{ ids: string[] | null; path: string | null }> {
  if (!deckId) return { ids: null, path: null };
  const path = yield* store.deckPath(deckId);
  if (path === null) throw new ReviewError("not-found", "No such deck.");
  return { ids: yield* store.deckAndDescendants(deckId, path), path };
}

/**
 * `forAuthor`: include where each text comes from (`file:line`), which only authors see; a
 * learner's card carries no source positions at all.
 */
export interface NextOptions {
  deckId?: string;
  now: Date;
  preferCardId?: string;
  forAuthor?: boolean;
  /** A custom study session (lib/srs/custom-study.ts); ignored once its study day is over. */
  custom?: CustomStudy | null;
}

/**
 * What an action earlier in the same transaction already read or wrote, so the card after it need
 * not ask again: the learner's settings, and the journal entry it wrote (the action undo would now
 * take back).
 */
export interface KnownBefore {
  learner?: LearnerSettings;
  lastAction?: Pick<ReviewActionEntry, "kind" | "rating">;
  /** The answer just written, and the token the database had before it: a kept queue is adjusted by it. */
  answered?: { tokenBefore: SnapshotToken; answer: SnapshotAnswer };
}

/** The queue for a learner right now (optionally within one deck and its sub-decks). */
export function* nextCard(store: ReviewStore, userId: string, opts: NextOptions, known: KnownBefore = {}): Step<NextResponse> {
  const { now } = opts;
  const scope = yield* deckScope(store, opts.deckId);
  const ctx = yield* dayContext(store, userId, now, scope.path, known.learner, known.answered?.answer.token);
  if (opts.custom && customStudyActive(opts.custom, ctx.start, now)) return yield* customNext(store, userId, opts, opts.custom, scope.ids, ctx, yield* store.answeredToday(userId, ctx.start));
  const reviewRoomAt = (today: { reviewCount: number }) => Math.max(0, ctx.settings.maxReviewsPerDay - today.reviewCount);
  const newRoomAt = (today: { newCount: number }) => Math.max(0, ctx.settings.newPerDay - today.newCount);
  // What a request needs of each list: the first reviews and new cards, and the slack for siblings.
  const reviewsNeeded = (room: number) => Math.min(room, REVIEW_WINDOW) && Math.min(room, REVIEW_WINDOW) + CANDIDATE_SLACK;
  const newNeeded = (room: number) => room && room + CANDIDATE_SLACK;

  // The queue's reads kept from this learner's last request (./queue-snapshot.ts), if the
  // database's token says nothing changed since but what this transaction wrote itself.
  const key = snapshotKey(scope.ids, ctx.start, ctx.end, ctx.settings);
  let snapshot: QueueSnapshot | null = null;
  if (ctx.token) {
    const kept = yield* store.queueSnapshot(userId);
    if (kept && kept.key === key) {
      if (known.answered) snapshot = sameToken(kept.token, known.answered.tokenBefore) ? applyAnswer(kept, known.answered.answer, now, ctx.end) : null;
      else snapshot = sameToken(kept.token, ctx.token) ? kept : null;
      if (snapshot && !snapshotCovers(snapshot, reviewsNeeded(reviewRoomAt(snapshot.today)), newNeeded(newRoomAt(snapshot.today)))) snapshot = null;
    }
  }
  if (!snapshot) {
    // The day's counts, the learning cards, the first reviews and how many are due, in one step (one
    // round trip on PostgreSQL). Fetched for the whole daily allowance, before today's answers are
    // known, then cut to what is left of it: the first k of the first K ≥ k are the same cards, and
    // a count capped at the allowance, capped again at what is left, is the count capped at that.
    // Where the queue is kept, SNAPSHOT_ANSWERS more of each list, so it lasts that many answers.
    const ahead = ctx.token ? SNAPSHOT_ANSWERS : 0;
    const window = Math.min(ctx.settings.maxReviewsPerDay, REVIEW_WINDOW);
    const reviewLimit = window && window + CANDIDATE_SLACK + ahead;
    const read = yield* store.queueInputs(userId, now, ctx.start, ctx.end, scope.ids, reviewLimit, ctx.settings.maxReviewsPerDay);
    const newRoom = newRoomAt(read.today);
    const newLimit = newRoom && newRoom + CANDIDATE_SLACK + ahead;
    const fresh = yield* store.newCandidates(userId, now, scope.ids, newLimit);
    const groups = [...new Set([...read.learning, ...read.reviews, ...fresh].flatMap((c) => (c.groupKey === null ? [] : [c.groupKey])))];
    snapshot = {
      key,
      token: ctx.token ?? { stateVersion: -1, ingestRun: -1 },
      today: read.today,
      learning: read.learning,
      reviews: read.reviews,
      reviewLimit,
      reviewsComplete: read.reviews.length < reviewLimit,
      reviewsDue: read.reviewsDue,
      dueCap: ctx.settings.maxReviewsPerDay,
      fresh,
      newLimit,
      freshComplete: fresh.length < newLimit,
      groupsAsked: new Set(groups),
      groupsAnswered: yield* store.groupsAnsweredSince(userId, groups, ctx.start),
    };
  }
  if (ctx.token) yield* store.keepQueueSnapshot(userId, snapshot);

  const today = snapshot.today;
  const doneToday = { newCount: today.newCount, reviewCount: today.reviewCount };
  const reviewRoom = reviewRoomAt(today);
  const newRoom = newRoomAt(today);
  const learning = snapshot.learning;
  // The first of each list, as many as reading them afresh for this request would give.
  const fresh = snapshot.fresh.slice(0, newNeeded(newRoom));
  const known0 = snapshot;
  const build = function* (reviews: StateCandidate[]) {
    // Candidates come pre-filtered (not suspended, not buried); the queue orders, limits and buries siblings.
    const candidates: QueueCard[] = [
      ...[...learning, ...reviews].map((s) => ({ id: s.cardId, state: s.state, due: s.due, groupKey: s.groupKey, suspended: false, buriedUntil: null, position: s.position })),
      ...fresh.map((c) => ({ id: c.id, state: 0, due: now, groupKey: c.groupKey, suspended: false, buriedUntil: null, position: c.position })),
    ];
    const groups = [...new Set(candidates.flatMap((c) => (c.groupKey === null ? [] : [c.groupKey])))];
    const groupsAnsweredToday = groups.every((g) => known0.groupsAsked.has(g)) ? known0.groupsAnswered : yield* store.groupsAnsweredSince(userId, groups, ctx.start);
    return buildQueue({ now, dayStart: ctx.start, nextDayStart: ctx.end, cards: candidates, doneToday, groupsAnsweredToday, settings: ctx.settings });
  };
  const limit = reviewsNeeded(reviewRoom);
  let reviews = snapshot.reviews.slice(0, limit);
  let queue = yield* build(reviews);
  if (reviews.length === limit && queue.counts.review === 0 && reviewRoom > 0) {
    // Every fetched review was a buried sibling and more are due: look at all of them (rare).
    reviews = yield* store.reviewCandidates(userId, now, ctx.end, scope.ids, reviewRoom + CANDIDATE_SLACK);
    queue = yield* build(reviews);
  }
  const reviewsDue = reviews.length < limit ? Math.min(reviews.length, reviewRoom) : Math.min(snapshot.reviewsDue, reviewRoom);
  const newAvailable = Math.min(fresh.length, newRoom);

  const undoable = known.lastAction ?? (yield* store.lastAction(userId));
  // After an undo the restored card comes back first, whatever else is due (as in Anki).
  const preferred = opts.preferCardId && (yield* isShowable(store, userId, opts.preferCardId, now)) ? opts.preferCardId : undefined;
  const firstId = preferred ?? queue.queue[0];
  return {
    card: firstId ? yield* cardView(store, userId, firstId, now, ctx.learner, opts.forAuthor ?? false) : null,
    counts: {
      // every learning step still to do today, not only those due this minute
      learning: learning.filter((c) => c.due < ctx.end).length,
      review: reviewsDue,
      new: newAvailable,
    },
    doneToday: today.total,
    nextLearningDue: queue.nextLearningDue?.toISOString() ?? null,
    canUndo: undoable !== null,
    undoLabel: undoable ? actionLabel(undoable) : null,
  };
}

function* isShowable(store: ReviewStore, userId: string, cardId: string, now: Date): Step<boolean> {
  if (!(yield* store.isActiveCard(cardId))) return false;
  const state = yield* store.findState(userId, cardId);
  return !state?.suspended && !(state?.buriedUntil && state.buriedUntil > now);
}

function* cardView(store: ReviewStore, userId: string, cardId: string, now: Date, learner: LearnerSettings, forAuthor: boolean): Step<ReviewCardView> {
  const { card, state } = yield* store.cardWithState(userId, cardId, forAuthor);
  const settings = settingsForDeck(learner, card.deckPath);
  const srs = state ? toSrs(state) : newCardState(now);
  // The buttons show what a grade will do: the load balancer's draw with the same due counts.
  const p = balancedPreview(srs, now, settings, { cardId }, yield* balanceContext(store, userId, srs, cardId, now, settings, learner.timeZone));
  return {
    ...cardContent(card, forAuthor),
    seen: seenOf(state),
    intervals: { again: p.again.intervalLabel, hard: p.hard.intervalLabel, good: p.good.intervalLabel, easy: p.easy.intervalLabel },
    state: srs.state,
  };
}

/** What a card shows, as stored; source positions (`file:line`) for authors only. */
export function cardContent(card: CardForReview, forAuthor: boolean) {
  return {
    id: card.id,
    deckPath: card.deckPath,
    questionHtml: card.questionHtml,
    answerHtml: card.answerHtml,
    contextHtml: card.contextHtml,
    alternatives: (JSON.parse(card.alternatives) as { answerHtml: string; file: string; line: number }[]).map(({ answerHtml, file, line }) =>
      forAuthor ? { answerHtml, file, line } : { answerHtml },
    ),
    sources: forAuthor ? card.sources : [],
    widgets: JSON.parse(card.widgets) as string[],
  };
}

export interface GradeResult {
  duplicate: boolean;
  leech: boolean;
}

/**
 * Record one grade: a reviewId already recorded is a no-op (retries, double presses); a card
 * whose state changed since the learner saw it (another tab) is refused as stale; otherwise the
 * new state, its log and its journal entry are written together.
 */
export function* grade(store: ReviewStore, userId: string, input: GradeRequest, now: Date): Step<GradeResult> {
  return (yield* gradeKnowing(store, userId, input, now)).result;
}

/** grade(), and what it read and wrote that the next card needs too (nothing for a duplicate). */
function* gradeKnowing(store: ReviewStore, userId: string, input: GradeRequest, now: Date): Step<{ result: GradeResult; known: KnownBefore }> {
  // Everything the decision needs, read in one step (one round trip on PostgreSQL).
  const inputs = yield* store.gradeInputs(userId, input.reviewId, input.cardId);
  const existing = inputs.logOwner;
  if (existing) {
    if (existing.userId !== userId || existing.cardId !== input.cardId) throw new ReviewError("conflict", "This review id was already used.");
    return { result: { duplicate: true, leech: false }, known: {} };
  }
  if (inputs.deckPath === null) throw new ReviewError("not-found", "No such card.");
  const learner = learnerSettingsFrom(inputs.learner);
  const settings = settingsForDeck(learner, inputs.deckPath);
  const current = inputs.state;
  const seen = { reps: input.seenReps, updatedAt: input.seenUpdatedAt };
  const balance = yield* balanceContext(store, userId, current ? toSrs(current) : newCardState(now), input.cardId, now, settings, learner.timeZone);
  const { state, log, leech, entry } = decideGrade(current, { cardId: input.cardId, grade: input.grade as SrsGrade, seen }, input.reviewId, now, settings, balance);
  const logRowOf = { id: input.reviewId, userId, cardId: input.cardId, ...logRow(log), durationMs: Math.min(input.durationMs, MAX_ANSWER_MS) };
  yield* store.writeAnswer(userId, { state, before: current, log: logRowOf, kind: "review", entry, at: now });
  // The write raised her state version by one (one CardState row): a queue kept under the version
  // before it is adjusted by this answer (./queue-snapshot.ts).
  const token = inputs.learner.token;
  const answered = token && {
    tokenBefore: token,
    answer: { cardId: input.cardId, before: current, after: state, logState: logRowOf.state, token: { ...token, stateVersion: token.stateVersion + 1 } },
  };
  return { result: { duplicate: false, leech }, known: { learner, lastAction: entry, ...(answered ? { answered } : {}) } };
}

/**
 * A grade and the card after it, as the review screen asks for them: one transaction (one round
 * trip fewer to begin and end, on PostgreSQL). A deck that vanished meanwhile (an ingest removed
 * it) does not undo the grade: the next card then comes from every deck.
 */
export function* gradeAndNext(store: ReviewStore, userId: string, input: GradeRequest, now: Date, opts: NextOptions): Step<{ result: GradeResult; next: NextResponse }> {
  const { result, known } = yield* gradeKnowing(store, userId, input, now);
  return { result, next: yield* nextAfterAction(store, userId, opts, known) };
}

/** The next card after an action already recorded; without the deck when it no longer exists. */
export function* nextAfterAction(store: ReviewStore, userId: string, opts: NextOptions, known: KnownBefore = {}): Step<NextResponse> {
  try {
    return yield* nextCard(store, userId, opts, known);
  } catch (error) {
    if (opts.deckId && error instanceof ReviewError && error.code === "not-found") return yield* nextCard(store, userId, { ...opts, deckId: undefined }, known);
    throw error;
  }
}

/** A ts-fsrs log as the ReviewLog row's columns. */
export function logRow(log: SrsLog) {
  return {
    rating: log.rating as number,
    state: log.state as number,
    due: log.due,
    previousDue: log.previous_due,
    stability: log.stability,
    difficulty: log.difficulty,
    elapsedDays: log.elapsed_days,
    lastElapsedDays: log.last_elapsed_days,
    scheduledDays: log.scheduled_days,
    learningSteps: log.learning_steps,
    review: log.review,
  };
}

/**
 * Undo the learner's most recent action, whatever it was (grade, bury, suspend, unsuspend, forget,
 * set due): the card gets back exactly the state it had before it, and the log entry the action
 * wrote (an answer, or a manual entry) goes (as in Anki). Returns what was undone.
 */
export function* undo(store: ReviewStore, userId: string): Step<{ cardId: string; label: string } | null> {
  const last = yield* store.lastAction(userId);
  if (!last) return null;
  const { restore, deleteReviewId, label } = decideUndo(last);
  if (restore) yield* store.upsertState(userId, restore);
  else yield* store.deleteState(userId, last.cardId);
  if (deleteReviewId) yield* store.deleteLog(deleteReviewId);
  yield* store.deleteAction(last.id);
  return { cardId: last.cardId, label };
}

/** The actions on one card outside grading, as the card page and the browser's bulk actions name them. */
export type CardAction = "bury" | "unbury" | "suspend" | "unsuspend" | "forget" | "set-due";

/** Decide and apply one card action; a ReviewError says why it cannot be done. */
export function* cardAction(store: ReviewStore, userId: string, cardId: string, action: CardAction, now: Date, days?: number): Step<void> {
  const deckPath = yield* store.activeCardDeck(cardId);
  if (deckPath === null) throw new ReviewError("not-found", "No such card.");
  const current = yield* store.findState(userId, cardId);
  if (action === "bury" || action === "unbury" || action === "suspend" || action === "unsuspend") {
    const until = action === "bury" ? (yield* dayContext(store, userId, now, null)).end : null;
    const { state, entry } = decideFlag(current, cardId, action, now, until);
    yield* store.upsertState(userId, state, current);
    yield* store.insertAction(userId, entry, now);
    return;
  }
  const logId = `manual-${randomUUID()}`;
  let decision: ManualDecision;
  if (action === "forget") {
    decision = decideForget(current, cardId, now, logId);
  } else {
    const n = days ?? Number.NaN;
    const ctx = yield* dayContext(store, userId, now, deckPath);
    const due = Number.isInteger(n) && n >= 0 && n <= MAX_DUE_DAYS ? studyDayStart(now, n, ctx.timeZone, ctx.settings.dayRolloverHour) : now;
    decision = decideSetDue(current, cardId, n, now, due, logId);
  }
  yield* store.upsertState(userId, decision.state, current);
  yield* store.insertLog({ id: logId, userId, cardId, ...logRow(decision.log), durationMs: 0 }, "manual");
  yield* store.insertAction(userId, decision.entry, now);
}

export interface BulkResult {
  done: number;
  /** Cards the action did not apply to, with the reason ("This card is already new."). */
  skipped: { cardId: string; reason: string }[];
}

/**
 * The same action on many cards: each card gets its own journal entry (undo takes them back one
 * by one, newest first); a card it does not apply to is skipped with the reason rather than
 * failing the rest (a refused action writes nothing: it throws before its first write).
 */
export function* bulkCardAction(store: ReviewStore, userId: string, cardIds: string[], action: CardAction, now: Date, days?: number): Step<BulkResult> {
  if (cardIds.length > MAX_BULK_CARDS) throw new ReviewError("invalid", `At most ${MAX_BULK_CARDS} cards at a time.`);
  const result: BulkResult = { done: 0, skipped: [] };
  for (const cardId of new Set(cardIds)) {
    try {
      yield* cardAction(store, userId, cardId, action, now, days);
      result.done++;
    } catch (error) {
      if (!(error instanceof ReviewError)) throw error;
      result.skipped.push({ cardId, reason: error.message });
    }
  }
  return result;
}

/** What undo would undo now, or null. */
export function* undoLabel(store: ReviewStore, userId: string): Step<string | null> {
  const last = yield* store.lastAction(userId);
  return last ? actionLabel(last) : null;
}

export interface CardHistoryEntry {
  id: string;
  review: Date;
  /** "Again".."Easy", or "Manual" for a forget or set due. */
  rating: string;
  kind: string;
  /** State before the answer: 0 new, 1 learning, 2 review, 3 relearning. */
  state: number;
  /** Days since the previous review at this answer. */
  elapsedDays: number;
  stability: number;
  difficulty: number;
  durationMs: number;
}

export interface CardStudyInfo {
  /** null: the learner has not started this card. */
  state: LearnerCardState | null;
  /** Probability of recall now (0..1), null before the first review. */
  retrievability: number | null;
  history: CardHistoryEntry[];
  timeZone: string;
  /** What undo would undo when the learner's newest action was on this card, or null. */
  undoLabel: string | null;
}

/** What one learner knows of one card: its state, recall now, every answer and manual entry, newest first. */
export function* cardStudyInfo(store: ReviewStore, userId: string, cardId: string, now: Date): Step<CardStudyInfo> {
  const deckPath = yield* store.activeCardDeck(cardId);
  const learner = yield* learnerSettings(store, userId);
  const settings = deckPath ? settingsForDeck(learner, deckPath) : learner.settings;
  const state = yield* store.findState(userId, cardId);
  const last = yield* store.lastAction(userId);
  const logs = yield* store.logsForCard(userId, cardId);
  return {
    state,
    retrievability: state ? retrievability(toSrs(state), now, settings) : null,
    history: logs.map((l) => ({ ...l, rating: ratingName(l.rating) })),
    timeZone: learner.timeZone,
    // Undo takes back the newest action of any card: offered here only when that is this card's.
    undoLabel: last && last.cardId === cardId ? actionLabel(last) : null,
  };
}

export interface HomeStats {
  decks: { id: string; path: string; name: string; depth: number; due: number; new: number }[];
  streak: number;
  doneToday: number;
  dueTotal: number;
  newTotal: number;
}

/** Due and new cards per deck (sub-decks included), today's count and the streak of study days. */
export function* homeStats(store: ReviewStore, userId: string, now: Date): Step<HomeStats> {
  const ctx = yield* dayContext(store, userId, now, null);
  const due = yield* store.dueCountsByDeck(userId, now, ctx.end);
  const fresh = yield* store.newCountsByDeck(userId, now);
  const today = yield* store.answeredToday(userId, ctx.start);
  const days = yield* streak(store, userId, ctx);
  const decks = yield* store.decks();
  const rows = decks.map((d) => {
    let dueN = 0;
    let newN = 0;
    for (const other of decks) {
      if (other.path === d.path || other.path.startsWith(d.path + " / ")) {
        dueN += due.get(other.id) ?? 0;
        newN += fresh.get(other.id) ?? 0;
      }
    }
    return { ...d, due: dueN, new: newN };
  });
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  // New cards on offer today: what is left of the day's allowance, not every unseen card.
  const newRoom = Math.max(0, ctx.settings.newPerDay - today.newCount);
  for (const r of rows) r.new = Math.min(r.new, newRoom);
  return {
    decks: rows.filter((r) => r.due + r.new > 0),
    streak: days,
    doneToday: today.total,
    dueTotal: sum(due),
    newTotal: Math.min(sum(fresh), newRoom),
  };
}

/**
 * Consecutive study days with at least one review, ending today (or yesterday, if not yet today).
 * The days are asked about in batches, newest first (32, then 128 at a time): one statement for
 * most learners, a handful for a year-long streak (a statement per day cost ~0.3 ms a day on
 * PostgreSQL, 110 ms for a year).
 */
function* streak(store: ReviewStore, userId: string, ctx: DayContext): Step<number> {
  // Study days are 23-25 h long around DST changes: the previous day's start is found from its middle.
  const previousStart = (start: Date) => dayStart(new Date(start.getTime() - 12 * 3600_000), ctx.timeZone, ctx.settings.dayRolloverHour);
  const MAX_DAYS = 3650;
  let day = { start: ctx.start, end: ctx.end };
  let days = 0;
  for (let asked = 0, size = 32; asked <= MAX_DAYS; asked += size, size = 128) {
    const batch = [];
    for (let i = 0; i < size; i++) {
      batch.push(day);
      day = { start: previousStart(day.start), end: day.start };
    }
    const studied = yield* store.studiedOn(userId, batch);
    for (let i = 0; i < batch.length; i++) {
      if (asked + i === 0 && !studied[i]) continue; // not yet today: yesterday keeps the streak alive
      if (!studied[i] || days >= MAX_DAYS) return days;
      days++;
    }
  }
  return days;
}

/**
 * What the load balancer needs for this card's answers: review cards due on each study day its
 * intervals may land on (one query), and today's weekday; undefined when it would read nothing.
 */
function* balanceContext(store: ReviewStore, userId: string, card: SrsCard, cardId: string, now: Date, settings: SrsSettings, timeZone: string): Step<BalanceContext | undefined> {
  const window = balanceWindow(card, now, settings, { cardId });
  if (!window) return undefined;
  const bounds = studyDayStarts(now, window.from, window.to + 1, timeZone, settings.dayRolloverHour);
  const counts = yield* store.reviewDueCounts(userId, bounds);
  const [y, m, day] = dayKey(now, timeZone, settings.dayRolloverHour).split("-").map(Number);
  const todayWeekday = (new Date(Date.UTC(y, m - 1, day)).getUTCDay() + 6) % 7; // Monday 0
  return { dueCounts: { from: window.from, counts }, todayWeekday };
}

/** The next card of a custom study session: its own queue, today's learning steps first. */
function* customNext(
  store: ReviewStore,
  userId: string,
  opts: NextOptions,
  session: CustomStudy,
  deckIds: string[] | null,
  ctx: DayContext,
  today: { newCount: number; reviewCount: number; total: number },
): Step<NextResponse> {
  const { now } = opts;
  const learning = yield* store.learningCandidates(userId, now, deckIds);
  const limit = MAX_CUSTOM_CARDS + CANDIDATE_SLACK;
  const aheadUntil = session.kind === "ahead" ? studyDayStart(now, session.days + 1, ctx.timeZone, ctx.settings.dayRolloverHour) : null;
  const asCustom = (c: StateCandidate & { lastReview?: Date | null }) => ({ id: c.cardId, state: c.state, due: c.due, position: c.position, lastReview: c.lastReview ?? null });
  const candidates =
    session.kind === "ahead"
      ? (yield* store.reviewsDueBetween(userId, now, ctx.end, aheadUntil!, deckIds, limit)).map(asCustom)
      : session.kind === "failed"
        ? (yield* store.failedSince(userId, now, ctx.start, deckIds, limit)).map(asCustom)
        : (yield* store.newCandidates(userId, now, deckIds, limit)).map((c) => ({ id: c.id, state: 0, due: now, position: c.position, lastReview: null }));
  const queue = buildCustomQueue({
    session,
    now,
    nextDayStart: ctx.end,
    aheadUntil,
    learning: learning.map(asCustom),
    candidates,
    doneToday: today,
    settings: ctx.settings,
  });
  const undoable = yield* store.lastAction(userId);
  const preferred = opts.preferCardId && (yield* isShowable(store, userId, opts.preferCardId, now)) ? opts.preferCardId : undefined;
  const firstId = preferred ?? queue.queue[0];
  return {
    card: firstId ? yield* cardView(store, userId, firstId, now, ctx.learner, opts.forAuthor ?? false) : null,
    counts: { learning: learning.filter((c) => c.due < ctx.end).length, review: queue.counts.review, new: queue.counts.new },
    doneToday: today.total,
    nextLearningDue: queue.nextLearningDue?.toISOString() ?? null,
    canUndo: undoable !== null,
    undoLabel: undoable ? actionLabel(undoable) : null,
  };
}

/**
 * studyDayStart for each day from..to: two zone look-ups when no clock change falls in between
 * (whole days then), one per day otherwise.
 */
function studyDayStarts(now: Date, from: number, to: number, timeZone: string, hour: number): Date[] {
  const first = studyDayStart(now, from, timeZone, hour);
  const last = studyDayStart(now, to, timeZone, hour);
  const DAY = 86_400_000;
  if (last.getTime() - first.getTime() === (to - from) * DAY) return Array.from({ length: to - from + 1 }, (_, i) => new Date(first.getTime() + i * DAY));
  return Array.from({ length: to - from + 1 }, (_, i) => studyDayStart(now, from + i, timeZone, hour));
}
