import type { LearnerCardState, ReviewActionEntry } from "@/lib/srs/actions";
import { fromSqlBool, fromSqlDate, fromSqlDateOrNull, sqlBool, sqlDate, sqlDateOrNull, stmt, type Sqlite } from "./sqlite";

/**
 * The review loop's queries, in plain SQL on the connection under Prisma (lib/db/sqlite.ts),
 * synchronous, each statement prepared once. Joins rather than `IN (SELECT ...)`: Prisma's
 * relation filters became `cardId IN (SELECT id FROM Card WHERE ...)`, which SQLite materialises
 * for the whole card table (~170 ms at 100k cards); a join walks the (userId, state, due) index and
 * looks each card up by key. Standard SQL (quoted identifiers, JOIN, EXISTS, LIMIT) but for
 * lists, which use SQLite's json_each.
 */

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

type Row = Record<string, unknown>;

/**
 * Lists travel as one JSON parameter (`IN (SELECT value FROM json_each(?))`), so a statement's
 * text, and its cached preparation, does not depend on the list's length.
 */
const IN_LIST = `IN (SELECT value FROM json_each(?))`;

/** ` AND c."deckId" IN (...)` for a deck scope, or nothing; deckArgs is its parameter. */
const deckFilter = (deckIds: string[] | null) => (deckIds ? ` AND c."deckId" ${IN_LIST}` : "");
const deckArgs = (deckIds: string[] | null) => (deckIds ? [JSON.stringify(deckIds)] : []);

const EPOCH = sqlDate(new Date(0));

const NOT_BURIED = `(s."buriedUntil" IS NULL OR s."buriedUntil" <= ?)`;

const toCandidate = (r: Row): StateCandidate => ({
  cardId: r.cardId as string,
  due: fromSqlDate(r.due),
  state: Number(r.state),
  groupKey: (r.groupKey as string | null) ?? null,
  position: Number(r.position),
});

/** Learning and relearning cards (all of them: the queue needs the next one due later today too). */
export function learningCandidates(sqlite: Sqlite, userId: string, now: Date, deckIds: string[] | null): StateCandidate[] {
  const rows = stmt(
    sqlite,
    `SELECT s."cardId" AS "cardId", s."due" AS "due", s."state" AS "state", c."groupKey" AS "groupKey", c."position" AS "position"
     FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
     WHERE s."userId" = ? AND s."state" IN (1, 3) AND s."suspended" = 0 AND ${NOT_BURIED}
       AND c."retiredAt" IS NULL${deckFilter(deckIds)}
     ORDER BY s."due" ASC`,
  ).all(userId, sqlDate(now), ...deckArgs(deckIds)) as Row[];
  return rows.map(toCandidate);
}

/** Review cards due before `before`, most overdue first, at most `limit`. */
export function reviewCandidates(sqlite: Sqlite, userId: string, now: Date, before: Date, deckIds: string[] | null, limit: number): StateCandidate[] {
  if (limit <= 0) return [];
  const rows = stmt(
    sqlite,
    `SELECT s."cardId" AS "cardId", s."due" AS "due", s."state" AS "state", c."groupKey" AS "groupKey", c."position" AS "position"
     FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
     WHERE s."userId" = ? AND s."state" = 2 AND s."due" < ? AND s."suspended" = 0 AND ${NOT_BURIED}
       AND c."retiredAt" IS NULL${deckFilter(deckIds)}
     ORDER BY s."due" ASC
     LIMIT ?`,
  ).all(userId, sqlDate(before), sqlDate(now), ...deckArgs(deckIds), limit) as Row[];
  return rows.map(toCandidate);
}

/**
 * How many review cards are due before `before`, counting stops at `cap`. Without a deck scope
 * it reads only the CardState index (the flags are in it), then takes off the due cards that are
 * retired, found from the few retired cards; a deck scope needs each card's deck, so it joins.
 */
