import { Prisma } from "@/generated/prisma/client";
import type { Db } from "./client";

/**
 * The review queue's hot queries in plain SQL. Prisma turns a relation filter such as
 * `card: { retiredAt: null }` into `cardId IN (SELECT id FROM Card WHERE ...)`, which SQLite
 * materialises for the whole card table on every request (~170 ms at 100k cards); a join lets it
 * walk the (userId, state, due) index and look each card up by key instead. Standard SQL only
 * (quoted identifiers, JOIN, EXISTS, LIMIT), so PostgreSQL runs it unchanged.
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

const deckFilter = (deckIds: string[] | null) =>
  deckIds ? Prisma.sql`AND c."deckId" IN (${Prisma.join(deckIds)})` : Prisma.empty;

const notBuried = (now: Date) => Prisma.sql`(s."buriedUntil" IS NULL OR s."buriedUntil" <= ${now})`;

const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

/** Learning and relearning cards (all of them: the queue needs the next one due later today too). */
export async function learningCandidates(db: Db, userId: string, now: Date, deckIds: string[] | null): Promise<StateCandidate[]> {
  const rows = await db.$queryRaw<StateCandidate[]>`
    SELECT s."cardId" AS "cardId", s."due" AS "due", s."state" AS "state", c."groupKey" AS "groupKey", c."position" AS "position"
    FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
    WHERE s."userId" = ${userId} AND s."state" IN (1, 3) AND s."suspended" = false AND ${notBuried(now)}
      AND c."retiredAt" IS NULL ${deckFilter(deckIds)}
    ORDER BY s."due" ASC`;
  return rows.map((r) => ({ ...r, due: toDate(r.due), state: Number(r.state), position: Number(r.position) }));
}

/** Review cards due before `before`, most overdue first. */
export async function reviewCandidates(db: Db, userId: string, now: Date, before: Date, deckIds: string[] | null, limit: number): Promise<StateCandidate[]> {
  if (limit <= 0) return [];
  const rows = await db.$queryRaw<StateCandidate[]>`
    SELECT s."cardId" AS "cardId", s."due" AS "due", s."state" AS "state", c."groupKey" AS "groupKey", c."position" AS "position"
    FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
    WHERE s."userId" = ${userId} AND s."state" = 2 AND s."due" < ${before} AND s."suspended" = false AND ${notBuried(now)}
      AND c."retiredAt" IS NULL ${deckFilter(deckIds)}
    ORDER BY s."due" ASC
    LIMIT ${limit}`;
  return rows.map((r) => ({ ...r, due: toDate(r.due), state: Number(r.state), position: Number(r.position) }));
}


/**
 * The condition for a card the learner has not started: no state row, or a state row that is
 * still new (state 0, left by bury or suspend) and no longer suspended or buried.
 */
const isNewFor = (userId: string, now: Date) => Prisma.sql`NOT EXISTS (
  SELECT 1 FROM "CardState" s WHERE s."userId" = ${userId} AND s."cardId" = c."id"
    AND NOT (s."state" = 0 AND s."suspended" = false AND ${notBuried(now)}))`;

/** New cards in source order. */
export async function newCandidates(db: Db, userId: string, now: Date, deckIds: string[] | null, limit: number): Promise<NewCandidate[]> {
  if (limit <= 0) return [];
  const rows = await db.$queryRaw<NewCandidate[]>`
    SELECT c."id" AS "id", c."groupKey" AS "groupKey", c."position" AS "position"
    FROM "Card" c
    WHERE c."retiredAt" IS NULL ${deckFilter(deckIds)} AND ${isNewFor(userId, now)}
    ORDER BY c."position" ASC
    LIMIT ${limit}`;
  return rows.map((r) => ({ ...r, position: Number(r.position) }));
}


/** New cards per deck, for the home page (every deck, uncapped). */
export async function newCountsByDeck(db: Db, userId: string, now: Date): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ deckId: string; n: bigint | number }[]>`
    SELECT c."deckId" AS "deckId", COUNT(*) AS "n" FROM "Card" c
    WHERE c."retiredAt" IS NULL AND ${isNewFor(userId, now)}
    GROUP BY c."deckId"`;
  return new Map(rows.map((r) => [r.deckId, Number(r.n)]));
}

/** Learning cards and reviews due before `before`, per deck, for the home page. */
export async function dueCountsByDeck(db: Db, userId: string, now: Date, before: Date): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ deckId: string; n: bigint | number }[]>`
    SELECT c."deckId" AS "deckId", COUNT(*) AS "n"
    FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
    WHERE s."userId" = ${userId} AND s."state" IN (1, 2, 3) AND s."due" < ${before} AND s."suspended" = false AND ${notBuried(now)}
      AND c."retiredAt" IS NULL
    GROUP BY c."deckId"`;
  return new Map(rows.map((r) => [r.deckId, Number(r.n)]));
}

/** Today's answers: the state each card was in, and its sibling group (for burying). */
export async function answeredToday(db: Db, userId: string, since: Date): Promise<{ state: number; groupKey: string | null }[]> {
  const rows = await db.$queryRaw<{ state: number | bigint; groupKey: string | null }[]>`
    SELECT l."state" AS "state", c."groupKey" AS "groupKey"
    FROM "ReviewLog" l JOIN "Card" c ON c."id" = l."cardId"
    WHERE l."userId" = ${userId} AND l."review" >= ${since} AND l."kind" = 'review'`;
  return rows.map((r) => ({ state: Number(r.state), groupKey: r.groupKey }));
}

// ---- the grade path and the card shown: point reads and writes by key ------------------------

const bool = (v: unknown) => v === true || v === 1 || v === 1n || v === "1";
const dateOrNull = (v: unknown) => (v === null || v === undefined ? null : toDate(v));

