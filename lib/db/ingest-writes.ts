import { Prisma } from "@/generated/prisma/client";
import type { Db } from "./client";
import { dialectOf } from "./dialect";
import { sqlBool, sqlDate, sqliteOf, stmt } from "./sqlite";

/** A Prisma transaction's client (what `db.$transaction(async (tx) => ...)` hands over). */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const CHUNK = 500;

/** New positions of unchanged cards, many rows a statement (one UPDATE per card took ~1 ms each). */
export async function moveCards(tx: Tx, moved: { id: string; position: number }[]): Promise<void> {
  for (let i = 0; i < moved.length; i += CHUNK) {
    const rows = Prisma.join(moved.slice(i, i + CHUNK).map((m) => Prisma.sql`(${m.id}, ${m.position})`));
    await tx.$executeRaw`UPDATE "Card" SET "position" = CAST(v.column2 AS INTEGER) FROM (VALUES ${rows}) AS v WHERE "Card"."id" = v.column1`;
  }
}

/**
 * An ingest's changed cards, written inside its publishing transaction. On SQLite the database is
 * locked for the whole transaction, so the statements run straight on the connection, prepared
 * once (~10 µs each): through Prisma, one card (update + sources + tags, five round trips) cost
 * ~2 ms, and 20,000 reworded cards held the lock ~38 s (bench/RESULTS.md). PostgreSQL locks only
 * the rows written, so there the caller keeps Prisma's model API.
 */
export interface CardUpdate {
  id: string;
  position: number;
  deckId: string;
  explicitId: string | null;
  question: string;
  answer: string | null;
  context: string | null;
  questionHtml: string;
  answerHtml: string | null;
  contextHtml: string | null;
  alternatives: string;
  widgets: string;
  noAutoWidgets: boolean;
  groupKey: string | null;
  contentHash: string;
  sources: { file: string; line: number; position: number }[];
  tags: string[];
}

/**
 * Write the changed cards inside the caller's publishing transaction `tx` on `db`: on SQLite
 * straight on the connection (the same one, which the transaction holds), on PostgreSQL through
 * the transaction's model API.
 */
export async function writeCardUpdates(db: Db, tx: Tx, updates: CardUpdate[], now: Date): Promise<void> {
  if (dialectOf(db) === "sqlite") return writeOnConnection(db, updates, now);
  for (const { id, sources, tags, ...data } of updates) {
    await tx.card.update({ where: { id }, data: { ...data, retiredAt: null, updatedAt: now } });
    await tx.cardSource.deleteMany({ where: { cardId: id } });
    await tx.cardSource.createMany({ data: sources.map((s) => ({ cardId: id, ...s })) });
    await tx.cardTag.deleteMany({ where: { cardId: id } });
    const tagRows = [...new Set(tags)].map((tag) => ({ cardId: id, tag }));
    if (tagRows.length) await tx.cardTag.createMany({ data: tagRows });
  }
}

function writeOnConnection(db: Db, updates: CardUpdate[], now: Date): void {
  const sqlite = sqliteOf(db);
  if (!sqlite.inTransaction) throw new Error("writeCardUpdates runs inside the publishing transaction.");
  const card = stmt(
    sqlite,
    `UPDATE "Card" SET "position" = ?, "deckId" = ?, "explicitId" = ?, "question" = ?, "answer" = ?, "context" = ?, "questionHtml" = ?,
       "answerHtml" = ?, "contextHtml" = ?, "alternatives" = ?, "widgets" = ?, "noAutoWidgets" = ?, "groupKey" = ?, "contentHash" = ?,
       "retiredAt" = NULL, "updatedAt" = ? WHERE "id" = ?`,
  );
  const dropSources = stmt(sqlite, `DELETE FROM "CardSource" WHERE "cardId" = ?`);
  const addSource = stmt(sqlite, `INSERT INTO "CardSource" ("cardId", "file", "line", "position") VALUES (?, ?, ?, ?)`);
  const dropTags = stmt(sqlite, `DELETE FROM "CardTag" WHERE "cardId" = ?`);
  const addTag = stmt(sqlite, `INSERT INTO "CardTag" ("cardId", "tag") VALUES (?, ?)`);
  const at = sqlDate(now);
  for (const u of updates) {
    const changed = card.run(
      u.position, u.deckId, u.explicitId, u.question, u.answer, u.context, u.questionHtml,
      u.answerHtml, u.contextHtml, u.alternatives, u.widgets, sqlBool(u.noAutoWidgets), u.groupKey, u.contentHash,
      at, u.id,
    ).changes;
    if (changed !== 1) throw new Error(`Card ${u.id} vanished during the ingest.`);
    dropSources.run(u.id);
    for (const s of u.sources) addSource.run(u.id, s.file, s.line, s.position);
    dropTags.run(u.id);
    for (const tag of new Set(u.tags)) addTag.run(u.id, tag);
  }
}
