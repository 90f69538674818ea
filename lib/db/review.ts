/**
 * The daily review loop on the database: the plans of lib/srs/loop.ts (what to show next,
 * grading, undo, card actions, a card's study info, the home page) run in one transaction each,
 * on SQLite or PostgreSQL (lib/db/store.ts), with the storage of lib/db/review-store.ts. Every
 * function takes the signed-in user's id and touches only that user's rows.
 */
import type { Db } from "./client";
import type { GradeRequest, NextResponse } from "@/lib/review/contract";
import { ReviewError } from "@/lib/srs/actions";
import * as loop from "@/lib/srs/loop";
import type { BulkResult, CardAction, CardStudyInfo, GradeResult, HomeStats, NextOptions } from "@/lib/srs/loop";
import { reviewStore } from "./review-store";
import { readOp, writeOp } from "./store";

export { ReviewError };
export { MAX_BULK_CARDS } from "@/lib/srs/loop";
export type { BulkResult, CardAction, CardHistoryEntry, CardStudyInfo, GradeResult, HomeStats, NextOptions } from "@/lib/srs/loop";

/**
 * The queue over every deck plans its statements once per connection on PostgreSQL; within a deck,
 * or in a custom study session, each run is planned for its parameters (lib/db/postgres.ts, PgPlans).
 */
export const queuePlans = (opts: NextOptions) => ({ genericPlans: !opts.deckId && !opts.custom });

/** The queue for a learner right now (optionally within one deck and its sub-decks), from one snapshot. */
export function getNext(db: Db, userId: string, opts: NextOptions): Promise<NextResponse> {
  return readOp(db, loop.nextCard(reviewStore, userId, opts), queuePlans(opts));
}

/**
 * The next card after an action that is already recorded. A deck that vanished meanwhile (an
 * ingest removed it) is not an error then: the queue falls back to every deck, so the screen does
 * not say "refused" for a grade that was saved.
 */
export function getNextAfterAction(db: Db, userId: string, opts: NextOptions): Promise<NextResponse> {
  return readOp(db, loop.nextAfterAction(reviewStore, userId, opts), queuePlans(opts));
}

/** Record one grade and read the card after it, in one transaction (see loop.gradeAndNext). */
export function gradeAndNext(db: Db, userId: string, input: GradeRequest, opts: NextOptions & { now: Date }): Promise<{ result: GradeResult; next: NextResponse }> {
  return writeOp(db, userId, loop.gradeAndNext(reviewStore, userId, input, opts.now, opts), queuePlans(opts));
}

/** Record one grade, in one transaction (idempotent by reviewId, refused when stale). */
export function gradeCard(db: Db, userId: string, input: GradeRequest, now: Date): Promise<GradeResult> {
  return writeOp(db, userId, loop.grade(reviewStore, userId, input, now));
}

/** Undo the learner's most recent action, whatever it was; returns what was undone. */
export function undoLast(db: Db, userId: string): Promise<{ cardId: string; label: string } | null> {
  return writeOp(db, userId, loop.undo(reviewStore, userId));
}

/** One card action in its own transaction; a ReviewError says why it cannot be done. */
export async function cardAction(db: Db, userId: string, cardId: string, action: CardAction, now: Date, days?: number): Promise<void> {
  await writeOp(db, userId, loop.cardAction(reviewStore, userId, cardId, action, now, days));
}

/** The same action on many cards, in one transaction; cards it does not apply to are skipped with the reason. */
export function bulkCardAction(db: Db, userId: string, cardIds: string[], action: CardAction, now: Date, days?: number): Promise<BulkResult> {
  return writeOp(db, userId, loop.bulkCardAction(reviewStore, userId, cardIds, action, now, days));
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
export function getUndoLabel(db: Db, userId: string): Promise<string | null> {
  return readOp(db, loop.undoLabel(reviewStore, userId));
}

/** What one learner knows of one card: its state, recall now, every answer and manual entry, newest first. */
export function getCardStudyInfo(db: Db, userId: string, cardId: string, now: Date): Promise<CardStudyInfo> {
  return readOp(db, loop.cardStudyInfo(reviewStore, userId, cardId, now));
}

/** Due and new cards per deck (sub-decks included), today's count and the streak of study days. */
export function getHomeStats(db: Db, userId: string, now: Date): Promise<HomeStats> {
  return readOp(db, loop.homeStats(reviewStore, userId, now));
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
