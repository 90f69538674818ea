/**
 * The daily review loop against the database: what to show next, grading (idempotent, refused
 * when stale), undo, bury, suspend, leeches and the home page's numbers. Scheduling itself is
 * lib/srs (pure, ts-fsrs); this file loads state, calls it with `now`, and writes the result.
 * Every function takes the signed-in user's id and touches only that user's rows.
 */
import type { Db } from "./client";
import { buildQueue, dayStart, newCardState, nextDayStart, preview, retrievability, type QueueCard, type SrsGrade, type SrsLog, type SrsSettings } from "@/lib/srs";
import { randomUUID } from "node:crypto";
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
  seenOf,
  ratingName,
  studyDayStart,
  toSrs,
  type LearnerCardState,
  type ManualDecision,
} from "@/lib/srs/actions";
import type { GradeRequest, NextResponse, ReviewCardView } from "@/lib/review/contract";
import { readSettings, settingsForDeck, type LearnerSettings } from "./settings";
import {
  activeCardDeck,
  answeredToday,
  cardForReview,
  countReviewsDue,
  deckAndDescendants,
  deckPath as findDeckPath,
  deleteLog,
  deleteState,
  dueCountsByDeck,
  findLogOwner,
  findState,
  groupsAnsweredSince,
  insertLog,
  isActiveCard,
  deleteAction,
  insertAction,
  lastAction,
  learningCandidates,
  logsForCard,
  newCandidates,
  newCountsByDeck,
  reviewCandidates,
  studiedBetween,
  upsertState,
} from "./review-queries";
import { readTransaction, sqliteOf, writeTransaction, type Sqlite } from "./sqlite";

export { ReviewError };

/** Extra candidates fetched beyond the limits, so burying siblings does not starve the queue. */
const CANDIDATE_SLACK = 40;
/**
 * Review candidates fetched per request (plus the slack): the screen shows one card, so the queue
 * needs only the first few; how many are due comes from a COUNT.
 */
const REVIEW_WINDOW = 10;

interface DayContext {
  learner: LearnerSettings;
  timeZone: string;
  settings: SrsSettings;
  start: Date;
  end: Date;
}

function dayContext(sqlite: Sqlite, userId: string, now: Date, deckPath: string | null): DayContext {
  const learner = readSettings(sqlite, userId);
  const settings = deckPath ? settingsForDeck(learner, deckPath) : learner.settings;
  const tz = learner.timeZone;
  return {
    learner,
    timeZone: tz,
    settings,
    start: dayStart(now, tz, settings.dayRolloverHour),
    end: nextDayStart(now, tz, settings.dayRolloverHour),
  };
}

function deckScope(sqlite: Sqlite, deckId: string | undefined): { ids: string[] | null; path: string | null } {
  if (!deckId) return { ids: null, path: null };
  const path = findDeckPath(sqlite, deckId);
  if (path === null) throw new ReviewError("not-found", "No such deck.");
  return { ids: deckAndDescendants(sqlite, deckId, path), path };
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
}

/** The queue for a learner right now (optionally within one deck and its sub-decks). */
export async function getNext(db: Db, userId: string, opts: NextOptions): Promise<NextResponse> {
  const sqlite = sqliteOf(db);
  return readTransaction(sqlite, () => nextCard(sqlite, userId, opts));
}

/**
 * The next card after an action that is already recorded. A deck that vanished meanwhile (an
 * ingest removed it) is not an error then: the queue falls back to every deck, so the screen does
 * not say "refused" for a grade that was saved.
 */
export async function getNextAfterAction(db: Db, userId: string, opts: NextOptions): Promise<NextResponse> {
  try {
    return await getNext(db, userId, opts);
  } catch (error) {
    if (opts.deckId && error instanceof ReviewError && error.code === "not-found") return getNext(db, userId, { ...opts, deckId: undefined });
    throw error;
  }
}