export function countReviewsDue(sqlite: Sqlite, userId: string, now: Date, before: Date, deckIds: string[] | null, cap: number): number {
  if (cap <= 0) return 0;
  const due = `s."userId" = ? AND s."state" = 2 AND s."due" < ? AND s."suspended" = 0 AND ${NOT_BURIED}`;
  const args = [userId, sqlDate(before), sqlDate(now)];
  if (deckIds) {
    const row = stmt(
      sqlite,
      `SELECT COUNT(*) AS "n" FROM (
         SELECT 1 FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
         WHERE ${due} AND c."retiredAt" IS NULL${deckFilter(deckIds)}
         LIMIT ?) t`,
    ).get(...args, ...deckArgs(deckIds), cap) as Row;
    return Number(row.n);
  }
  const retired = Number(
    // Walk the retired cards (few) rather than the due states (many): CROSS JOIN keeps this join
    // order in SQLite, and "retired after 1970" lets it range over the (retiredAt, position) index
    // where IS NOT NULL would make it scan the table.
    (stmt(sqlite, `SELECT COUNT(*) AS "n" FROM "Card" c CROSS JOIN "CardState" s WHERE c."retiredAt" > ? AND s."cardId" = c."id" AND ${due}`).get(EPOCH, ...args) as Row).n,
  );
  const all = Number((stmt(sqlite, `SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "CardState" s WHERE ${due} LIMIT ?) t`).get(...args, cap + retired) as Row).n);
  return Math.min(cap, all - retired);
}

/**
 * The condition for a card the learner has not started: no state row, or a state row that is
 * still new (state 0, left by bury or suspend) and no longer suspended or buried.
 * Parameters: userId, now.
 */
const IS_NEW_FOR = `NOT EXISTS (
  SELECT 1 FROM "CardState" s WHERE s."userId" = ? AND s."cardId" = c."id"
    AND NOT (s."state" = 0 AND s."suspended" = 0 AND ${NOT_BURIED}))`;

/** New cards in source order. */
export function newCandidates(sqlite: Sqlite, userId: string, now: Date, deckIds: string[] | null, limit: number): NewCandidate[] {
  if (limit <= 0) return [];
  const rows = stmt(
    sqlite,
    `SELECT c."id" AS "id", c."groupKey" AS "groupKey", c."position" AS "position"
     FROM "Card" c
     WHERE c."retiredAt" IS NULL${deckFilter(deckIds)} AND ${IS_NEW_FOR}
     ORDER BY c."position" ASC
     LIMIT ?`,
  ).all(...deckArgs(deckIds), userId, sqlDate(now), limit) as Row[];
  return rows.map((r) => ({ id: r.id as string, groupKey: (r.groupKey as string | null) ?? null, position: Number(r.position) }));
}

/**
 * New cards per deck, for the home page (every deck, uncapped): the active cards of each deck
 * (from the (deckId, retiredAt) index alone) less the learner's cards there that are not new,
 * rather than asking of every card whether the learner has started it.
 */
export function newCountsByDeck(sqlite: Sqlite, userId: string, now: Date): Map<string, number> {
  const active = stmt(
    sqlite,
    // INDEXED BY: without statistics SQLite would pick the (retiredAt, position) index and read every row.
    `SELECT c."deckId" AS "deckId", COUNT(*) AS "n" FROM "Card" c INDEXED BY "Card_deckId_retiredAt_idx"
     WHERE c."retiredAt" IS NULL GROUP BY c."deckId"`,
  ).all() as Row[];
  const started = stmt(
    sqlite,
    `SELECT c."deckId" AS "deckId", COUNT(*) AS "n"
     FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
     WHERE s."userId" = ? AND c."retiredAt" IS NULL AND NOT (s."state" = 0 AND s."suspended" = 0 AND ${NOT_BURIED})
     GROUP BY c."deckId"`,
  ).all(userId, sqlDate(now)) as Row[];
  const out = new Map(active.map((r) => [r.deckId as string, Number(r.n)]));
  for (const r of started) out.set(r.deckId as string, (out.get(r.deckId as string) ?? 0) - Number(r.n));
  return out;
}

