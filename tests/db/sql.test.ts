import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import fs from "node:fs";
import os from "node:os";
import { createDb, type Db } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { all, boolOf, bySql, dateOf, dateOrNullOf, get, IN_LIST, list, numOf, run, textFor } from "@/lib/db/sql";
import { queryOp, readOp, writeOp } from "@/lib/db/store";
import { tempPostgres } from "../helpers/postgres";

/**
 * The SQL written once for both databases (lib/db/sql.ts): its translation, and its column codecs
 * checked by a round trip through each real database (dates to the millisecond, booleans, nulls,
 * lists, 64-bit counts, JSON text).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
// Away from UTC, so a date read back in the process's zone instead of as UTC shows (this file runs in its own worker).
process.env.TZ = "Asia/Tokyo";

describe("statement text", () => {
  it("numbers parameters, spells lists and drops SQLite's index hints on PostgreSQL only", () => {
    const sql = `SELECT "id" FROM "Card" c INDEXED BY "Card_deckId_retiredAt_idx" WHERE c."deckId" ${IN_LIST} AND c."position" > ? LIMIT ?`;
    expect(textFor("sqlite", sql)).toBe(sql);
    expect(textFor("postgresql", sql)).toBe(`SELECT "id" FROM "Card" c WHERE c."deckId" = ANY($1) AND c."position" > $2 LIMIT $3`);
    expect(textFor("postgresql", bySql({ sqlite: "a ?", postgresql: "b ? FOR UPDATE" }))).toBe("b $1 FOR UPDATE");
    expect(textFor("sqlite", bySql({ sqlite: "a ?", postgresql: "b ?" }))).toBe("a ?");
  });
});

const databases: { name: string; open: () => Promise<{ db: Db; done: () => Promise<void> }> }[] = [
  {
    name: "SQLite",
    open: async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-sql-"));
      const url = `file:${path.join(dir, "t.db")}`;
      await migrateDatabase(url, ROOT);
      const db = createDb(url);
      return { db, done: async () => (await db.$disconnect(), fs.rmSync(dir, { recursive: true, force: true })) };
    },
  },
  {
    name: "PostgreSQL",
    open: async () => {
      const pg = await tempPostgres("attend_sql");
      await migrateDatabase(pg.url, ROOT);
      const db = createDb(pg.url);
      return { db, done: async () => (await db.$disconnect(), await pg.drop()) };
    },
  },
];

describe.each(databases)("column codecs on $name", ({ open }) => {
  let db: Db;
  let done: () => Promise<void>;
  beforeAll(async () => ({ db, done } = await open()));
  afterAll(() => done());

  it("round-trips dates, booleans, nulls, lists and counts, and Prisma reads what the SQL wrote", async () => {
    const due = new Date("2026-03-29T01:30:00.123Z"); // inside a DST change in Europe, to the millisecond
    await db.user.create({ data: { id: "u1", email: "u1@example.com", name: "U", passwordHash: "x", timeZone: "UTC" } });
    await db.deck.create({ data: { id: "d1", path: "D", name: "D", depth: 0 } });
    for (const id of ["c1", "c2", "c3"])
      await db.card.create({ data: { id, deckId: "d1", question: id, questionHtml: id, alternatives: '[{"answer":"x"}]', widgets: "[]", position: 1, contentHash: id } });
    const changed = await writeOp(
      db,
      "u1",
      run(
        `INSERT INTO "CardState" ("userId", "cardId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "suspended", "buriedUntil", "leech", "updatedAt")
         VALUES (?, ?, ?, 1.5, 5.25, 0, 0, 0, 1, 0, 1, NULL, ?, NULL, ?, ?)`,
        "u1", "c1", due, true, false, due,
      ),
    );
    expect(changed).toBe(1);
    const row = (await readOp(db, get(`SELECT * FROM "CardState" WHERE "userId" = ? AND "cardId" = ?`, "u1", "c1")))!;
    expect(dateOf(row.due).toISOString()).toBe(due.toISOString());
    expect(dateOrNullOf(row.lastReview)).toBeNull();
    expect(boolOf(row.suspended)).toBe(true);
    expect(boolOf(row.leech)).toBe(false);
    expect(numOf(row.stability)).toBe(1.5);
    const viaPrisma = await db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: "u1", cardId: "c1" } } });
    expect(viaPrisma.due.toISOString()).toBe(due.toISOString());
    expect(viaPrisma.suspended).toBe(true);

    // a date compares as a time on both (text order on SQLite, timestamps on PostgreSQL)
    const before = await queryOp(db, all(`SELECT "cardId" FROM "CardState" WHERE "due" < ?`, new Date(due.getTime() + 1)));
    const after = await queryOp(db, all(`SELECT "cardId" FROM "CardState" WHERE "due" < ?`, due));
    expect([before.length, after.length]).toEqual([1, 0]);
    const listed = await queryOp(db, all(`SELECT "id" FROM "Card" WHERE "id" ${IN_LIST} ORDER BY "id"`, list(["c3", "c1", "zz"])));
    expect(listed.map((r) => r.id)).toEqual(["c1", "c3"]);
    const count = (await queryOp(db, get(`SELECT COUNT(*) AS "n" FROM "Card"`)))!;
    expect(numOf(count.n)).toBe(3);
  });

  it("rolls a failed write transaction back as a whole", async () => {
    const attempt = writeOp(
      db,
      "u1",
      (function* () {
        yield* run(`UPDATE "Card" SET "position" = 99 WHERE "id" = ?`, "c2");
        throw new Error("refused half-way");
      })(),
    );
    await expect(attempt).rejects.toThrow("refused half-way");
    expect((await db.card.findUniqueOrThrow({ where: { id: "c2" } })).position).toBe(1);
  });
});
