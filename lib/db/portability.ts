/**
 * A learner's data in and out: review logs as FSRS-tools CSV (import is validated, all or
 * nothing, and idempotent), cards as CSV, and a full JSON backup (settings, deck overrides, card
 * states, logs) whose restore gives back exactly the same schedules. Every function takes the
 * signed-in user's id and reads or writes only that user's rows.
 */
import { createHash } from "node:crypto";
import { stringify } from "csv-stringify/sync";
import { Prisma } from "@/generated/prisma/client";
import { formatReviewCsv, parseReviewCsv, reviewKey, type CsvProblem, type CsvReview } from "@/lib/stats/csv";
import { backupProblems, backupSchema, type Backup } from "@/lib/stats/backup-schema";
import type { Db } from "./client";
import { getSettings } from "./settings";
import { forgetLearnerCache } from "./store";

const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const DAY = 86_400_000;
const CHUNK = 500; // ids per IN (...) list, well under SQLite's variable limit

async function inChunks<T, R>(items: T[], size: number, fn: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await fn(items.slice(i, i + size))));
  return out;
}

// ---- bulk writes: multi-row INSERTs (about 7× faster than createMany through the adapter) -----

type LogInsert = {
  id: string; userId: string; cardId: string; rating: number; state: number; due: Date; previousDue: Date; stability: number; difficulty: number;
  elapsedDays: number; lastElapsedDays: number; scheduledDays: number; learningSteps: number; review: Date; durationMs: number; kind: string;
};
type StateInsert = {
  userId: string; cardId: string; due: Date; stability: number; difficulty: number; elapsedDays: number; scheduledDays: number; learningSteps: number;
  reps: number; lapses: number; state: number; lastReview: Date | null; suspended: boolean; buriedUntil: Date | null; leech: boolean; updatedAt: Date;
};
const ROWS_PER_INSERT = 500; // × 16 columns, under SQLite's 32,766 bound parameters

async function insertLogs(db: Prisma.TransactionClient, rows: LogInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows.slice(i, i + ROWS_PER_INSERT).map(
      (l) => Prisma.sql`(${l.id}, ${l.userId}, ${l.cardId}, ${l.rating}, ${l.state}, ${l.due}, ${l.previousDue}, ${l.stability}, ${l.difficulty},
        ${l.elapsedDays}, ${l.lastElapsedDays}, ${l.scheduledDays}, ${l.learningSteps}, ${l.review}, ${l.durationMs}, ${l.kind})`,
    );
    await db.$executeRaw`
      INSERT INTO "ReviewLog" ("id", "userId", "cardId", "rating", "state", "due", "previousDue", "stability", "difficulty",
                               "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "review", "durationMs", "kind")
      VALUES ${Prisma.join(values)}`;
  }
}

async function insertStates(db: Prisma.TransactionClient, rows: StateInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows.slice(i, i + ROWS_PER_INSERT).map(
      (s) => Prisma.sql`(${s.userId}, ${s.cardId}, ${s.due}, ${s.stability}, ${s.difficulty}, ${s.elapsedDays}, ${s.scheduledDays}, ${s.learningSteps},
        ${s.reps}, ${s.lapses}, ${s.state}, ${s.lastReview}, ${s.suspended}, ${s.buriedUntil}, ${s.leech}, ${s.updatedAt})`,
    );
    await db.$executeRaw`
      INSERT INTO "CardState" ("userId", "cardId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps",
                               "reps", "lapses", "state", "lastReview", "suspended", "buriedUntil", "leech", "updatedAt")
      VALUES ${Prisma.join(values)}`;
  }
}

// ---- review logs CSV ------------------------------------------------------------------------

/** Every answer except manual entries, oldest first (ties by card id). */
export async function exportReviewCsv(db: Db, userId: string): Promise<string> {
  const rows = await db.$queryRaw<{ cardId: string; review: unknown; rating: bigint; state: bigint; durationMs: bigint }[]>`
    SELECT "cardId", "review", "rating", "state", "durationMs" FROM "ReviewLog"
    WHERE "userId" = ${userId} AND "kind" <> 'manual' ORDER BY "review" ASC, "cardId" ASC, "id" ASC`;
  return formatReviewCsv(rows.map((r) => ({ cardId: r.cardId, reviewTime: toDate(r.review).getTime(), rating: Number(r.rating), state: Number(r.state), durationMs: Number(r.durationMs) })));
}

export type ImportResult = { ok: true; imported: number; skipped: number } | { ok: false; problems: CsvProblem[] };

/**
 * Import a review-log CSV. Any problem (malformed line, unknown card) → nothing is imported and
 * every problem comes back with its line number. A row equal in every column to one already
 * stored for this learner (or earlier in the file) is skipped, so importing twice changes nothing.
 * Imported rows have kind "import": the optimizer and the charts use them, undo does not.
 */
