/**
 * The statistics page's data for one learner (all decks or one deck and its sub-decks), the
 * optimizer's review history, and applying new FSRS parameters. Aggregation happens in SQL
 * (counts per 15-minute bucket, per interval bucket, per button), so a million logs stay one
 * indexed scan of the learner's rows; lib/stats turns the buckets into study days and charts.
 * Standard SQL on both databases; the time buckets' epoch function comes from lib/db/dialect.ts.
 */
import { Prisma } from "@/generated/prisma/client";
import { default_w } from "ts-fsrs";
import {
  BUCKET_MS,
  answerButtons,
  buttonGroupCase,
  cardStates,
  dueForecast,
  retentionBucketCase,
  reviewHeatmap,
  rescheduleFromHistory,
  simulateWorkload,
  studyDays,
  timePerDay,
  trueRetention,
  type BucketRow,
  type ButtonCounts,
  type CardStateCounts,
  type DayCount,
  type ForecastDay,
  type HistoryLog,
  type RetentionBucket,
  type TimeSpent,
  type WorkloadCurve,
} from "@/lib/stats";
import { toFsrsItems } from "@/lib/stats/fsrs-items";
import type { Db } from "./client";
import { deckAndDescendantIds } from "./decks";
import { epochSeconds } from "./dialect";
import { getSettings, saveSettings, settingsForDeck } from "./settings";
import { forgetLearnerCache } from "./store";

export const HEATMAP_DAYS = 365;
export const TIME_DAYS = 30;
export const FORECAST_DAYS = 30;

export interface StatsView {
  deck: { id: string; path: string } | null;
  desiredRetention: number;
  totalReviews: number;
  heatmap: DayCount[];
  time: TimeSpent[];
  forecast: ForecastDay[];
  retention: RetentionBucket[];
  states: CardStateCounts;
  buttons: ButtonCounts[];
  workload: WorkloadCurve[];
  workloadDays: string[];
  weights: number[] | null;
}

const num = (v: unknown) => Number(v ?? 0);
const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const BUCKET_S = BUCKET_MS / 1000;
/** 15-minute bucket of a DateTime column: whole seconds since the epoch, integer-divided. */
const bucketOf = (db: Db, column: Prisma.Sql) => Prisma.sql`(${epochSeconds(db, column)} / ${BUCKET_S})`;

function deckJoin(deckIds: string[] | null, cardColumn: Prisma.Sql) {
  return deckIds ? Prisma.sql`JOIN "Card" c ON c."id" = ${cardColumn} AND c."deckId" IN (${Prisma.join(deckIds)})` : Prisma.empty;
}

