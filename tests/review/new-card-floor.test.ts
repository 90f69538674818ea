import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { ingestDirectory } from "@/lib/ingest";
import { registerUser } from "@/lib/auth/users";
import { buryCard, forgetCard, gradeCard, undoLast } from "@/lib/db/review";
import { reviewStore } from "@/lib/db/review-store";
import { readOp } from "@/lib/db/store";
import { storeCache } from "@/lib/db/sql";
import { createDb } from "@/lib/db/client";
import { seenOf } from "@/lib/srs/actions";
import { freshDb, writeContent } from "../helpers/db";

/**
 * The query for new cards starts at the learner's floor (lib/db/store-cache.ts: every active card
 * before it was not new for her at the last full look). Whatever turns a card before the floor new
 * again must bring it back at once: a forget, an undo of a first answer, an ingest that adds a
 * card earlier in the source, a bury that runs out. Each check runs over every deck and within
 * one deck (a floor of its own; another deck's cards come first in the source), on SQLite and on
 * PostgreSQL.
 */
const question = (i: number) => `Q: Floor question ${i}?\nA: Answer ${i}.\n`;
const deck = (first: string[]) => ["---", "deck: Floor", "---", ...first, ...Array.from({ length: 30 }, (_, i) => question(i))].join("\n");
/** Sorts before floor.md: its cards come first in the source, outside the deck the scoped suite studies. */
const OTHER = ["---", "deck: Elsewhere", "---", ...Array.from({ length: 5 }, (_, i) => `Q: Elsewhere question ${i}?\nA: Answer ${i}.\n`)].join("\n");
const NOW = new Date("2026-03-02T10:00:00Z");
const DAY = 86_400_000;

for (const scope of ["every deck", "one deck"] as const) floorSuite(scope);

function floorSuite(scope: "every deck" | "one deck") {
  let db: Db;
  let url: string;
  let cleanup: () => Promise<void>;
  let dir: string;
  let userId: string;
  let ids: Map<string, string>;

  const cardIdsByQuestion = async () => new Map((await db.card.findMany({ select: { id: true, question: true } })).map((c) => [c.question.replace(/\?$/, "").trim(), c.id]));
  const id = (i: number) => ids.get(`Floor question ${i}`)!;
  let deckIds: string[] | null;
  const position = async (cardId: string) => (await db.card.findUniqueOrThrow({ where: { id: cardId } })).position;
  const floor = async () => (await readOp(db, (function* () { return yield* storeCache(); })())).newFloor.get(userId, deckIds);
  const firstNew = async (now = NOW) => (await readOp(db, reviewStore.newCandidates(userId, now, deckIds, 3))).map((c) => c.id);
  let reviews = 0;
  async function answer(cardId: string, grade: 1 | 2 | 3 | 4 = 3) {
    const seen = seenOf(await readOp(db, reviewStore.findState(userId, cardId)));
    await gradeCard(db, userId, { cardId, grade, reviewId: `floor-${++reviews}`, seenReps: seen.reps, seenUpdatedAt: seen.updatedAt, durationMs: 2000 }, NOW);
  }

  beforeAll(async () => {
    ({ db, url, cleanup } = await freshDb());
    dir = writeContent({ "a-elsewhere.md": OTHER, "floor.md": deck([]) });
    await ingestDirectory(db, dir);
    ids = await cardIdsByQuestion();
    deckIds = scope === "one deck" ? [(await db.deck.findFirstOrThrow({ where: { name: "Floor" } })).id] : null;
    userId = (await registerUser(db, { email: "floor@example.com", name: "Floor", password: "correct horse battery" })).id;
    if (scope === "every deck") for (let i = 0; i < 5; i++) await answer(ids.get(`Elsewhere question ${i}`)!);
    for (let i = 0; i < 10; i++) {
      expect((await firstNew())[0]).toBe(id(i)); // studied in order: the floor follows her
      await answer(id(i));
    }
    // the look keeps a floor for this scope
    expect((await floor())?.position).toBe(await position(id(9)));
  });
  afterAll(async () => {
    await cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe(`new cards after the floor, ${scope}`, () => {
    it("start after the cards she answered in order", async () => {
      expect(await firstNew()).toEqual([id(10), id(11), id(12)]);
    });

    if (scope === "one deck")
      it("a look over every deck keeps a floor of its own: the other deck's cards, first in the source, are still new", async () => {
        const everyDeck = async () => (await readOp(db, reviewStore.newCandidates(userId, NOW, null, 1)))[0].id;
        expect(await everyDeck()).toBe(ids.get("Elsewhere question 0"));
        expect((await firstNew())[0]).toBe(id(10));
        expect(await everyDeck()).toBe(ids.get("Elsewhere question 0"));
      });

    it("an undone first answer (the state row goes) makes the card new again at once", async () => {
      await answer(id(10));
      expect((await firstNew())[0]).toBe(id(11));
      await undoLast(db, userId);
      expect((await firstNew())[0]).toBe(id(10));
    });

    it("a forgotten card before the floor is new again at once, and an undo of its next first answer too", async () => {
      await forgetCard(db, userId, id(3), NOW);
      expect((await firstNew())[0]).toBe(id(3));
      await answer(id(3));
      expect((await firstNew())[0]).toBe(id(10));
      await undoLast(db, userId); // back to forgotten: new
      expect((await firstNew())[0]).toBe(id(3));
      await answer(id(3));
      expect((await firstNew())[0]).toBe(id(10));
    });

    it("another instance's forget and undo count here at once (the version in the database, not this instance's memory)", async () => {
      const other = createDb(url); // a second app instance: its own connection, its own memory
      try {
        expect((await firstNew())[0]).toBe(id(10));
        await forgetCard(other, userId, id(5), NOW);
        expect((await firstNew())[0]).toBe(id(5));
        const seen = seenOf(await readOp(other, reviewStore.findState(userId, id(5))));
        await gradeCard(other, userId, { cardId: id(5), grade: 3, reviewId: `floor-${++reviews}`, seenReps: seen.reps, seenUpdatedAt: seen.updatedAt, durationMs: 2000 }, NOW);
        expect((await firstNew())[0]).toBe(id(10));
        await undoLast(other, userId);
        expect((await firstNew())[0]).toBe(id(5));
        await answer(id(5));
        expect((await firstNew())[0]).toBe(id(10));
      } finally {
        await other.$disconnect();
      }
    });

    it("a new card buried today is back tomorrow, with nothing written in between", async () => {
      await buryCard(db, userId, id(10), NOW);
      expect((await firstNew())[0]).toBe(id(11));
      expect((await firstNew(new Date(NOW.getTime() + DAY)))[0]).toBe(id(10));
    });

    it("an ingest that adds a card before the floor shows it, and counts it on the home page (the active counts are kept per ingest run)", async () => {
      expect((await firstNew())[0]).toBe(id(11));
      const newCounts = async () => [...(await readOp(db, reviewStore.newCountsByDeck(userId, NOW))).values()].reduce((a, b) => a + b, 0);
      const before = await newCounts();
      writeContent({ "a-elsewhere.md": OTHER, "floor.md": deck([question(100)]) }, dir);
      await ingestDirectory(db, dir);
      ids = await cardIdsByQuestion();
      expect((await firstNew())[0]).toBe(id(100));
      expect(await newCounts()).toBe(before + 1);
      expect(await position(id(100))).toBeLessThan(await position(id(3)));
    });
  });
}
