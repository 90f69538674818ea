import type { LearnerCardState, ReviewActionEntry } from "@/lib/srs/actions";
import type { CardForReview, GradeInputs, LearnerRow, LogEntry, LogKind, LogRow, NewCandidate, QueueInputs, ReviewStore, StateCandidate, StoredAction, TodaySummary } from "@/lib/srs/port";
import { studyStore } from "./study-store";
import { all, boolOf, dateOf, dateOrNullOf, dialect, get, IN_LIST, list, numOf, run, storeCache, type Row, type SqlOp } from "./sql";
import { dayTable, deckArgs, deckFilter, LATEST_INGEST_RUN, NOT_BURIED, toCandidate } from "./review-fragments";
import type { StoreCache } from "./store-cache";
import type { QueueSnapshot } from "@/lib/srs/queue-snapshot";

/**
 * The review loop's storage (the port in lib/srs/port.ts), in SQL written once for both databases
 * (lib/db/sql.ts): SQLite runs these statements synchronously on the connection under Prisma,
 * each prepared once; PostgreSQL as named prepared statements on its pool. Measured with
 * `npm run bench:review`: through Prisma, a grade plus the next card cost ~9 ms of CPU on SQLite.
 * Joins rather than `IN (SELECT ...)`: Prisma's relation filters became `cardId IN (SELECT id FROM
 * Card WHERE ...)`, which SQLite materialises for the whole card table (~170 ms at 100k cards); a
 * join walks the (userId, state, due) index and looks each card up by key. Nothing here decides:
 * the plans in lib/srs/loop.ts do.
 */


const EPOCH = new Date(0);


const STATE_COLUMNS = ["cardId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses",
  "state", "lastReview", "suspended", "buriedUntil", "leech", "updatedAt"] as const;
/** A CardState row's columns from table alias `t`, under their own names (toState reads them). */
const stateColumns = (t: string) => STATE_COLUMNS.map((c) => `${t}."${c}" AS "${c}"`).join(", ");
const SELECT_STATE = `SELECT ${stateColumns("s")} FROM "CardState" s WHERE s."userId" = ? AND s."cardId" = ?`;
/** The same columns from a LEFT JOINed "CardState" st (gradeInputs, cardWithState). */
const ST_COLUMNS = stateColumns("st");
/** A state row, or null where a LEFT JOIN found none. */
const stateOrNull = (r: Row) => (r.cardId === null || r.cardId === undefined ? null : toState(r));

const toState = (r: Row): LearnerCardState => ({
  cardId: r.cardId as string,
  due: dateOf(r.due),
  stability: numOf(r.stability),
  difficulty: numOf(r.difficulty),
  elapsedDays: numOf(r.elapsedDays),
  scheduledDays: numOf(r.scheduledDays),
  learningSteps: numOf(r.learningSteps),
  reps: numOf(r.reps),
  lapses: numOf(r.lapses),
  state: numOf(r.state),
  lastReview: dateOrNullOf(r.lastReview),
  suspended: boolOf(r.suspended),
  buriedUntil: dateOrNullOf(r.buriedUntil),
  leech: boolOf(r.leech),
  updatedAt: dateOf(r.updatedAt),
});

/**
 * The condition for a card the learner has not started: no state row, or a state row that is
 * still new (state 0, left by bury or suspend) and no longer suspended or buried.
 * Parameters: userId, now.
 */
const IS_NEW_FOR = `NOT EXISTS (
  SELECT 1 FROM "CardState" s WHERE s."userId" = ? AND s."cardId" = c."id"
    AND NOT (s."state" = 0 AND s."suspended" = FALSE AND ${NOT_BURIED}))`;

/**
 * One of the learner's cards may have turned new (its state set to new, or removed): every
 * instance's new-card floor for her stops holding (User.newCardsVersion), this one's at once.
 */
function* newCardsChanged(cache: StoreCache, userId: string): SqlOp<void> {
  yield* run(`UPDATE "User" SET "newCardsVersion" = "newCardsVersion" + 1 WHERE "id" = ?`, userId);
  cache.newFloor.forget(userId);
}

/** The learner's row once per deck override (or once with nulls): `LEARNER_FROM` names them u, o, od. */
const LEARNER_COLUMNS = `u."settings" AS "settings", u."timeZone" AS "timeZone", o."deckId" AS "deckId", od."path" AS "deckPath", o."settings" AS "deckSettings",
              u."stateVersion" AS "stateVersion", ${LATEST_INGEST_RUN} AS "ingestRun"`;