export async function getStats(db: Db, userId: string, opts: { deckId?: string; now: Date }): Promise<StatsView | null> {
  const { now } = opts;
  let deck: { id: string; path: string } | null = null;
  let deckIds: string[] | null = null;
  if (opts.deckId) {
    deck = await db.deck.findUnique({ where: { id: opts.deckId }, select: { id: true, path: true } });
    if (!deck) return null;
    deckIds = await deckAndDescendantIds(db, deck.id);
  }
  const learner = await getSettings(db, userId);
  const settings = deck ? settingsForDeck(learner, deck.path) : learner.settings;
  const tz = learner.timeZone;
  const hour = settings.dayRolloverHour;
  const past = studyDays(now, -HEATMAP_DAYS, tz, hour);
  const future = studyDays(now, FORECAST_DAYS, tz, hour);
  const since = new Date(past[0].start);
  const logJoin = deckJoin(deckIds, Prisma.sql`l."cardId"`);

  const [daily, retentionRows, buttonRows, stateRows, freshRow, dueRows, simCards, totalRow] = await Promise.all([
    db.$queryRaw<{ b: bigint; n: bigint; ms: bigint }[]>`
      SELECT ${bucketOf(db, Prisma.sql`l."review"`)} AS "b", COUNT(*) AS "n", SUM(l."durationMs") AS "ms"
      FROM "ReviewLog" l ${logJoin}
      WHERE l."userId" = ${userId} AND l."review" >= ${since} AND l."kind" <> 'manual'
      GROUP BY "b"`,
    db.$queryRaw<{ bucket: bigint; reviews: bigint; passed: bigint }[]>`
      SELECT ${Prisma.raw(retentionBucketCase(`l."elapsedDays"`))} AS "bucket", COUNT(*) AS "reviews", SUM(CASE WHEN l."rating" > 1 THEN 1 ELSE 0 END) AS "passed"
      FROM "ReviewLog" l ${logJoin}
      WHERE l."userId" = ${userId} AND l."state" = 2 AND l."kind" <> 'manual'
      GROUP BY "bucket"`,
    db.$queryRaw<{ grp: bigint; rating: bigint; n: bigint }[]>`
      SELECT ${Prisma.raw(buttonGroupCase(`l."state"`, `l."elapsedDays"`))} AS "grp", l."rating" AS "rating", COUNT(*) AS "n"
      FROM "ReviewLog" l ${logJoin}
      WHERE l."userId" = ${userId} AND l."kind" <> 'manual'
      GROUP BY "grp", l."rating"`,
    db.$queryRaw<{ state: bigint; suspended: unknown; leech: unknown; n: bigint }[]>`
      SELECT s."state" AS "state", s."suspended" AS "suspended", s."leech" AS "leech", COUNT(*) AS "n"
      FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
      WHERE s."userId" = ${userId} AND c."retiredAt" IS NULL ${deckIds ? Prisma.sql`AND c."deckId" IN (${Prisma.join(deckIds)})` : Prisma.empty}
      GROUP BY s."state", s."suspended", s."leech"`,
    db.$queryRaw<{ n: bigint }[]>`
      SELECT COUNT(*) AS "n" FROM "Card" c
      WHERE c."retiredAt" IS NULL ${deckIds ? Prisma.sql`AND c."deckId" IN (${Prisma.join(deckIds)})` : Prisma.empty}
        AND NOT EXISTS (SELECT 1 FROM "CardState" s WHERE s."userId" = ${userId} AND s."cardId" = c."id")`,
    db.$queryRaw<{ b: bigint; learning: bigint; review: bigint }[]>`
      SELECT ${bucketOf(db, Prisma.sql`s."due"`)} AS "b",
             SUM(CASE WHEN s."state" IN (1, 3) THEN 1 ELSE 0 END) AS "learning", SUM(CASE WHEN s."state" = 2 THEN 1 ELSE 0 END) AS "review"
      FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
      WHERE s."userId" = ${userId} AND s."state" IN (1, 2, 3) AND s."suspended" = false AND s."due" < ${new Date(future[future.length - 1].end)}
        AND c."retiredAt" IS NULL ${deckIds ? Prisma.sql`AND c."deckId" IN (${Prisma.join(deckIds)})` : Prisma.empty}
      GROUP BY "b"`,
    db.$queryRaw<{ state: bigint; due: unknown; stability: number; difficulty: number; lastReview: unknown }[]>`
      SELECT s."state" AS "state", s."due" AS "due", s."stability" AS "stability", s."difficulty" AS "difficulty", s."lastReview" AS "lastReview"
      FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
      WHERE s."userId" = ${userId} AND s."state" IN (1, 2, 3) AND s."suspended" = false AND s."due" < ${new Date(future[future.length - 1].end)}
        AND c."retiredAt" IS NULL ${deckIds ? Prisma.sql`AND c."deckId" IN (${Prisma.join(deckIds)})` : Prisma.empty}`,
    db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS "n" FROM "ReviewLog" l ${logJoin} WHERE l."userId" = ${userId} AND l."kind" <> 'manual'`,
  ]);

  const logBuckets: BucketRow[] = daily.map((r) => ({ t: num(r.b) * BUCKET_MS, values: [num(r.n), num(r.ms)] }));
  const states = cardStates(
    stateRows.map((r) => ({ state: num(r.state), suspended: truthy(r.suspended), leech: truthy(r.leech), n: num(r.n) })),
    num(freshRow[0]?.n),
  );
  const workload = simulateWorkload({
    cards: simCards.map((r) => ({ state: num(r.state), due: toDate(r.due), stability: Number(r.stability), difficulty: Number(r.difficulty), lastReview: r.lastReview ? toDate(r.lastReview) : null })),
    newCards: states.new,
    newPerDay: settings.newPerDay,
    learningSteps: settings.learningSteps.length,
    weights: settings.weights,
    maximumIntervalDays: settings.maximumIntervalDays,
    dayStarts: [...future.map((d) => d.start), future[future.length - 1].end],
    now,
  });
  return {
    deck,
    desiredRetention: settings.desiredRetention,
    totalReviews: num(totalRow[0]?.n),
    heatmap: reviewHeatmap(past, logBuckets.map((r) => ({ t: r.t, values: [r.values[0]] }))),
    time: timePerDay(past.slice(-TIME_DAYS), logBuckets),
    forecast: dueForecast(future, dueRows.map((r) => ({ t: num(r.b) * BUCKET_MS, values: [num(r.learning), num(r.review)] }))),
    retention: trueRetention(retentionRows.map((r) => ({ bucket: num(r.bucket), reviews: num(r.reviews), passed: num(r.passed) })), settings.desiredRetention),
    states,
    buttons: answerButtons(buttonRows.map((r) => ({ group: num(r.grp), rating: num(r.rating), n: num(r.n) }))),
    workload,
    workloadDays: future.map((d) => d.key),
    weights: settings.weights,
  };
}

const truthy = (v: unknown) => v === true || v === 1 || v === 1n || v === "1";

// ---- the optimizer's input ------------------------------------------------------------------

/** Rows read per query: big histories load in steps, yielding to other requests in between. */
const PAGE = 50_000;

/**
 * Every answer of the learner except manual entries (reschedules), for FSRS items, read in pages
 * along the (userId, review) index. `onProgress(loaded, total)` after each page.
 */
export async function loadReviewHistory(db: Db, userId: string, onProgress: (loaded: number, total: number) => void = () => {}): Promise<HistoryLog[]> {
  const [{ n }] = await db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS "n" FROM "ReviewLog" WHERE "userId" = ${userId} AND "kind" <> 'manual'`;
  const total = Number(n);
  const out: HistoryLog[] = [];
  let after = new Date(0);
  let afterId = "";
  for (;;) {
    const rows = await db.$queryRaw<{ id: string; cardId: string; review: unknown; rating: bigint; state: bigint }[]>`
      SELECT "id", "cardId", "review", "rating", "state" FROM "ReviewLog"
      WHERE "userId" = ${userId} AND "kind" <> 'manual' AND ("review" > ${after} OR ("review" = ${after} AND "id" > ${afterId}))
      ORDER BY "review" ASC, "id" ASC LIMIT ${PAGE}`;
    for (const r of rows) out.push({ cardId: r.cardId, review: toDate(r.review).getTime(), rating: Number(r.rating), state: Number(r.state) });
    onProgress(out.length, total);
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1];
    after = toDate(last.review);
    afterId = last.id;
    await new Promise((r) => setImmediate(r));
  }
  return out;
}

/** The learner's history as FSRS items (study days in their zone and rollover hour). */
export async function loadFsrsItems(db: Db, userId: string, onProgress?: (loaded: number, total: number) => void) {
  const [logs, learner] = await Promise.all([loadReviewHistory(db, userId, onProgress), getSettings(db, userId)]);
  return toFsrsItems(logs, learner.timeZone, learner.settings.dayRolloverHour);
}

// ---- applying parameters --------------------------------------------------------------------

/**
 * Save `weights` as the learner's parameters. With `reschedule`, every review-state card gets a
 * memory state replayed from its history with the new parameters and a due date of
 * last review + I(desired retention, S) days (learning cards keep their steps; cards whose
 * history does not start as new keep their schedule). Returns the number of cards rescheduled.
 */
export async function applyWeights(db: Db, userId: string, weights: number[], opts: { reschedule: boolean; now: Date }): Promise<{ rescheduled: number }> {
  const learner = await getSettings(db, userId);
  await saveSettings(db, userId, { ...learner.settings, weights }, learner.timeZone);
  if (!opts.reschedule) return { rescheduled: 0 };
  const logs = await loadReviewHistory(db, userId);
  const cards = await db.cardState.findMany({ where: { userId, state: 2 }, select: { cardId: true, lastReview: true } });
  const changes = rescheduleFromHistory(cards, logs, weights, learner.settings, learner.timeZone);
  const updates = changes.map((c) =>
    db.cardState.update({
      where: { userId_cardId: { userId, cardId: c.cardId } },
      data: { stability: c.stability, difficulty: c.difficulty, scheduledDays: c.scheduledDays, due: c.due, updatedAt: opts.now },
    }),
  );
  for (let i = 0; i < updates.length; i += 500) await db.$transaction(updates.slice(i, i + 500));
  forgetLearnerCache(db, userId);
  return { rescheduled: changes.length };
}

export { default_w as DEFAULT_WEIGHTS };