/** A learner's stored state for one card, in CardState's column names. */
export interface StateRow {
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
  updatedAt: Date;
}

export async function findState(db: Db, userId: string, cardId: string): Promise<StateRow | null> {
  const [r] = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT "cardId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses",
           "state", "lastReview", "suspended", "buriedUntil", "leech", "updatedAt"
    FROM "CardState" WHERE "userId" = ${userId} AND "cardId" = ${cardId}`;
  if (!r) return null;
  return {
    cardId: String(r.cardId),
    due: toDate(r.due),
    stability: Number(r.stability),
    difficulty: Number(r.difficulty),
    elapsedDays: Number(r.elapsedDays),
    scheduledDays: Number(r.scheduledDays),
    learningSteps: Number(r.learningSteps),
    reps: Number(r.reps),
    lapses: Number(r.lapses),
    state: Number(r.state),
    lastReview: dateOrNull(r.lastReview),
    suspended: bool(r.suspended),
    buriedUntil: dateOrNull(r.buriedUntil),
    leech: bool(r.leech),
    updatedAt: toDate(r.updatedAt),
  };
}

/** Insert or replace a learner's state for one card (standard ON CONFLICT upsert). */
export async function upsertState(db: Db, userId: string, s: Omit<StateRow, "cardId"> & { cardId: string }): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "CardState" ("userId", "cardId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps",
                             "reps", "lapses", "state", "lastReview", "suspended", "buriedUntil", "leech", "updatedAt")
    VALUES (${userId}, ${s.cardId}, ${s.due}, ${s.stability}, ${s.difficulty}, ${s.elapsedDays}, ${s.scheduledDays}, ${s.learningSteps},
            ${s.reps}, ${s.lapses}, ${s.state}, ${s.lastReview}, ${s.suspended}, ${s.buriedUntil}, ${s.leech}, ${s.updatedAt})
    ON CONFLICT ("userId", "cardId") DO UPDATE SET
      "due" = excluded."due", "stability" = excluded."stability", "difficulty" = excluded."difficulty",
      "elapsedDays" = excluded."elapsedDays", "scheduledDays" = excluded."scheduledDays", "learningSteps" = excluded."learningSteps",
      "reps" = excluded."reps", "lapses" = excluded."lapses", "state" = excluded."state", "lastReview" = excluded."lastReview",
      "suspended" = excluded."suspended", "buriedUntil" = excluded."buriedUntil", "leech" = excluded."leech", "updatedAt" = excluded."updatedAt"`;
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

export async function insertLog(db: Db, l: LogRow): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "ReviewLog" ("id", "userId", "cardId", "rating", "state", "due", "previousDue", "stability", "difficulty",
                             "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "review", "durationMs", "kind")
    VALUES (${l.id}, ${l.userId}, ${l.cardId}, ${l.rating}, ${l.state}, ${l.due}, ${l.previousDue}, ${l.stability}, ${l.difficulty},
            ${l.elapsedDays}, ${l.lastElapsedDays}, ${l.scheduledDays}, ${l.learningSteps}, ${l.review}, ${l.durationMs}, 'review')`;
}

export async function findLogOwner(db: Db, id: string): Promise<{ userId: string; cardId: string } | null> {
  const [r] = await db.$queryRaw<{ userId: string; cardId: string }[]>`SELECT "userId", "cardId" FROM "ReviewLog" WHERE "id" = ${id}`;
  return r ?? null;
}

/** An active card's deck path, or null when the card does not exist or is retired. */
export async function activeCardDeck(db: Db, cardId: string): Promise<string | null> {
  const [r] = await db.$queryRaw<{ path: string }[]>`
    SELECT d."path" AS "path" FROM "Card" c JOIN "Deck" d ON d."id" = c."deckId" WHERE c."id" = ${cardId} AND c."retiredAt" IS NULL`;
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

export async function cardForReview(db: Db, cardId: string): Promise<CardForReview> {
  const [[c], sources] = await Promise.all([
    db.$queryRaw<Omit<CardForReview, "sources">[]>`
      SELECT c."id" AS "id", d."path" AS "deckPath", c."questionHtml" AS "questionHtml", c."answerHtml" AS "answerHtml",
             c."contextHtml" AS "contextHtml", c."alternatives" AS "alternatives", c."widgets" AS "widgets"
      FROM "Card" c JOIN "Deck" d ON d."id" = c."deckId" WHERE c."id" = ${cardId}`,
    db.$queryRaw<{ file: string; line: number | bigint }[]>`
      SELECT "file", "line" FROM "CardSource" WHERE "cardId" = ${cardId} ORDER BY "position" ASC`,
  ]);
  if (!c) throw new Error(`card ${cardId} vanished`);
  return { ...c, sources: sources.map((s) => ({ file: s.file, line: Number(s.line) })) };
}

/** The learner's settings JSON, time zone and deck overrides, in two cheap reads. */
export async function learnerRow(db: Db, userId: string): Promise<{ settings: string; timeZone: string; overrides: { deckId: string; deckPath: string; settings: string }[] }> {
  const [[u], overrides] = await Promise.all([
    db.$queryRaw<{ settings: string; timeZone: string }[]>`SELECT "settings", "timeZone" FROM "User" WHERE "id" = ${userId}`,
    db.$queryRaw<{ deckId: string; deckPath: string; settings: string }[]>`
      SELECT s."deckId" AS "deckId", d."path" AS "deckPath", s."settings" AS "settings"
      FROM "DeckSettings" s JOIN "Deck" d ON d."id" = s."deckId" WHERE s."userId" = ${userId}`,
  ]);
  if (!u) throw new Error("No such user.");
  return { ...u, overrides };
}