const LEARNER_FROM = `"User" u LEFT JOIN "DeckSettings" o ON o."userId" = u."id" LEFT JOIN "Deck" od ON od."id" = o."deckId"`;

function learnerOf(rows: Row[]): LearnerRow {
  if (rows.length === 0) throw new Error("No such user.");
  const overrides = rows.flatMap((r) => (r.deckId === null || r.deckPath === null ? [] : [{ deckId: String(r.deckId), deckPath: String(r.deckPath), settings: String(r.deckSettings) }]));
  const r = rows[0];
  return { settings: String(r.settings), timeZone: String(r.timeZone), overrides, token: { stateVersion: numOf(r.stateVersion), ingestRun: numOf(r.ingestRun) } };
}

/** A card as the review screen shows it: `CARD_FROM` names the card c and its deck d. */
const CARD_COLUMNS = `c."id" AS "id", d."path" AS "deckPath", c."questionHtml" AS "questionHtml", c."answerHtml" AS "answerHtml",
              c."contextHtml" AS "contextHtml", c."alternatives" AS "alternatives", c."widgets" AS "widgets"`;
const CARD_FROM = `"Card" c JOIN "Deck" d ON d."id" = c."deckId"`;
const cardOf = (r: Row, sources: CardForReview["sources"]): CardForReview => ({
  id: String(r.id),
  deckPath: String(r.deckPath),
  questionHtml: String(r.questionHtml),
  answerHtml: (r.answerHtml as string | null) ?? null,
  contextHtml: (r.contextHtml as string | null) ?? null,
  alternatives: String(r.alternatives),
  widgets: String(r.widgets),
  sources,
});

/** An active card's deck path (NULL: no such card, or retired), as a scalar subquery; its parameter is the card's id. */
const ACTIVE_CARD_DECK = `(SELECT d."path" FROM "Card" c JOIN "Deck" d ON d."id" = c."deckId" WHERE c."id" = ? AND c."retiredAt" IS NULL)`;

/** Where a card's texts come from, in order (authors see them). */
function* cardSources(cardId: string): SqlOp<CardForReview["sources"]> {
  const rows = yield* all(`SELECT "file", "line" FROM "CardSource" WHERE "cardId" = ? ORDER BY "position" ASC`, cardId);
  return rows.map((s) => ({ file: String(s.file), line: numOf(s.line) }));
}

/** The remembered counts and floors a state write makes stale (./store-cache.ts). */
function* stateWritten(userId: string, s: LearnerCardState, before: LearnerCardState | null | undefined): SqlOp<void> {
  const cache = yield* storeCache();
  cache.dueCounts.forget(userId, before === undefined ? null : [before?.due, s.due]);
  if (s.state === 0) yield* newCardsChanged(cache, userId);
}

const UPSERT_STATE = `INSERT INTO "CardState" ("userId", "cardId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps",
                                "reps", "lapses", "state", "lastReview", "suspended", "buriedUntil", "leech", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT ("userId", "cardId") DO UPDATE SET
         "due" = excluded."due", "stability" = excluded."stability", "difficulty" = excluded."difficulty",
         "elapsedDays" = excluded."elapsedDays", "scheduledDays" = excluded."scheduledDays", "learningSteps" = excluded."learningSteps",
         "reps" = excluded."reps", "lapses" = excluded."lapses", "state" = excluded."state", "lastReview" = excluded."lastReview",
         "suspended" = excluded."suspended", "buriedUntil" = excluded."buriedUntil", "leech" = excluded."leech", "updatedAt" = excluded."updatedAt"`;
