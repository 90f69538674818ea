import type { Db } from "./client";
import { dialectOf } from "./dialect";
import { sqlBool, sqlDate, sqliteOf, stmt } from "./sqlite";

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

/** True when `writeCardUpdates` can take them on this client's connection (SQLite). */
export const canWriteDirectly = (db: Db) => dialectOf(db) === "sqlite";

/** Must run inside the caller's open write transaction on `db` (the same connection). */
export function writeCardUpdates(db: Db, updates: CardUpdate[], now: Date): void {
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
