/**
 * The daily review loop against the database: what to show next, grading (idempotent, refused
 * when stale), undo, bury, suspend, leeches and the home page's numbers. Scheduling itself is
 * lib/srs (pure, ts-fsrs); this file loads state, calls it with `now`, and writes the result.
 * Every function takes the signed-in user's id and touches only that user's rows.
 */
import type { Db } from "./client";
import {
  answer,
  buildQueue,
  dayStart,
  leechCheck,
  newCardState,
  nextDayStart,
  preview,
  undo as undoAnswer,
  type QueueCard,
  type SrsCard,
  type SrsGrade,
  type SrsLog,
  type SrsSettings,
} from "@/lib/srs";
import type { GradeRequest, NextResponse, ReviewCardView } from "@/lib/review/contract";
import { deckAndDescendantIds } from "./decks";
import { getSettings, settingsForDeck, type LearnerSettings } from "./settings";
import {
  activeCardDeck,
  answeredToday,
  cardForReview,
  dueCountsByDeck,
  findLogOwner,
  findState,
  insertLog,
  upsertState,
  learningCandidates,
  newCandidates,
  newCountsByDeck,
  reviewCandidates,
  type StateRow,
} from "./review-queries";

/** Why a request could not be carried out; route handlers map it to 4xx. */
export class ReviewError extends Error {
  constructor(
    public readonly code: "stale" | "not-found" | "invalid" | "conflict",
    message: string,
  ) {
    super(message);
  }
}

/** Anki caps the time recorded for one answer; so do we (ms). */
const MAX_ANSWER_MS = 10 * 60_000;
/** Extra candidates fetched beyond the limits, so burying siblings does not starve the queue. */
const CANDIDATE_SLACK = 40;

const toSrs = (s: StateRow): SrsCard => ({
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
  lastReview: c.last_review,
});

interface DayContext {
  learner: LearnerSettings;
  timeZone: string;
  settings: SrsSettings;
  start: Date;
  end: Date;
}

