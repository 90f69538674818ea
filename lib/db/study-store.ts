import type { StateCandidate } from "@/lib/srs/port";
import { all, dateOrNullOf, numOf, storeCache, type SqlOp } from "./sql";
import { dayTable, deckArgs, deckFilter, NOT_BURIED, toCandidate } from "./review-fragments";

/**
 * The review port's queries for custom study and the load balancer (lib/srs/port.ts), in the SQL
 * both databases run (lib/db/sql.ts); lib/db/review-store.ts includes them. Only loads: the rules
 * are lib/srs/custom-study.ts's and lib/srs/load-balancer.ts's.
 */



export const studyStore = {
  *reviewsDueBetween(userId: string, now: Date, from: Date, before: Date, deckIds: string[] | null, limit: number): SqlOp<StateCandidate[]> {
    if (limit <= 0) return [];
    const rows = yield* all(
      `SELECT s."cardId" AS "cardId", s."due" AS "due", s."state" AS "state", c."groupKey" AS "groupKey", c."position" AS "position"
       FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
       WHERE s."userId" = ? AND s."state" = 2 AND s."due" >= ? AND s."due" < ? AND s."suspended" = FALSE AND ${NOT_BURIED}
         AND c."retiredAt" IS NULL${deckFilter(deckIds)}
       ORDER BY s."due" ASC
       LIMIT ?`,
      userId, from, before, now, ...deckArgs(deckIds), limit,
    );
    return rows.map(toCandidate);
  },

  *failedSince(userId: string, now: Date, since: Date, deckIds: string[] | null, limit: number): SqlOp<(StateCandidate & { lastReview: Date | null })[]> {
    if (limit <= 0) return [];
    // From today's answers (the (userId, review, kind, state) index), not from every state row.
    const rows = yield* all(
      `SELECT s."cardId" AS "cardId", s."due" AS "due", s."state" AS "state", c."groupKey" AS "groupKey", c."position" AS "position", s."lastReview" AS "lastReview"
       FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
       WHERE s."userId" = ? AND s."suspended" = FALSE AND ${NOT_BURIED} AND c."retiredAt" IS NULL${deckFilter(deckIds)}
         AND s."cardId" IN (SELECT l."cardId" FROM "ReviewLog" l WHERE l."userId" = ? AND l."review" >= ? AND l."kind" = 'review' AND l."rating" = 1)
       ORDER BY s."due" ASC
       LIMIT ?`,
      userId, now, ...deckArgs(deckIds), userId, since, limit,
    );
    return rows.map((r) => ({ ...toCandidate(r), lastReview: dateOrNullOf(r.lastReview) }));
  },

  /**
   * Review cards due on each study day [bounds[i], bounds[i+1]): remembered per learner and day
   * (./store-cache.ts: a card-state write through this adapter forgets its days), and the days not
   * remembered read in one statement, one count per day, each a range of the (userId, state, due,
   * suspended) index counted without reading a row. (One pass with a SUM(CASE ...) per day
   * compared every due card with every day: ~7 ms a grade at 5,000 cards.)
   */
  *reviewDueCounts(userId: string, bounds: Date[]): SqlOp<number[]> {
    if (bounds.length < 2) return [];
    const cache = (yield* storeCache()).dueCounts;
    const generation = cache.generation(userId);
    const counts = bounds.slice(1).map((end, i) => cache.get(userId, bounds[i], end));
    const days = counts.flatMap((n, i) => (n === undefined ? [[i, bounds[i], bounds[i + 1]] as const] : []));
    if (days.length === 0) return counts as number[];
    const table = dayTable(
      days.map(([, start, end]) => ({ start, end })),
      (values) =>
        `SELECT b.column1 AS "day", (SELECT COUNT(*) FROM "CardState" s
           WHERE s."userId" = ? AND s."state" = 2 AND s."due" >= b.column2 AND s."due" < b.column3 AND s."suspended" = FALSE) AS "n"
         FROM (VALUES ${values}) AS b`,
    );
    const rows = yield* all(table.sql, userId, ...table.args);
    // "day" indexes the days asked about; days[k][0] is that day's place in `counts`.
    for (const r of rows) counts[days[numOf(r.day)][0]] = numOf(r.n);
    cache.fill(userId, generation, days.map(([i, start, end]) => ({ start, end, n: counts[i]! })));
    return counts as number[];
  },
};