/** Whether the learner answered any card in [start, end) (study days, for the streak). */
export function studiedBetween(sqlite: Sqlite, userId: string, start: Date, end: Date): boolean {
  return (
    stmt(sqlite, `SELECT 1 AS "x" FROM "ReviewLog" WHERE "userId" = ? AND "review" >= ? AND "review" < ? AND "kind" = 'review' LIMIT 1`).get(
      userId,
      sqlDate(start),
      sqlDate(end),
    ) !== undefined
  );
}

/** Learning cards and reviews due before `before`, per deck, for the home page. */
export function dueCountsByDeck(sqlite: Sqlite, userId: string, now: Date, before: Date): Map<string, number> {
  const rows = stmt(
    sqlite,
    `SELECT c."deckId" AS "deckId", COUNT(*) AS "n"
     FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
     WHERE s."userId" = ? AND s."state" IN (1, 2, 3) AND s."due" < ? AND s."suspended" = 0 AND ${NOT_BURIED}
       AND c."retiredAt" IS NULL
     GROUP BY c."deckId"`,
  ).all(userId, sqlDate(before), sqlDate(now)) as Row[];
  return new Map(rows.map((r) => [r.deckId as string, Number(r.n)]));
}

export interface TodaySummary {
  /** Answers today of cards that were new, and of cards in review (the daily limits count these). */
  newCount: number;
  reviewCount: number;
  total: number;
}

/** What the learner has answered since `since` (the start of the study day), from the index alone. */
export function answeredToday(sqlite: Sqlite, userId: string, since: Date): TodaySummary {
  const r = stmt(
    sqlite,
    `SELECT COUNT(*) AS "total", COALESCE(SUM(CASE WHEN l."state" = 0 THEN 1 ELSE 0 END), 0) AS "newCount",
            COALESCE(SUM(CASE WHEN l."state" = 2 THEN 1 ELSE 0 END), 0) AS "reviewCount"
     FROM "ReviewLog" l WHERE l."userId" = ? AND l."review" >= ? AND l."kind" = 'review'`,
  ).get(userId, sqlDate(since)) as Row;
  return { total: Number(r.total), newCount: Number(r.newCount), reviewCount: Number(r.reviewCount) };
}

/**
 * Which of these sibling groups have a card the learner answered since `since`: a card's
 * lastReview is the time of its latest answer (undo restores the previous one), so this asks the
 * few candidate groups instead of joining every answer of the day to its card.
 */
export function groupsAnsweredSince(sqlite: Sqlite, userId: string, groupKeys: string[], since: Date): Set<string> {
  if (!groupKeys.length) return new Set();
  const rows = stmt(
    sqlite,
    // CROSS JOIN keeps SQLite on the groupKey index first (it would otherwise walk all the learner's states).
    `SELECT DISTINCT c."groupKey" AS "groupKey"
     FROM "Card" c CROSS JOIN "CardState" s
     WHERE c."groupKey" ${IN_LIST} AND s."userId" = ? AND s."cardId" = c."id" AND s."lastReview" >= ?`,
  ).all(JSON.stringify(groupKeys), userId, sqlDate(since)) as Row[];
  return new Set(rows.map((r) => r.groupKey as string));
}

// ---- the grade path and the card shown: point reads and writes by key ------------------------

/** A learner's stored state for one card, in CardState's column names. */
/** A learner's state row for one card (the rules' type, lib/srs/actions.ts). */
export type StateRow = LearnerCardState;

export function findState(sqlite: Sqlite, userId: string, cardId: string): StateRow | null {
  const r = stmt(
    sqlite,
    `SELECT "cardId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses",
            "state", "lastReview", "suspended", "buriedUntil", "leech", "updatedAt"
     FROM "CardState" WHERE "userId" = ? AND "cardId" = ?`,
  ).get(userId, cardId) as Row | undefined;
  if (!r) return null;
  return {
    cardId: r.cardId as string,
    due: fromSqlDate(r.due),
    stability: Number(r.stability),
    difficulty: Number(r.difficulty),
    elapsedDays: Number(r.elapsedDays),
    scheduledDays: Number(r.scheduledDays),
    learningSteps: Number(r.learningSteps),
    reps: Number(r.reps),
    lapses: Number(r.lapses),
    state: Number(r.state),
    lastReview: fromSqlDateOrNull(r.lastReview),
    suspended: fromSqlBool(r.suspended),
    buriedUntil: fromSqlDateOrNull(r.buriedUntil),
    leech: fromSqlBool(r.leech),
    updatedAt: fromSqlDate(r.updatedAt),
  };
}