async function dayContext(db: Db, userId: string, now: Date, deckPath: string | null): Promise<DayContext> {
  const learner = await getSettings(db, userId);
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

async function deckScope(db: Db, deckId: string | undefined): Promise<{ ids: string[] | null; path: string | null }> {
  if (!deckId) return { ids: null, path: null };
  const deck = await db.deck.findUnique({ where: { id: deckId }, select: { path: true } });
  if (!deck) throw new ReviewError("not-found", "No such deck.");
  return { ids: await deckAndDescendantIds(db, deckId), path: deck.path };
}

/** The queue for a learner right now (optionally within one deck and its sub-decks). */
export async function getNext(db: Db, userId: string, opts: { deckId?: string; now: Date; preferCardId?: string }): Promise<NextResponse> {
  const { now } = opts;
  const scope = await deckScope(db, opts.deckId);
  const ctx = await dayContext(db, userId, now, scope.path);
  const todayLogs = await answeredToday(db, userId, ctx.start);
  const doneToday = { newCount: 0, reviewCount: 0 };
  const groupsAnsweredToday = new Set<string>();
  for (const l of todayLogs) {
    if (l.state === 0) doneToday.newCount++;
    else if (l.state === 2) doneToday.reviewCount++;
    if (l.groupKey) groupsAnsweredToday.add(l.groupKey);
  }
  const reviewRoom = Math.max(0, ctx.settings.maxReviewsPerDay - doneToday.reviewCount);
  const newRoom = Math.max(0, ctx.settings.newPerDay - doneToday.newCount);

  const [learning, reviews, newCards] = await Promise.all([
    learningCandidates(db, userId, now, scope.ids),
    reviewCandidates(db, userId, now, ctx.end, scope.ids, reviewRoom && reviewRoom + CANDIDATE_SLACK),
    newCandidates(db, userId, now, scope.ids, newRoom && newRoom + CANDIDATE_SLACK),
  ]);
  // The candidate lists run past the day's room (by the slack), so they also give the counts.
  const reviewsDue = Math.min(reviews.length, reviewRoom);
  const newAvailable = Math.min(newCards.length, newRoom);

  // Candidates come pre-filtered (not suspended, not buried); the queue orders, limits and buries siblings.
  const candidates: QueueCard[] = [
    ...[...learning, ...reviews].map((s) => ({ id: s.cardId, state: s.state, due: s.due, groupKey: s.groupKey, suspended: false, buriedUntil: null, position: s.position })),
    ...newCards.map((c) => ({ id: c.id, state: 0, due: now, groupKey: c.groupKey, suspended: false, buriedUntil: null, position: c.position })),
  ];
  const queue = buildQueue({ now, dayStart: ctx.start, nextDayStart: ctx.end, cards: candidates, doneToday, groupsAnsweredToday, settings: ctx.settings });

  const canUndo = todayLogs.length > 0 || (await db.reviewLog.findFirst({ where: { userId, kind: "review" }, select: { id: true } })) !== null;
  // After an undo the restored card comes back first, whatever else is due (as in Anki).
  const preferred = opts.preferCardId && (await isShowable(db, userId, opts.preferCardId, now)) ? opts.preferCardId : undefined;
  const firstId = preferred ?? queue.queue[0];
  return {
    card: firstId ? await cardView(db, userId, firstId, now, ctx.learner) : null,
    counts: {
      // every learning step still to do today, not only those due this minute
      learning: learning.filter((c) => c.due < ctx.end).length,
      review: reviewsDue,
      new: newAvailable,
    },
    doneToday: todayLogs.length,
    nextLearningDue: queue.nextLearningDue?.toISOString() ?? null,
    canUndo,
  };
}

async function isShowable(db: Db, userId: string, cardId: string, now: Date): Promise<boolean> {
  const [card, state] = await Promise.all([
    db.card.findUnique({ where: { id: cardId }, select: { retiredAt: true } }),
    db.cardState.findUnique({ where: { userId_cardId: { userId, cardId } }, select: { suspended: true, buriedUntil: true } }),
  ]);
  return !!card && !card.retiredAt && !state?.suspended && !(state?.buriedUntil && state.buriedUntil > now);
}

async function cardView(db: Db, userId: string, cardId: string, now: Date, learner: LearnerSettings): Promise<ReviewCardView> {
  const [card, state] = await Promise.all([cardForReview(db, cardId), findState(db, userId, cardId)]);
  const settings = settingsForDeck(learner, card.deckPath);
  const srs = state ? toSrs(state) : newCardState(now);
  const p = preview(srs, now, settings, { cardId });
  return {
    id: card.id,
    deckPath: card.deckPath,
    questionHtml: card.questionHtml,
    answerHtml: card.answerHtml,
    contextHtml: card.contextHtml,
    alternatives: (JSON.parse(card.alternatives) as { answerHtml: string; file: string; line: number }[]).map(({ answerHtml, file, line }) => ({ answerHtml, file, line })),
    sources: card.sources,
    widgets: JSON.parse(card.widgets) as string[],
    seen: seenOf(state),
    intervals: { again: p.again.intervalLabel, hard: p.hard.intervalLabel, good: p.good.intervalLabel, easy: p.easy.intervalLabel },
    state: srs.state,
  };
}

/**
 * The version of a learner's card that a grade must be based on: reps and the time of the last
 * grade or undo (bury and suspend do not count). A card never answered is { 0, null }.
 */
function seenOf(state: { reps: number; updatedAt: Date } | null): { reps: number; updatedAt: string | null } {
  return state && state.reps > 0 ? { reps: state.reps, updatedAt: state.updatedAt.toISOString() } : { reps: 0, updatedAt: null };
}

export interface GradeResult {
  duplicate: boolean;
  leech: boolean;
}

/**
 * Record one grade. Inside one transaction: a reviewId already recorded is a no-op (retries,
 * double presses); a card whose state changed since the learner saw it (another tab) is refused
 * as stale; otherwise the new state and its log are written together.
 */
export async function gradeCard(db: Db, userId: string, input: GradeRequest, now: Date): Promise<GradeResult> {
  try {
    return await db.$transaction(async (tx) => {
      const t = tx as unknown as Db;
      const existing = await findLogOwner(t, input.reviewId);
      if (existing) {
        if (existing.userId !== userId || existing.cardId !== input.cardId) throw new ReviewError("conflict", "This review id was already used.");
        return { duplicate: true, leech: false };
      }
      const deckPath = await activeCardDeck(t, input.cardId);
      if (deckPath === null) throw new ReviewError("not-found", "No such card.");
      const state = await findState(t, userId, input.cardId);
      const current = seenOf(state);
      if (current.reps !== input.seenReps || current.updatedAt !== input.seenUpdatedAt) {
        throw new ReviewError("stale", "This card was answered elsewhere since it was shown.");
      }
      if (state?.suspended) throw new ReviewError("stale", "This card is suspended.");

      const settings = settingsForDeck(await getSettings(t, userId), deckPath);
      const before = state ? toSrs(state) : newCardState(now);
      const { card: after, log } = answer(before, now, input.grade as SrsGrade, settings, { cardId: input.cardId });
      const leech = leechCheck(before, after, settings);
      await upsertState(t, userId, {
        cardId: input.cardId,
        ...fromSrs(after),
        suspended: leech ? settings.leechAction === "suspend" : false,
        buriedUntil: null,
        leech: leech || (state?.leech ?? false),
        updatedAt: now,
      });
      await insertLog(t, { id: input.reviewId, userId, cardId: input.cardId, ...logRow(log), durationMs: Math.min(input.durationMs, MAX_ANSWER_MS) });
      return { duplicate: false, leech };
    });
  } catch (error) {
    // Two requests with one reviewId raced past the check: the unique id kept one; this is the other.
    if ((error as { code?: string }).code === "P2002") return { duplicate: true, leech: false };
    throw error;
  }
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
 * Undo the learner's most recent grade (ts-fsrs rollback): the card returns to exactly the state
 * it had, a card that was new becomes new again, and the log entry goes (as in Anki).
 */
export async function undoLast(db: Db, userId: string, now: Date): Promise<{ cardId: string; rating: number } | null> {
  return db.$transaction(async (tx) => {
    const last = await tx.reviewLog.findFirst({ where: { userId, kind: "review" }, orderBy: [{ review: "desc" }, { id: "desc" }] });
    if (!last) return null;
    const state = await tx.cardState.findUnique({ where: { userId_cardId: { userId, cardId: last.cardId } } });
    if (state) {
      const log: SrsLog = {
        rating: last.rating,
        state: last.state,
        due: last.due,
        previous_due: last.previousDue,
        stability: last.stability,
        difficulty: last.difficulty,
        elapsed_days: last.elapsedDays,
        last_elapsed_days: last.lastElapsedDays,
        scheduled_days: last.scheduledDays,
        learning_steps: last.learningSteps,
        review: last.review,
      };
      const restored = undoAnswer(toSrs(state), log);
      if (restored.state === 0 && restored.reps === 0) {
        await tx.cardState.delete({ where: { userId_cardId: { userId, cardId: last.cardId } } });
      } else {
        const learner = await getSettings(tx as unknown as Db, userId);
        const wasLeech = state.leech && restored.lapses < learner.settings.leechThreshold;
        await tx.cardState.update({
          where: { userId_cardId: { userId, cardId: last.cardId } },
          data: { ...fromSrs(restored), updatedAt: now, ...(wasLeech ? { leech: false, suspended: false } : {}) },
        });
      }
    }
    await tx.reviewLog.delete({ where: { id: last.id } });
    return { cardId: last.cardId, rating: last.rating };
  });
}

async function setFlag(db: Db, userId: string, cardId: string, now: Date, data: { suspended?: boolean; buriedUntil?: Date | null }) {
  const card = await db.card.findUnique({ where: { id: cardId }, select: { retiredAt: true } });
  if (!card || card.retiredAt) throw new ReviewError("not-found", "No such card.");
  const fresh = newCardState(now);
  await db.cardState.upsert({
    where: { userId_cardId: { userId, cardId } },
    create: { userId, cardId, ...fromSrs(fresh), updatedAt: now, ...data },
    update: data,
  });
}

/** Hide a card until the next study day. */
export async function buryCard(db: Db, userId: string, cardId: string, now: Date): Promise<void> {
  const ctx = await dayContext(db, userId, now, null);
  await setFlag(db, userId, cardId, now, { buriedUntil: ctx.end });
}

export async function suspendCard(db: Db, userId: string, cardId: string, now: Date, suspended = true): Promise<void> {
  await setFlag(db, userId, cardId, now, { suspended });
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
  const ctx = await dayContext(db, userId, now, null);
  const [decks, due, fresh, doneToday] = await Promise.all([
    db.deck.findMany({ orderBy: { path: "asc" }, select: { id: true, path: true, name: true, depth: true } }),
    dueCountsByDeck(db, userId, now, ctx.end),
    newCountsByDeck(db, userId, now),
    db.reviewLog.count({ where: { userId, review: { gte: ctx.start }, kind: "review" } }),
  ]);
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
  const newDoneToday = await db.reviewLog.count({ where: { userId, review: { gte: ctx.start }, kind: "review", state: 0 } });
  const newRoom = Math.max(0, ctx.settings.newPerDay - newDoneToday);
  for (const r of rows) r.new = Math.min(r.new, newRoom);
  return {
    decks: rows.filter((r) => r.due + r.new > 0),
    streak: await streak(db, userId, ctx),
    doneToday,
    dueTotal: sum(due),
    newTotal: Math.min(sum(fresh), newRoom),
  };
}

/** Consecutive study days with at least one review, ending today (or yesterday, if not yet today). */
async function streak(db: Db, userId: string, ctx: DayContext): Promise<number> {
  // Study days are 23-25 h long around DST changes: the previous day's start is found from its middle.
  const previousStart = (start: Date) => dayStart(new Date(start.getTime() - 12 * 3600_000), ctx.timeZone, ctx.settings.dayRolloverHour);
  const studied = async (start: Date, end: Date) =>
    (await db.reviewLog.findFirst({ where: { userId, kind: "review", review: { gte: start, lt: end } }, select: { id: true } })) !== null;
  let end = ctx.end;
  let start = ctx.start;
  if (!(await studied(start, end))) {
    end = start;
    start = previousStart(start);
  }
  let days = 0;
  while (days < 3650 && (await studied(start, end))) {
    days++;
    end = start;
    start = previousStart(start);
  }
  return days;
}