export async function importReviewCsv(db: Db, userId: string, text: string): Promise<ImportResult> {
  const { rows, lines, problems } = parseReviewCsv(text);
  if (problems.length) return { ok: false, problems };

  const cardIds = [...new Set(rows.map((r) => r.cardId))];
  const known = new Set(
    (await inChunks(cardIds, CHUNK, (ids) => db.card.findMany({ where: { id: { in: ids } }, select: { id: true } }))).map((c) => c.id),
  );
  const unknown = rows.map((r, i) => ({ r, line: lines[i] })).filter(({ r }) => !known.has(r.cardId));
  if (unknown.length) {
    return { ok: false, problems: unknown.slice(0, 50).map(({ r, line }) => ({ line, message: `unknown card_id "${r.cardId}"` })) };
  }

  const existing = await inChunks(cardIds, CHUNK, (ids) =>
    db.reviewLog.findMany({ where: { userId, cardId: { in: ids } }, select: { cardId: true, review: true, rating: true, state: true, durationMs: true } }),
  );
  const seen = new Set(existing.map((l) => reviewKey({ cardId: l.cardId, reviewTime: l.review.getTime(), rating: l.rating, state: l.state, durationMs: l.durationMs })));
  const fresh: CsvReview[] = [];
  for (const r of rows) {
    const key = reviewKey(r);
    if (seen.has(key)) continue;
    seen.add(key);
    fresh.push(r);
  }

  // Days since the card's previous answer (as ts-fsrs counts them: UTC calendar days), over the
  // stored and the imported answers together, for the charts' interval buckets.
  const times = new Map<string, number[]>();
  for (const l of existing) push(times, l.cardId, l.review.getTime());
  for (const r of fresh) push(times, r.cardId, r.reviewTime);
  for (const list of times.values()) list.sort((a, b) => a - b);
  const elapsed = (cardId: string, t: number) => {
    const list = times.get(cardId)!;
    const i = list.indexOf(t);
    const days = (k: number) => (k > 0 ? Math.floor(list[k] / DAY) - Math.floor(list[k - 1] / DAY) : 0);
    return { elapsedDays: days(i), lastElapsedDays: i > 0 ? days(i - 1) : 0 };
  };

  const data = fresh.map((r) => {
    const review = new Date(r.reviewTime);
    return {
      id: "imp_" + createHash("sha256").update(`${userId}\u0000${reviewKey(r)}`).digest("base64url").slice(0, 24),
      userId,
      cardId: r.cardId,
      rating: r.rating,
      state: r.state,
      due: review,
      previousDue: review,
      stability: 0,
      difficulty: 0,
      ...elapsed(r.cardId, r.reviewTime),
      scheduledDays: 0,
      learningSteps: 0,
      review,
      durationMs: r.durationMs,
      kind: "import",
    };
  });
  await db.$transaction(
    async (tx) => {
      await insertLogs(tx, data);
    },
    { timeout: 300_000 },
  );
  return { ok: true, imported: fresh.length, skipped: rows.length - fresh.length };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// ---- cards CSV ------------------------------------------------------------------------------

export const CARDS_CSV_HEADER = ["card_id", "deck", "question", "state", "due", "stability", "difficulty", "reps", "lapses", "last_review", "suspended", "leech"];

/** Every active card with the learner's schedule for it (state "new" and no due date when never studied). */
export async function exportCardsCsv(db: Db, userId: string): Promise<string> {
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT c."id" AS "id", d."path" AS "deck", c."question" AS "question", s."state" AS "state", s."due" AS "due", s."stability" AS "stability",
           s."difficulty" AS "difficulty", s."reps" AS "reps", s."lapses" AS "lapses", s."lastReview" AS "lastReview", s."suspended" AS "suspended", s."leech" AS "leech"
    FROM "Card" c JOIN "Deck" d ON d."id" = c."deckId"
    LEFT JOIN "CardState" s ON s."cardId" = c."id" AND s."userId" = ${userId}
    WHERE c."retiredAt" IS NULL ORDER BY d."path" ASC, c."position" ASC, c."id" ASC`;
  const STATES = ["new", "learning", "review", "relearning"];
  const iso = (v: unknown) => (v === null || v === undefined ? "" : toDate(v).toISOString());
  const flag = (v: unknown) => (v === true || v === 1 || v === 1n || v === "1" ? "1" : "0");
  return stringify(
    rows.map((r) => [
      r.id,
      r.deck,
      r.question,
      STATES[Number(r.state ?? 0)],
      iso(r.due),
      r.stability ?? "",
      r.difficulty ?? "",
      r.reps ?? 0,
      r.lapses ?? 0,
      iso(r.lastReview),
      flag(r.suspended),
      flag(r.leech),
    ]),
    { header: true, columns: CARDS_CSV_HEADER, record_delimiter: "\n", cast: { bigint: (v) => String(v), number: (v) => String(v) } },
  );
}

// ---- full backup ----------------------------------------------------------------------------

// The backup's shape and ranges live in a pure module (lib/stats/backup-schema.ts).
export { backupSchema, type Backup } from "@/lib/stats/backup-schema";

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export async function exportBackup(db: Db, userId: string, now: Date): Promise<Backup> {
  const [learner, states, logs] = await Promise.all([
    getSettings(db, userId),
    db.cardState.findMany({ where: { userId }, orderBy: { cardId: "asc" } }),
    db.reviewLog.findMany({ where: { userId }, orderBy: [{ review: "asc" }, { id: "asc" }] }),
  ]);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    format: "attend-backup",
    version: 1,
    exportedAt: now.toISOString(),
    timeZone: learner.timeZone,
    settings: learner.settings,
    deckOverrides: learner.deckOverrides.map((o) => ({ deckId: o.deckId, deckPath: o.deckPath, settings: o.settings })),
    cardStates: states.map(({ userId: _u, ...s }) => ({ ...s, due: s.due.toISOString(), lastReview: iso(s.lastReview), buriedUntil: iso(s.buriedUntil), updatedAt: s.updatedAt.toISOString() })),
    reviewLogs: logs.map(({ userId: _u, ...l }) => ({ ...l, due: l.due.toISOString(), previousDue: l.previousDue.toISOString(), review: l.review.toISOString(), kind: l.kind as "review" })),
  };
}

export type RestoreResult =
  | { ok: true; cardStates: number; reviewLogs: number; skippedLogs: number; skippedDecks: string[] }
  | { ok: false; problems: string[] };

/**
 * Restore a backup into this learner's account (whoever made it): settings and time zone, deck
 * overrides (matched by id, else path; unknown decks are skipped and named), card states (the
 * account's schedule becomes exactly the backup's) and logs (added; a log already in the account
 * is skipped, so restoring twice changes nothing). Unknown cards → nothing restored.
 */
export async function restoreBackup(db: Db, userId: string, input: unknown): Promise<RestoreResult> {
  const parsed = backupSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: backupProblems(parsed.error, input) };
  const b = parsed.data;
  const cardIds = [...new Set([...b.cardStates.map((s) => s.cardId), ...b.reviewLogs.map((l) => l.cardId)])];
  const known = new Set((await inChunks(cardIds, CHUNK, (ids) => db.card.findMany({ where: { id: { in: ids } }, select: { id: true } }))).map((c) => c.id));
  const missing = cardIds.filter((id) => !known.has(id));
  if (missing.length) return { ok: false, problems: [`${missing.length} card(s) in the backup are not on this server, e.g. ${missing.slice(0, 5).map((m) => `"${m}"`).join(", ")}`] };

  const decks = await db.deck.findMany({ select: { id: true, path: true } });
  const byId = new Set(decks.map((d) => d.id));
  const byPath = new Map(decks.map((d) => [d.path, d.id]));
  const skippedDecks: string[] = [];
  const overrides = b.deckOverrides.flatMap((o) => {
    const deckId = byId.has(o.deckId) ? o.deckId : byPath.get(o.deckPath);
    if (!deckId) {
      skippedDecks.push(o.deckPath);
      return [];
    }
    return [{ userId, deckId, settings: JSON.stringify(o.settings) }];
  });

  // Log ids are unique across accounts: a log restored into another account gets a derived id.
  const owners = new Map(
    (await inChunks(b.reviewLogs.map((l) => l.id), CHUNK, (ids) => db.reviewLog.findMany({ where: { id: { in: ids } }, select: { id: true, userId: true } }))).map((l) => [l.id, l.userId]),
  );
  const logs = b.reviewLogs.flatMap((l) => {
    const owner = owners.get(l.id);
    if (owner === userId) return [];
    const id = owner === undefined ? l.id : "rst_" + createHash("sha256").update(`${userId}\u0000${l.id}`).digest("base64url").slice(0, 24);
    return [{ ...l, id, userId }];
  });
  const derived = logs.filter((l) => !owners.has(l.id) && l.id.startsWith("rst_")).map((l) => l.id);
  const alreadyDerived = new Set((await inChunks(derived, CHUNK, (ids) => db.reviewLog.findMany({ where: { id: { in: ids } }, select: { id: true } }))).map((l) => l.id));
  const newLogs = logs.filter((l) => !alreadyDerived.has(l.id));

  if (!validZone(b.timeZone)) return { ok: false, problems: ["timeZone: unknown time zone"] };
  await db.$transaction(
    async (tx) => {
      // newCardsVersion: her states are replaced, so any card may be new again (lib/db/store-cache.ts).
      await tx.user.update({ where: { id: userId }, data: { settings: JSON.stringify(b.settings), timeZone: b.timeZone, newCardsVersion: { increment: 1 } } });
      await tx.deckSettings.deleteMany({ where: { userId } });
      if (overrides.length) await tx.deckSettings.createMany({ data: overrides });
      await tx.cardState.deleteMany({ where: { userId } });
      await insertStates(tx, b.cardStates.map((s) => ({ ...s, userId })));
      await insertLogs(tx, newLogs);
    },
    { timeout: 300_000 },
  );
  forgetLearnerCache(db, userId);
  return { ok: true, cardStates: b.cardStates.length, reviewLogs: newLogs.length, skippedLogs: b.reviewLogs.length - newLogs.length, skippedDecks };
}