/** Insert or replace a learner's state for one card (standard ON CONFLICT upsert). */
export function upsertState(sqlite: Sqlite, userId: string, s: StateRow): void {
  stmt(
    sqlite,
    `INSERT INTO "CardState" ("userId", "cardId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps",
                              "reps", "lapses", "state", "lastReview", "suspended", "buriedUntil", "leech", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("userId", "cardId") DO UPDATE SET
       "due" = excluded."due", "stability" = excluded."stability", "difficulty" = excluded."difficulty",
       "elapsedDays" = excluded."elapsedDays", "scheduledDays" = excluded."scheduledDays", "learningSteps" = excluded."learningSteps",
       "reps" = excluded."reps", "lapses" = excluded."lapses", "state" = excluded."state", "lastReview" = excluded."lastReview",
       "suspended" = excluded."suspended", "buriedUntil" = excluded."buriedUntil", "leech" = excluded."leech", "updatedAt" = excluded."updatedAt"`,
  ).run(
    userId, s.cardId, sqlDate(s.due), s.stability, s.difficulty, s.elapsedDays, s.scheduledDays, s.learningSteps,
    s.reps, s.lapses, s.state, sqlDateOrNull(s.lastReview), sqlBool(s.suspended), sqlDateOrNull(s.buriedUntil), sqlBool(s.leech), sqlDate(s.updatedAt),
  );
}

/** Set bury / suspend flags on a learner's card, creating a new-card state row if there is none. */
export function setStateFlags(sqlite: Sqlite, userId: string, fresh: StateRow, flags: { suspended?: boolean; buriedUntil?: Date | null }): void {
  const existing = findState(sqlite, userId, fresh.cardId);
  upsertState(sqlite, userId, { ...(existing ?? fresh), ...flags });
}