const stateArgs = (userId: string, s: LearnerCardState) => [
  userId, s.cardId, s.due, s.stability, s.difficulty, s.elapsedDays, s.scheduledDays, s.learningSteps,
  s.reps, s.lapses, s.state, s.lastReview, s.suspended, s.buriedUntil, s.leech, s.updatedAt,
];
const INSERT_LOG = `INSERT INTO "ReviewLog" ("id", "userId", "cardId", "rating", "state", "due", "previousDue", "stability", "difficulty",
                                "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "review", "durationMs", "kind")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const logArgs = (l: LogRow, kind: LogKind) => [
  l.id, l.userId, l.cardId, l.rating, l.state, l.due, l.previousDue, l.stability, l.difficulty,
  l.elapsedDays, l.lastElapsedDays, l.scheduledDays, l.learningSteps, l.review, l.durationMs, kind,
];
const INSERT_ACTION = `INSERT INTO "ReviewAction" ("userId", "cardId", "kind", "rating", "reviewId", "before", "at") VALUES (?, ?, ?, ?, ?, ?, ?)`;
const actionArgs = (userId: string, e: ReviewActionEntry, at: Date) => [userId, e.cardId, e.kind, e.rating, e.reviewId, encodeState(e.before), at];

/** A state row as the journal's JSON: dates as ISO text. */
export function encodeState(s: LearnerCardState | null): string | null {
  return s === null ? null : JSON.stringify(s);
}

export function decodeState(json: string | null): LearnerCardState | null {
  if (json === null) return null;
  const o = JSON.parse(json) as Record<string, unknown>;
  const date = (v: unknown) => new Date(String(v));
  return {
    ...(o as unknown as LearnerCardState),
    due: date(o.due),
    lastReview: o.lastReview === null ? null : date(o.lastReview),
    buriedUntil: o.buriedUntil === null ? null : date(o.buriedUntil),
    updatedAt: date(o.updatedAt),
  };
}

// ---- the queue's reads as text and parameters (each run alone, or together by queueInputs) -----

interface SqlPart {
  sql: string;
  args: unknown[];
}

const CANDIDATE_COLUMNS = `s."cardId" AS "cardId", s."due" AS "due", s."state" AS "state", c."groupKey" AS "groupKey", c."position" AS "position"`;

function learningSql(userId: string, now: Date, deckIds: string[] | null): SqlPart {
  return {
    sql: `SELECT ${CANDIDATE_COLUMNS}
       FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
       WHERE s."userId" = ? AND s."state" IN (1, 3) AND s."suspended" = FALSE AND ${NOT_BURIED}
         AND c."retiredAt" IS NULL${deckFilter(deckIds)}
       ORDER BY s."due" ASC`,
    args: [userId, now, ...deckArgs(deckIds)],
  };
}

function reviewsSql(userId: string, now: Date, before: Date, deckIds: string[] | null, limit: number): SqlPart {
  return {
    sql: `SELECT ${CANDIDATE_COLUMNS}
       FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
       WHERE s."userId" = ? AND s."state" = 2 AND s."due" < ? AND s."suspended" = FALSE AND ${NOT_BURIED}
         AND c."retiredAt" IS NULL${deckFilter(deckIds)}
       ORDER BY s."due" ASC
       LIMIT ?`,
    args: [userId, before, now, ...deckArgs(deckIds), limit],
  };
}

/**
 * The due-review count as two scalar expressions, "every" less "retired", at most cap (dueCountOf).
 * Without a deck scope "every" reads only the CardState index (the flags are in it) and "retired"
 * takes off the due cards that are retired, found from the few retired cards; a deck scope needs
 * each card's deck, so it joins, and "retired" is 0.
 */
function dueCountSql(userId: string, now: Date, before: Date, deckIds: string[] | null, cap: number): { every: SqlPart; retired: SqlPart } {
  const due = `s."userId" = ? AND s."state" = 2 AND s."due" < ? AND s."suspended" = FALSE AND ${NOT_BURIED}`;
  const args = [userId, before, now];
  if (deckIds) {
    return {
      every: {
        sql: `(SELECT COUNT(*) FROM (
           SELECT 1 FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
           WHERE ${due} AND c."retiredAt" IS NULL${deckFilter(deckIds)}
           LIMIT ?) t)`,
        args: [...args, ...deckArgs(deckIds), cap],
      },
      retired: { sql: "0", args: [] },
    };
  }
  // Due states of retired cards, counted by walking the retired cards (few) rather than the due
  // states (many): CROSS JOIN keeps this join order in SQLite, and "retired after 1970" lets it
  // range over the (retiredAt, position) index where IS NOT NULL would make it scan the table.
  // Then every due state up to cap + that many, in the same statement (one round trip).
  const retired = `(SELECT COUNT(*) FROM "Card" c CROSS JOIN "CardState" s WHERE c."retiredAt" > ? AND s."cardId" = c."id" AND ${due})`;
  return {
    every: { sql: `(SELECT COUNT(*) FROM (SELECT 1 FROM "CardState" s WHERE ${due} LIMIT ? + ${retired}) t)`, args: [...args, cap, EPOCH, ...args] },
    retired: { sql: retired, args: [EPOCH, ...args] },
  };
}

const dueCountOf = (cap: number, r: Row) => Math.max(0, Math.min(cap, numOf(r.every) - numOf(r.retired)));

function todaySql(userId: string, since: Date): SqlPart {
  return {
    sql: `SELECT COUNT(*) AS "total", COALESCE(SUM(CASE WHEN l."state" = 0 THEN 1 ELSE 0 END), 0) AS "newCount",
              COALESCE(SUM(CASE WHEN l."state" = 2 THEN 1 ELSE 0 END), 0) AS "reviewCount"
       FROM "ReviewLog" l WHERE l."userId" = ? AND l."review" >= ? AND l."kind" = 'review'`,
    args: [userId, since],
  };
}

const todayOf = (r: Row): TodaySummary => ({ total: numOf(r.total), newCount: numOf(r.newCount), reviewCount: numOf(r.reviewCount) });

export const reviewStore = {
  ...studyStore,
  // ---- the learner and the decks ------------------------------------------------------------

  *learner(userId: string): SqlOp<LearnerRow> {
    // One statement (a round trip on PostgreSQL): the user's row once per deck override, or once with nulls.
    const rows = yield* all(`SELECT ${LEARNER_COLUMNS} FROM ${LEARNER_FROM} WHERE u."id" = ?`, userId);
    return learnerOf(rows);
  },

  *deckPath(deckId: string): SqlOp<string | null> {
    const r = yield* get(`SELECT "path" FROM "Deck" WHERE "id" = ?`, deckId);
    return r ? String(r.path) : null;
  },

  /** A deck and all its sub-decks (paths below it), by id. */
  *deckAndDescendants(deckId: string, path: string): SqlOp<string[]> {
    const rows = yield* all(`SELECT "id" FROM "Deck" WHERE "id" = ? OR substr("path", 1, ?) = ?`, deckId, path.length + 3, path + " / ");
    return rows.map((r) => String(r.id));
  },

  *decks(): SqlOp<{ id: string; path: string; name: string; depth: number }[]> {
    const rows = yield* all(`SELECT "id", "path", "name", "depth" FROM "Deck" ORDER BY "path" ASC`);
    return rows.map((r) => ({ id: String(r.id), path: String(r.path), name: String(r.name), depth: numOf(r.depth) }));
  },

  // ---- the queue ------------------------------------------------------------------------------

  /** The queue kept for the learner between requests (lib/srs/queue-snapshot.ts decides whether it holds). */
  *queueSnapshot(userId: string): SqlOp<QueueSnapshot | null> {
    return (yield* storeCache()).queues.get(userId);
  },

  *keepQueueSnapshot(userId: string, snapshot: QueueSnapshot | null): SqlOp<void> {
    (yield* storeCache()).queues.set(userId, snapshot);
  },

  /** Learning and relearning cards (all of them: the queue needs the next one due later today too). */
  *learningCandidates(userId: string, now: Date, deckIds: string[] | null): SqlOp<StateCandidate[]> {
    const q = learningSql(userId, now, deckIds);
    return (yield* all(q.sql, ...q.args)).map(toCandidate);
  },

  *reviewCandidates(userId: string, now: Date, before: Date, deckIds: string[] | null, limit: number): SqlOp<StateCandidate[]> {
    if (limit <= 0) return [];
    const q = reviewsSql(userId, now, before, deckIds, limit);
    return (yield* all(q.sql, ...q.args)).map(toCandidate);
  },

  *countReviewsDue(userId: string, now: Date, before: Date, deckIds: string[] | null, cap: number): SqlOp<number> {
    if (cap <= 0) return 0;
    const q = dueCountSql(userId, now, before, deckIds, cap);
    return dueCountOf(cap, (yield* get(`SELECT ${q.every.sql} AS "every", ${q.retired.sql} AS "retired"`, ...q.every.args, ...q.retired.args))!);
  },

  /**
   * answeredToday, learningCandidates, reviewCandidates and countReviewsDue in one statement on
   * PostgreSQL (one round trip instead of four): the day's counts and the due count in a first row,
   * then the candidates, each part tagged; each part's text is the one its own operation runs.
   */
  *queueInputs(userId: string, now: Date, since: Date, before: Date, deckIds: string[] | null, reviewLimit: number, dueCap: number): SqlOp<QueueInputs> {
    if ((yield* dialect()) === "sqlite") {
      // No round trips to save, and SQLite runs each part faster alone (0.50 against 0.75 ms for
      // the compound statement, bench/review/step.ts with STEP_STATEMENTS=1).
      return {
        today: yield* reviewStore.answeredToday(userId, since),
        learning: yield* reviewStore.learningCandidates(userId, now, deckIds),
        reviews: yield* reviewStore.reviewCandidates(userId, now, before, deckIds, reviewLimit),
        reviewsDue: yield* reviewStore.countReviewsDue(userId, now, before, deckIds, dueCap),
      };
    }
    const today = todaySql(userId, since);
    const learning = learningSql(userId, now, deckIds);
    const reviews = reviewsSql(userId, now, before, deckIds, Math.max(0, reviewLimit));
    const due = dueCountSql(userId, now, before, deckIds, Math.max(0, dueCap));
    const rows = yield* all(
      `SELECT 0 AS "part", NULL AS "cardId", NULL AS "due", NULL AS "state", NULL AS "groupKey", NULL AS "position",
              t."total" AS "total", t."newCount" AS "newCount", t."reviewCount" AS "reviewCount", ${due.every.sql} AS "every", ${due.retired.sql} AS "retired"
       FROM (${today.sql}) t
       UNION ALL
       SELECT 1, x."cardId", x."due", x."state", x."groupKey", x."position", NULL, NULL, NULL, NULL, NULL FROM (${learning.sql}) x
       UNION ALL
       SELECT 2, y."cardId", y."due", y."state", y."groupKey", y."position", NULL, NULL, NULL, NULL, NULL FROM (${reviews.sql}) y`,
      ...due.every.args, ...due.retired.args, ...today.args, ...learning.args, ...reviews.args,
    );
    const head = rows.find((r) => numOf(r.part) === 0)!;
    // Each part was ordered by due inside its subquery; a compound SELECT need not keep that order, so sort again (stable: ties keep the database's order).
    const part = (n: number) => rows.filter((r) => numOf(r.part) === n).map(toCandidate).sort((a, b) => a.due.getTime() - b.due.getTime());
    return { today: todayOf(head), learning: part(1), reviews: part(2), reviewsDue: dueCap <= 0 ? 0 : dueCountOf(dueCap, head) };
  },

  /**
   * Ordered by the whole (retiredAt, position) index, all NULL here: PostgreSQL then walks the
   * index and stops at the limit, where ORDER BY position alone made it sort every active card
   * (550 ms at 100k cards; SQLite walks the index either way).
   */
  *newCandidates(userId: string, now: Date, deckIds: string[] | null, limit: number): SqlOp<NewCandidate[]> {
    if (limit <= 0) return [];
    // Start at the learner's floor for this scope (./store-cache.ts) while no ingest ran and none
    // of her cards turned new since ("run" and "version", read here, in the same statement);
    // "buried": her first new card that is buried now (in any deck: never above this scope's),
    // which the floor must not pass (its bury ends with the day, and nothing is written then).
    const floors = (yield* storeCache()).newFloor;
    const generation = floors.generation(userId);
    const floor = floors.get(userId, deckIds);
    const rows = yield* all(
      `SELECT c."id" AS "id", c."groupKey" AS "groupKey", c."position" AS "position", r."run" AS "run", r."version" AS "version", r."buried" AS "buried"
       FROM (SELECT ${LATEST_INGEST_RUN} AS "run",
                    (SELECT "newCardsVersion" FROM "User" WHERE "id" = ?) AS "version",
                    (SELECT MIN(b."position") FROM "CardState" s JOIN "Card" b ON b."id" = s."cardId"
                     WHERE s."userId" = ? AND s."state" = 0 AND s."buriedUntil" > ? AND b."retiredAt" IS NULL) AS "buried") r
       CROSS JOIN "Card" c
       WHERE c."retiredAt" IS NULL AND c."position" >= (CASE WHEN r."run" = ? AND r."version" = ? THEN ? ELSE -1 END)${deckFilter(deckIds)} AND ${IS_NEW_FOR}
       ORDER BY c."retiredAt", c."position" ASC
       LIMIT ?`,
      userId, userId, now, floor?.ingestRun ?? -1, floor?.version ?? -1, floor?.position ?? -1, ...deckArgs(deckIds), userId, now, limit,
    );
    if (rows.length > 0) {
      const r = rows[0];
      const token = { ingestRun: numOf(r.run), version: numOf(r.version) };
      const position = Math.min(numOf(r.position), r.buried === null ? Infinity : numOf(r.buried));
      floors.fill(userId, deckIds, generation, position, token, floor === undefined || floor.ingestRun !== token.ingestRun || floor.version !== token.version);
    }
    return rows.map((r) => ({ id: String(r.id), groupKey: (r.groupKey as string | null) ?? null, position: numOf(r.position) }));
  },

  /** What the learner has answered since `since` (the start of the study day), from the index alone. */
  *answeredToday(userId: string, since: Date): SqlOp<TodaySummary> {
    const q = todaySql(userId, since);
    return todayOf((yield* get(q.sql, ...q.args))!);
  },

  /**
   * A card's lastReview is the time of its latest answer (undo restores the previous one), so this
   * asks the few candidate groups instead of joining every answer of the day to its card.
   */
  *groupsAnsweredSince(userId: string, groupKeys: string[], since: Date): SqlOp<Set<string>> {
    if (!groupKeys.length) return new Set<string>();
    const rows = yield* all(
      // CROSS JOIN keeps SQLite on the groupKey index first (it would otherwise walk all the learner's states).
      `SELECT DISTINCT c."groupKey" AS "groupKey"
       FROM "Card" c CROSS JOIN "CardState" s
       WHERE c."groupKey" ${IN_LIST} AND s."userId" = ? AND s."cardId" = c."id" AND s."lastReview" >= ?`,
      list(groupKeys), userId, since,
    );
    return new Set(rows.map((r) => String(r.groupKey)));
  },

  // ---- the home page ------------------------------------------------------------------------

  *dueCountsByDeck(userId: string, now: Date, before: Date): SqlOp<Map<string, number>> {
    const rows = yield* all(
      `SELECT c."deckId" AS "deckId", COUNT(*) AS "n"
       FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
       WHERE s."userId" = ? AND s."state" IN (1, 2, 3) AND s."due" < ? AND s."suspended" = FALSE AND ${NOT_BURIED}
         AND c."retiredAt" IS NULL
       GROUP BY c."deckId"`,
      userId, before, now,
    );
    return new Map(rows.map((r) => [String(r.deckId), numOf(r.n)]));
  },

  /**
   * The active cards of each deck less the learner's cards there that are not new, rather than
   * asking of every card whether she has started it. The active counts are every learner's and
   * change only with an ingest: counted (from the (deckId, retiredAt) index alone) once per ingest
   * run and kept (./store-cache.ts); ~20 ms at 100,000 cards on PostgreSQL.
   */
  *newCountsByDeck(userId: string, now: Date): SqlOp<Map<string, number>> {
    const cache = yield* storeCache();
    const run = numOf((yield* get(`SELECT ${LATEST_INGEST_RUN} AS "run"`))!.run);
    if (cache.activeCards?.ingestRun !== run) {
      const active = yield* all(
        // INDEXED BY: without statistics SQLite would pick the (retiredAt, position) index and read every row.
        `SELECT c."deckId" AS "deckId", COUNT(*) AS "n" FROM "Card" c INDEXED BY "Card_deckId_retiredAt_idx"
         WHERE c."retiredAt" IS NULL GROUP BY c."deckId"`,
      );
      cache.activeCards = { ingestRun: run, byDeck: new Map(active.map((r) => [String(r.deckId), numOf(r.n)])) };
    }
    const byDeck = cache.activeCards.byDeck;
    const started = yield* all(
      `SELECT c."deckId" AS "deckId", COUNT(*) AS "n"
       FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
       WHERE s."userId" = ? AND c."retiredAt" IS NULL AND NOT (s."state" = 0 AND s."suspended" = FALSE AND ${NOT_BURIED})
       GROUP BY c."deckId"`,
      userId, now,
    );
    const out = new Map(byDeck);
    for (const r of started) out.set(String(r.deckId), (out.get(String(r.deckId)) ?? 0) - numOf(r.n));
    return out;
  },

  /** For each day [start, end): whether she answered a card on the review screen then (one seek of the (userId, review, kind) index each). */
  *studiedOn(userId: string, days: { start: Date; end: Date }[]): SqlOp<boolean[]> {
    if (days.length === 0) return [];
    const table = dayTable(
      days,
      (values) =>
        `SELECT b.column1 AS "day", CASE WHEN EXISTS (SELECT 1 FROM "ReviewLog" l
           WHERE l."userId" = ? AND l."review" >= b.column2 AND l."review" < b.column3 AND l."kind" = 'review') THEN 1 ELSE 0 END AS "studied"
         FROM (VALUES ${values}) AS b`,
    );
    const rows = yield* all(table.sql, userId, ...table.args);
    const studied = days.map(() => false);
    for (const r of rows) studied[numOf(r.day)] = numOf(r.studied) === 1;
    return studied;
  },

  // ---- one card -----------------------------------------------------------------------------

  *isActiveCard(cardId: string): SqlOp<boolean> {
    return (yield* get(`SELECT 1 AS "x" FROM "Card" WHERE "id" = ? AND "retiredAt" IS NULL`, cardId)) !== undefined;
  },

  *activeCardDeck(cardId: string): SqlOp<string | null> {
    const r = yield* get(`SELECT ${ACTIVE_CARD_DECK} AS "path"`, cardId);
    return r?.path === null || r?.path === undefined ? null : String(r.path);
  },

  *cardForReview(cardId: string, withSources: boolean): SqlOp<CardForReview> {
    const c = yield* get(`SELECT ${CARD_COLUMNS} FROM ${CARD_FROM} WHERE c."id" = ?`, cardId);
    if (!c) throw new Error(`card ${cardId} vanished`);
    return cardOf(c, withSources ? yield* cardSources(cardId) : []);
  },

  *findState(userId: string, cardId: string): SqlOp<LearnerCardState | null> {
    const r = yield* get(SELECT_STATE, userId, cardId);
    return r ? toState(r) : null;
  },

  /** One learner's log entries for one card, newest first (the card page's history). */
  *logsForCard(userId: string, cardId: string): SqlOp<LogEntry[]> {
    const rows = yield* all(
      `SELECT "id", "review", "rating", "kind", "state", "elapsedDays", "stability", "difficulty", "durationMs"
       FROM "ReviewLog" WHERE "userId" = ? AND "cardId" = ? ORDER BY "review" DESC, "id" DESC LIMIT 1000`,
      userId, cardId,
    );
    return rows.map((r) => ({
      id: String(r.id),
      review: dateOf(r.review),
      rating: numOf(r.rating),
      kind: String(r.kind),
      state: numOf(r.state),
      elapsedDays: numOf(r.elapsedDays),
      stability: numOf(r.stability),
      difficulty: numOf(r.difficulty),
      durationMs: numOf(r.durationMs),
    }));
  },

  *findLogOwner(reviewId: string): SqlOp<{ userId: string; cardId: string } | null> {
    const r = yield* get(`SELECT "userId", "cardId" FROM "ReviewLog" WHERE "id" = ?`, reviewId);
    return r ? { userId: String(r.userId), cardId: String(r.cardId) } : null;
  },

  /**
   * Who recorded this review id, the card's deck, the learner and her state for the card: one
   * statement (LEFT JOINs on keys, so one row per deck override as learner() reads).
   */
  *gradeInputs(userId: string, reviewId: string, cardId: string): SqlOp<GradeInputs> {
    const rows = yield* all(
      `SELECT ${LEARNER_COLUMNS}, l."userId" AS "logUserId", l."cardId" AS "logCardId",
              ${ACTIVE_CARD_DECK} AS "cardDeckPath",
              ${ST_COLUMNS}
       FROM ${LEARNER_FROM}
         LEFT JOIN "ReviewLog" l ON l."id" = ?
         LEFT JOIN "CardState" st ON st."userId" = u."id" AND st."cardId" = ?
       WHERE u."id" = ?`,
      cardId, reviewId, cardId, userId,
    );
    const learner = learnerOf(rows);
    const r = rows[0];
    return {
      logOwner: r.logUserId === null ? null : { userId: String(r.logUserId), cardId: String(r.logCardId) },
      deckPath: r.cardDeckPath === null ? null : String(r.cardDeckPath),
      learner,
      state: stateOrNull(r),
    };
  },

  /** A card to show and the learner's state for it, in one statement; sources (authors only) in a second. */
  *cardWithState(userId: string, cardId: string, withSources: boolean): SqlOp<{ card: CardForReview; state: LearnerCardState | null }> {
    const r = yield* get(
      `SELECT ${CARD_COLUMNS}, ${ST_COLUMNS}
       FROM ${CARD_FROM} LEFT JOIN "CardState" st ON st."userId" = ? AND st."cardId" = c."id"
       WHERE c."id" = ?`,
      userId, cardId,
    );
    if (!r) throw new Error(`card ${cardId} vanished`);
    return { card: cardOf(r, withSources ? yield* cardSources(cardId) : []), state: stateOrNull(r) };
  },

  // ---- writes -------------------------------------------------------------------------------

  /**
   * Insert or replace a learner's state for one card (standard ON CONFLICT upsert); the remembered
   * due counts (./store-cache.ts) forget the days of its old and new due dates (every day, when
   * the caller does not say what it replaces).
   */
  *upsertState(userId: string, s: LearnerCardState, before?: LearnerCardState | null): SqlOp<void> {
    yield* run(UPSERT_STATE, ...stateArgs(userId, s));
    yield* stateWritten(userId, s, before);
  },

  *deleteState(userId: string, cardId: string): SqlOp<void> {
    yield* run(`DELETE FROM "CardState" WHERE "userId" = ? AND "cardId" = ?`, userId, cardId);
    const cache = yield* storeCache();
    cache.dueCounts.forget(userId, null);
    yield* newCardsChanged(cache, userId);
  },

  *insertLog(l: LogRow, kind: LogKind): SqlOp<void> {
    yield* run(INSERT_LOG, ...logArgs(l, kind));
  },

  *deleteLog(id: string): SqlOp<void> {
    yield* run(`DELETE FROM "ReviewLog" WHERE "id" = ?`, id);
  },

  /**
   * The state, its log and its journal entry: on PostgreSQL one statement (data-modifying WITH
   * clauses, each run once and to completion), one round trip instead of three; on SQLite, where
   * a statement costs no round trip, the three inserts.
   */
  *writeAnswer(userId: string, a: { state: LearnerCardState; before: LearnerCardState | null; log: LogRow; kind: LogKind; entry: ReviewActionEntry; at: Date }): SqlOp<void> {
    const args = [...stateArgs(userId, a.state), ...logArgs(a.log, a.kind), ...actionArgs(userId, a.entry, a.at)];
    if ((yield* dialect()) === "postgresql") {
      yield* run(`WITH "state" AS (${UPSERT_STATE} RETURNING 1), "log" AS (${INSERT_LOG} RETURNING 1) ${INSERT_ACTION}`, ...args);
    } else {
      yield* run(UPSERT_STATE, ...args.slice(0, 16));
      yield* run(INSERT_LOG, ...args.slice(16, 32));
      yield* run(INSERT_ACTION, ...args.slice(32));
    }
    yield* stateWritten(userId, a.state, a.before);
  },

  // ---- the undo journal (lib/srs/actions.ts decides; these only store) -------------------------

  *insertAction(userId: string, e: ReviewActionEntry, at: Date): SqlOp<void> {
    yield* run(INSERT_ACTION, ...actionArgs(userId, e, at));
  },

  *lastAction(userId: string): SqlOp<StoredAction | null> {
    const r = yield* get(`SELECT "id", "kind", "cardId", "rating", "reviewId", "before" FROM "ReviewAction" WHERE "userId" = ? ORDER BY "id" DESC LIMIT 1`, userId);
    if (!r) return null;
    return {
      id: numOf(r.id),
      kind: r.kind as ReviewActionEntry["kind"],
      cardId: String(r.cardId),
      rating: r.rating === null ? null : numOf(r.rating),
      reviewId: r.reviewId === null ? null : String(r.reviewId),
      before: decodeState(r.before as string | null),
    };
  },

  *deleteAction(id: number): SqlOp<void> {
    yield* run(`DELETE FROM "ReviewAction" WHERE "id" = ?`, id);
  },
} satisfies ReviewStore;