function nextCard(sqlite: Sqlite, userId: string, opts: NextOptions): NextResponse {
  const { now } = opts;
  const scope = deckScope(sqlite, opts.deckId);
  const ctx = dayContext(sqlite, userId, now, scope.path);
  const today = answeredToday(sqlite, userId, ctx.start);
  const doneToday = { newCount: today.newCount, reviewCount: today.reviewCount };
  const reviewRoom = Math.max(0, ctx.settings.maxReviewsPerDay - doneToday.reviewCount);
  const newRoom = Math.max(0, ctx.settings.newPerDay - doneToday.newCount);

  const learning = learningCandidates(sqlite, userId, now, scope.ids);
  const fresh = newCandidates(sqlite, userId, now, scope.ids, newRoom && newRoom + CANDIDATE_SLACK);
  const build = (reviews: typeof learning) => {
    // Candidates come pre-filtered (not suspended, not buried); the queue orders, limits and buries siblings.
    const candidates: QueueCard[] = [
      ...[...learning, ...reviews].map((s) => ({ id: s.cardId, state: s.state, due: s.due, groupKey: s.groupKey, suspended: false, buriedUntil: null, position: s.position })),
      ...fresh.map((c) => ({ id: c.id, state: 0, due: now, groupKey: c.groupKey, suspended: false, buriedUntil: null, position: c.position })),
    ];
    const groups = [...new Set(candidates.flatMap((c) => (c.groupKey === null ? [] : [c.groupKey])))];
    const groupsAnsweredToday = groupsAnsweredSince(sqlite, userId, groups, ctx.start);
    return buildQueue({ now, dayStart: ctx.start, nextDayStart: ctx.end, cards: candidates, doneToday, groupsAnsweredToday, settings: ctx.settings });
  };
  const limit = Math.min(reviewRoom, REVIEW_WINDOW) && Math.min(reviewRoom, REVIEW_WINDOW) + CANDIDATE_SLACK;
  let reviews = reviewCandidates(sqlite, userId, now, ctx.end, scope.ids, limit);
  let queue = build(reviews);
  if (reviews.length === limit && queue.counts.review === 0 && reviewRoom > 0) {
    // Every fetched review was a buried sibling and more are due: look at all of them (rare).
    reviews = reviewCandidates(sqlite, userId, now, ctx.end, scope.ids, reviewRoom + CANDIDATE_SLACK);
    queue = build(reviews);
  }
  const reviewsDue = reviews.length < limit ? Math.min(reviews.length, reviewRoom) : countReviewsDue(sqlite, userId, now, ctx.end, scope.ids, reviewRoom);
  const newAvailable = Math.min(fresh.length, newRoom);

  const undoable = lastAction(sqlite, userId);
  // After an undo the restored card comes back first, whatever else is due (as in Anki).
  const preferred = opts.preferCardId && isShowable(sqlite, userId, opts.preferCardId, now) ? opts.preferCardId : undefined;
  const firstId = preferred ?? queue.queue[0];
  return {
    card: firstId ? cardView(sqlite, userId, firstId, now, ctx.learner, opts.forAuthor ?? false) : null,
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

function isShowable(sqlite: Sqlite, userId: string, cardId: string, now: Date): boolean {
  if (!isActiveCard(sqlite, cardId)) return false;
  const state = findState(sqlite, userId, cardId);
  return !state?.suspended && !(state?.buriedUntil && state.buriedUntil > now);
}

function cardView(sqlite: Sqlite, userId: string, cardId: string, now: Date, learner: LearnerSettings, forAuthor: boolean): ReviewCardView {
  const card = cardForReview(sqlite, cardId);
  const state = findState(sqlite, userId, cardId);
  const settings = settingsForDeck(learner, card.deckPath);
  const srs = state ? toSrs(state) : newCardState(now);
  const p = preview(srs, now, settings, { cardId });
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
    seen: seenOf(state),
    intervals: { again: p.again.intervalLabel, hard: p.hard.intervalLabel, good: p.good.intervalLabel, easy: p.easy.intervalLabel },
    state: srs.state,
  };
}

export interface GradeResult {
  duplicate: boolean;
  leech: boolean;
}

/**
 * Record one grade. In one transaction: a reviewId already recorded is a no-op (retries, double
 * presses); a card whose state changed since the learner saw it (another tab) is refused as
 * stale; otherwise the new state and its log are written together.
 */
export async function gradeCard(db: Db, userId: string, input: GradeRequest, now: Date): Promise<GradeResult> {
  const sqlite = sqliteOf(db);
  return writeTransaction(sqlite, () => {
    const existing = findLogOwner(sqlite, input.reviewId);
    if (existing) {
      if (existing.userId !== userId || existing.cardId !== input.cardId) throw new ReviewError("conflict", "This review id was already used.");
      return { duplicate: true, leech: false };
    }
    const deckPath = activeCardDeck(sqlite, input.cardId);
    if (deckPath === null) throw new ReviewError("not-found", "No such card.");
    const settings = settingsForDeck(readSettings(sqlite, userId), deckPath);
    const current = findState(sqlite, userId, input.cardId);
    const seen = { reps: input.seenReps, updatedAt: input.seenUpdatedAt };
    const { state, log, leech, entry } = decideGrade(current, { cardId: input.cardId, grade: input.grade as SrsGrade, seen }, input.reviewId, now, settings);
    upsertState(sqlite, userId, state);
    insertLog(sqlite, { id: input.reviewId, userId, cardId: input.cardId, ...logRow(log), durationMs: Math.min(input.durationMs, MAX_ANSWER_MS) });
    insertAction(sqlite, userId, entry, now);
    return { duplicate: false, leech };
  });
}

function logRow(log: SrsLog) {
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
export async function undoLast(db: Db, userId: string): Promise<{ cardId: string; label: string } | null> {
  const sqlite = sqliteOf(db);
  return writeTransaction(sqlite, () => {
    const last = lastAction(sqlite, userId);
    if (!last) return null;
    const { restore, deleteReviewId, label } = decideUndo(last);
    if (restore) upsertState(sqlite, userId, restore);
    else deleteState(sqlite, userId, last.cardId);
    if (deleteReviewId) deleteLog(sqlite, deleteReviewId);
    deleteAction(sqlite, last.id);
    return { cardId: last.cardId, label };
  });
}

/** The actions on one card outside grading, as the card page and the browser's bulk actions name them. */
export type CardAction = "bury" | "unbury" | "suspend" | "unsuspend" | "forget" | "set-due";

/** Decide and apply one card action inside the caller's write transaction. */
function applyCardAction(sqlite: Sqlite, userId: string, cardId: string, action: CardAction, now: Date, days?: number): void {
  const deckPath = activeCardDeck(sqlite, cardId);
  if (deckPath === null) throw new ReviewError("not-found", "No such card.");
  const current = findState(sqlite, userId, cardId);
  if (action === "bury" || action === "unbury" || action === "suspend" || action === "unsuspend") {
    const until = action === "bury" ? dayContext(sqlite, userId, now, null).end : null;
    const { state, entry } = decideFlag(current, cardId, action, now, until);
    upsertState(sqlite, userId, state);
    insertAction(sqlite, userId, entry, now);
    return;
  }
  const logId = `manual-${randomUUID()}`;
  let decision: ManualDecision;
  if (action === "forget") {
    decision = decideForget(current, cardId, now, logId);
  } else {
    const n = days ?? Number.NaN;
    const ctx = dayContext(sqlite, userId, now, deckPath);
    const due = Number.isInteger(n) && n >= 0 && n <= MAX_DUE_DAYS ? studyDayStart(now, n, ctx.timeZone, ctx.settings.dayRolloverHour) : now;
    decision = decideSetDue(current, cardId, n, now, due, logId);
  }
  upsertState(sqlite, userId, decision.state);
  insertLog(sqlite, { id: logId, userId, cardId, ...logRow(decision.log), durationMs: 0 }, "manual");
  insertAction(sqlite, userId, decision.entry, now);
}

/** One card action in its own transaction; a ReviewError says why it cannot be done. */
export async function cardAction(db: Db, userId: string, cardId: string, action: CardAction, now: Date, days?: number): Promise<void> {
  const sqlite = sqliteOf(db);
  await writeTransaction(sqlite, () => applyCardAction(sqlite, userId, cardId, action, now, days));
}

/** At most this many cards per bulk action (one transaction; ~1,000 point writes take a few ms). */
export const MAX_BULK_CARDS = 1000;

export interface BulkResult {
  done: number;
  /** Cards the action did not apply to, with the reason ("This card is already new."). */
  skipped: { cardId: string; reason: string }[];
}

/**
 * The same action on many cards in one transaction: each card gets its own journal entry (undo
 * takes them back one by one, newest first); a card it does not apply to is skipped with the
 * reason rather than failing the rest.
 */
export async function bulkCardAction(db: Db, userId: string, cardIds: string[], action: CardAction, now: Date, days?: number): Promise<BulkResult> {
  if (cardIds.length > MAX_BULK_CARDS) throw new ReviewError("invalid", `At most ${MAX_BULK_CARDS} cards at a time.`);
  const sqlite = sqliteOf(db);
  return writeTransaction(sqlite, () => {
    const result: BulkResult = { done: 0, skipped: [] };
    for (const cardId of new Set(cardIds)) {
      try {
        applyCardAction(sqlite, userId, cardId, action, now, days);
        result.done++;
      } catch (error) {
        if (!(error instanceof ReviewError)) throw error;
        result.skipped.push({ cardId, reason: error.message });
      }
    }
    return result;
  });
}

/** Hide a card until the next study day. */
export async function buryCard(db: Db, userId: string, cardId: string, now: Date): Promise<void> {
  await cardAction(db, userId, cardId, "bury", now);
}

/** Bring a buried card back today. */
export async function unburyCard(db: Db, userId: string, cardId: string, now: Date): Promise<void> {
  await cardAction(db, userId, cardId, "unbury", now);
}

export async function suspendCard(db: Db, userId: string, cardId: string, now: Date, suspended = true): Promise<void> {
  await cardAction(db, userId, cardId, suspended ? "suspend" : "unsuspend", now);
}

/** Reset a card to new (its history stays; a manual log entry records the reset). Undoable. */
export async function forgetCard(db: Db, userId: string, cardId: string, now: Date): Promise<void> {
  await cardAction(db, userId, cardId, "forget", now);
}

/** Make a started card due at the start of the study day `days` from today (learner's zone). Undoable. */
export async function setDueDate(db: Db, userId: string, cardId: string, days: number, now: Date): Promise<void> {
  await cardAction(db, userId, cardId, "set-due", now, days);
}

/** What undo would undo now, or null. */
export async function getUndoLabel(db: Db, userId: string): Promise<string | null> {
  const sqlite = sqliteOf(db);
  const last = await readTransaction(sqlite, () => lastAction(sqlite, userId));
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
export async function getCardStudyInfo(db: Db, userId: string, cardId: string, now: Date): Promise<CardStudyInfo> {
  const sqlite = sqliteOf(db);
  return readTransaction(sqlite, () => {
    const deckPath = activeCardDeck(sqlite, cardId);
    const learner = readSettings(sqlite, userId);
    const settings = deckPath ? settingsForDeck(learner, deckPath) : learner.settings;
    const state = findState(sqlite, userId, cardId);
    const last = lastAction(sqlite, userId);
    return {
      state,
      retrievability: state ? retrievability(toSrs(state), now, settings) : null,
      history: logsForCard(sqlite, userId, cardId).map((l) => ({ ...l, rating: ratingName(l.rating) })),
      timeZone: learner.timeZone,
      // Undo takes back the newest action of any card: offered here only when that is this card's.
      undoLabel: last && last.cardId === cardId ? actionLabel(last) : null,
    };
  });
}

export interface LeechRow {
  cardId: string;
  question: string;
  deckPath: string;
  lapses: number;
  suspended: boolean;
}

export async function listLeeches(db: Db, userId: string): Promise<LeechRow[]> {
  const rows = await db.cardState.findMany({
    where: { userId, leech: true, card: { retiredAt: null } },
    select: { cardId: true, lapses: true, suspended: true, card: { select: { question: true, deck: { select: { path: true } } } } },
    orderBy: { lapses: "desc" },
  });
  return rows.map((r) => ({ cardId: r.cardId, question: r.card.question, deckPath: r.card.deck.path, lapses: r.lapses, suspended: r.suspended }));
}

/** For authors: cards that are leeches for some learners, with how many (no learner is named). */
export async function listLeechCardsForAuthors(db: Db): Promise<{ cardId: string; question: string; deckPath: string; learners: number }[]> {
  const groups = await db.cardState.groupBy({ by: ["cardId"], where: { leech: true, card: { retiredAt: null } }, _count: { _all: true } });
  if (!groups.length) return [];
  const cards = await db.card.findMany({ where: { id: { in: groups.map((g) => g.cardId) } }, select: { id: true, question: true, deck: { select: { path: true } } } });
  const byId = new Map(cards.map((c) => [c.id, c]));
  return groups
    .map((g) => ({ cardId: g.cardId, question: byId.get(g.cardId)!.question, deckPath: byId.get(g.cardId)!.deck.path, learners: g._count._all }))
    .sort((a, b) => b.learners - a.learners);
}

export interface HomeStats {
  decks: { id: string; path: string; name: string; depth: number; due: number; new: number }[];
  streak: number;
  doneToday: number;
  dueTotal: number;
  newTotal: number;
}

/** Due and new cards per deck (sub-decks included), today's count and the streak of study days. */
export async function getHomeStats(db: Db, userId: string, now: Date): Promise<HomeStats> {
  const sqlite = sqliteOf(db);
  const { ctx, due, fresh, today, days } = await readTransaction(sqlite, () => {
    const ctx = dayContext(sqlite, userId, now, null);
    return {
      ctx,
      due: dueCountsByDeck(sqlite, userId, now, ctx.end),
      fresh: newCountsByDeck(sqlite, userId, now),
      today: answeredToday(sqlite, userId, ctx.start),
      days: streak(sqlite, userId, ctx),
    };
  });
  const decks = await db.deck.findMany({ orderBy: { path: "asc" }, select: { id: true, path: true, name: true, depth: true } });
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

/** Consecutive study days with at least one review, ending today (or yesterday, if not yet today). */
function streak(sqlite: Sqlite, userId: string, ctx: DayContext): number {
  // Study days are 23-25 h long around DST changes: the previous day's start is found from its middle.
  const previousStart = (start: Date) => dayStart(new Date(start.getTime() - 12 * 3600_000), ctx.timeZone, ctx.settings.dayRolloverHour);
  let end = ctx.end;
  let start = ctx.start;
  if (!studiedBetween(sqlite, userId, start, end)) {
    end = start;
    start = previousStart(start);
  }
  let days = 0;
  while (days < 3650 && studiedBetween(sqlite, userId, start, end)) {
    days++;
    end = start;
    start = previousStart(start);
  }
  return days;
}