export function deleteState(sqlite: Sqlite, userId: string, cardId: string): void {
  stmt(sqlite, `DELETE FROM "CardState" WHERE "userId" = ? AND "cardId" = ?`).run(userId, cardId);
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

export function insertLog(sqlite: Sqlite, l: LogRow, kind: LogKind = "review"): void {
  stmt(
    sqlite,
    `INSERT INTO "ReviewLog" ("id", "userId", "cardId", "rating", "state", "due", "previousDue", "stability", "difficulty",
                              "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "review", "durationMs", "kind")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    l.id, l.userId, l.cardId, l.rating, l.state, sqlDate(l.due), sqlDate(l.previousDue), l.stability, l.difficulty,
    l.elapsedDays, l.lastElapsedDays, l.scheduledDays, l.learningSteps, sqlDate(l.review), l.durationMs, kind,
  );
}

/** The learner's most recent grade (what undo takes back), or null. */
export function lastReviewLog(sqlite: Sqlite, userId: string): LogRow | null {
  const r = stmt(
    sqlite,
    `SELECT "id", "userId", "cardId", "rating", "state", "due", "previousDue", "stability", "difficulty", "elapsedDays",
            "lastElapsedDays", "scheduledDays", "learningSteps", "review", "durationMs"
     FROM "ReviewLog" WHERE "userId" = ? AND "kind" = 'review' ORDER BY "review" DESC, "id" DESC LIMIT 1`,
  ).get(userId) as Row | undefined;
  if (!r) return null;
  return {
    id: r.id as string,
    userId: r.userId as string,
    cardId: r.cardId as string,
    rating: Number(r.rating),
    state: Number(r.state),
    due: fromSqlDate(r.due),
    previousDue: fromSqlDate(r.previousDue),
    stability: Number(r.stability),
    difficulty: Number(r.difficulty),
    elapsedDays: Number(r.elapsedDays),
    lastElapsedDays: Number(r.lastElapsedDays),
    scheduledDays: Number(r.scheduledDays),
    learningSteps: Number(r.learningSteps),
    review: fromSqlDate(r.review),
    durationMs: Number(r.durationMs),
  };
}

/** One learner's log entries for one card, newest first (the card page's history). */
export function logsForCard(
  sqlite: Sqlite,
  userId: string,
  cardId: string,
): { id: string; review: Date; rating: number; kind: string; state: number; elapsedDays: number; stability: number; difficulty: number; durationMs: number }[] {
  const rows = stmt(
    sqlite,
    `SELECT "id", "review", "rating", "kind", "state", "elapsedDays", "stability", "difficulty", "durationMs"
     FROM "ReviewLog" WHERE "userId" = ? AND "cardId" = ? ORDER BY "review" DESC, "id" DESC LIMIT 1000`,
  ).all(userId, cardId) as Row[];
  return rows.map((r) => ({
    id: String(r.id),
    review: fromSqlDate(r.review),
    rating: Number(r.rating),
    kind: String(r.kind),
    state: Number(r.state),
    elapsedDays: Number(r.elapsedDays),
    stability: Number(r.stability),
    difficulty: Number(r.difficulty),
    durationMs: Number(r.durationMs),
  }));
}

export function hasReviewLog(sqlite: Sqlite, userId: string): boolean {
  return stmt(sqlite, `SELECT 1 AS "x" FROM "ReviewLog" WHERE "userId" = ? AND "kind" = 'review' LIMIT 1`).get(userId) !== undefined;
}

export function deleteLog(sqlite: Sqlite, id: string): void {
  stmt(sqlite, `DELETE FROM "ReviewLog" WHERE "id" = ?`).run(id);
}

export function findLogOwner(sqlite: Sqlite, id: string): { userId: string; cardId: string } | null {
  return (stmt(sqlite, `SELECT "userId", "cardId" FROM "ReviewLog" WHERE "id" = ?`).get(id) as { userId: string; cardId: string } | undefined) ?? null;
}

/** An active card's deck path, or null when the card does not exist or is retired. */
export function activeCardDeck(sqlite: Sqlite, cardId: string): string | null {
  const r = stmt(
    sqlite,
    `SELECT d."path" AS "path" FROM "Card" c JOIN "Deck" d ON d."id" = c."deckId" WHERE c."id" = ? AND c."retiredAt" IS NULL`,
  ).get(cardId) as { path: string } | undefined;
  return r?.path ?? null;
}

export interface CardForReview {
  id: string;
  deckPath: string;
  questionHtml: string;
  answerHtml: string | null;
  contextHtml: string | null;
  alternatives: string;
  widgets: string;
  sources: { file: string; line: number }[];
}

export function cardForReview(sqlite: Sqlite, cardId: string): CardForReview {
  const c = stmt(
    sqlite,
    `SELECT c."id" AS "id", d."path" AS "deckPath", c."questionHtml" AS "questionHtml", c."answerHtml" AS "answerHtml",
            c."contextHtml" AS "contextHtml", c."alternatives" AS "alternatives", c."widgets" AS "widgets"
     FROM "Card" c JOIN "Deck" d ON d."id" = c."deckId" WHERE c."id" = ?`,
  ).get(cardId) as Omit<CardForReview, "sources"> | undefined;
  if (!c) throw new Error(`card ${cardId} vanished`);
  const sources = stmt(sqlite, `SELECT "file", "line" FROM "CardSource" WHERE "cardId" = ? ORDER BY "position" ASC`).all(cardId) as Row[];
  return { ...c, sources: sources.map((s) => ({ file: s.file as string, line: Number(s.line) })) };
}

/** Whether a card exists and is not retired. */
export function isActiveCard(sqlite: Sqlite, cardId: string): boolean {
  return stmt(sqlite, `SELECT 1 AS "x" FROM "Card" WHERE "id" = ? AND "retiredAt" IS NULL`).get(cardId) !== undefined;
}

/** A deck's path, or null when there is no such deck. */
export function deckPath(sqlite: Sqlite, deckId: string): string | null {
  const r = stmt(sqlite, `SELECT "path" FROM "Deck" WHERE "id" = ?`).get(deckId) as { path: string } | undefined;
  return r?.path ?? null;
}

/** A deck and all its sub-decks (paths below it), by id. */
export function deckAndDescendants(sqlite: Sqlite, deckId: string, path: string): string[] {
  const rows = stmt(sqlite, `SELECT "id" FROM "Deck" WHERE "id" = ? OR substr("path", 1, ?) = ?`).all(deckId, path.length + 3, path + " / ") as Row[];
  return rows.map((r) => r.id as string);
}

/** The learner's settings JSON, time zone and deck overrides. */
export function learnerRow(sqlite: Sqlite, userId: string): { settings: string; timeZone: string; overrides: { deckId: string; deckPath: string; settings: string }[] } {
  const u = stmt(sqlite, `SELECT "settings", "timeZone" FROM "User" WHERE "id" = ?`).get(userId) as { settings: string; timeZone: string } | undefined;
  if (!u) throw new Error("No such user.");
  const overrides = stmt(
    sqlite,
    `SELECT s."deckId" AS "deckId", d."path" AS "deckPath", s."settings" AS "settings"
     FROM "DeckSettings" s JOIN "Deck" d ON d."id" = s."deckId" WHERE s."userId" = ?`,
  ).all(userId) as { deckId: string; deckPath: string; settings: string }[];
  return { ...u, overrides };
}

/** The signed-in user's account row, or null (a deleted account's session stops working). */
export function userById(sqlite: Sqlite, id: string): { id: string; email: string; name: string; role: string } | null {
  return (stmt(sqlite, `SELECT "id", "email", "name", "role" FROM "User" WHERE "id" = ?`).get(id) as { id: string; email: string; name: string; role: string } | undefined) ?? null;
}

// ---- the undo journal (lib/srs/actions.ts decides; these only store) ---------------------------

/** A state row as the journal's JSON: dates as ISO text. */
export function encodeState(s: StateRow | null): string | null {
  return s === null ? null : JSON.stringify(s);
}

export function decodeState(json: string | null): StateRow | null {
  if (json === null) return null;
  const o = JSON.parse(json) as Record<string, unknown>;
  const date = (v: unknown) => new Date(String(v));
  return {
    ...(o as unknown as StateRow),
    due: date(o.due),
    lastReview: o.lastReview === null ? null : date(o.lastReview),
    buriedUntil: o.buriedUntil === null ? null : date(o.buriedUntil),
    updatedAt: date(o.updatedAt),
  };
}

export function insertAction(sqlite: Sqlite, userId: string, e: ReviewActionEntry, at: Date): void {
  stmt(sqlite, `INSERT INTO "ReviewAction" ("userId", "cardId", "kind", "rating", "reviewId", "before", "at") VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
    userId, e.cardId, e.kind, e.rating, e.reviewId, encodeState(e.before), sqlDate(at),
  );
}

/** The learner's newest action, if any. */
export function lastAction(sqlite: Sqlite, userId: string): (ReviewActionEntry & { id: number }) | null {
  const r = stmt(sqlite, `SELECT "id", "kind", "cardId", "rating", "reviewId", "before" FROM "ReviewAction" WHERE "userId" = ? ORDER BY "id" DESC LIMIT 1`).get(userId) as Row | undefined;
  if (!r) return null;
  return { id: Number(r.id), kind: r.kind as ReviewActionEntry["kind"], cardId: String(r.cardId), rating: r.rating === null ? null : Number(r.rating), reviewId: r.reviewId === null ? null : String(r.reviewId), before: decodeState(r.before as string | null) };
}

export function deleteAction(sqlite: Sqlite, id: number): void {
  stmt(sqlite, `DELETE FROM "ReviewAction" WHERE "id" = ?`).run(id);
}
