import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { ingestDirectory } from "@/lib/ingest";
import { registerUser } from "@/lib/auth/users";
import { buryCard, getNext, getHomeStats, gradeCard, suspendCard, undoLast } from "@/lib/db/review";
import { getSettings, saveSettings } from "@/lib/db/settings";
import { reviewStore } from "@/lib/db/review-store";
import { readOp, writeOp } from "@/lib/db/store";
import type { GradeRequest, ReviewCardView } from "@/lib/review/contract";
import { freshDb, writeContent } from "../helpers/db";

/**
 * The review loop's shortcuts (lib/db/review-store.ts: a window of review candidates, counts from
 * the index, siblings from lastReview) give the same answers as looking at everything, on either
 * database (this file runs in both integration runs). The SQLite connection's own rules are in
 * sqlite-connection.test.ts.
 */

const CARDS = 80;
const deck = (name: string, from: number, to: number) =>
  `---\ndeck: ${name}\n---\n` + Array.from({ length: to - from }, (_, i) => `Q: Question number ${from + i} about attention?\nA: Answer ${from + i}.\n`).join("\n");

let db: Db;
let cleanup: () => Promise<void>;
let dir: string;
let ada: string;
let ids: string[];
let seq = 0;
const T0 = new Date("2026-11-23T09:00:00Z");
const DAY = 86_400_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

beforeEach(async () => {
  ({ db, cleanup } = await freshDb());
  dir = writeContent({ "a.md": deck("Alpha", 0, CARDS / 2), "b.md": deck("Beta", CARDS / 2, CARDS) });
  await ingestDirectory(db, dir);
  ada = (await registerUser(db, { email: "ada@example.com", name: "Ada", password: "correct horse battery" })).id;
  ids = (await db.card.findMany({ orderBy: { position: "asc" }, select: { id: true } })).map((c) => c.id);
});
afterEach(async () => {
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const grade = (card: ReviewCardView, g: 1 | 2 | 3 | 4): GradeRequest => ({
  cardId: card.id,
  grade: g,
  reviewId: `r-${++seq}`,
  seenReps: card.seen.reps,
  seenUpdatedAt: card.seen.updatedAt,
  durationMs: 3000,
});

/** Put cards into review, due `overdueDays` before T0 (card i a little more overdue than i+1). */
async function makeDue(cardIds: string[], overdueDays: number) {
  for (const [i, cardId] of cardIds.entries())
    await writeOp(db, ada, reviewStore.upsertState(ada, {
      cardId,
      due: at(-overdueDays * DAY - (cardIds.length - i) * 60_000),
      stability: 10,
      difficulty: 5,
      elapsedDays: 10,
      scheduledDays: 10,
      learningSteps: 0,
      reps: 3,
      lapses: 0,
      state: 2,
      lastReview: at(-(overdueDays + 10) * DAY),
      suspended: false,
      buriedUntil: null,
      leech: false,
      updatedAt: at(-(overdueDays + 10) * DAY),
    }));
}

describe("the review loop's shortcuts", () => {
  it("counts due reviews from the index, leaving out retired cards, within a deck, and up to the cap", async () => {
    await makeDue(ids, 2);
    const end = at(DAY);
    expect(await readOp(db, reviewStore.countReviewsDue(ada, T0, end, null, 1000))).toBe(CARDS);
    expect(await readOp(db, reviewStore.countReviewsDue(ada, T0, end, null, 25))).toBe(25);
    const beta = await db.deck.findFirstOrThrow({ where: { name: "Beta" } });
    expect(await readOp(db, reviewStore.countReviewsDue(ada, T0, end, [beta.id], 1000))).toBe(CARDS / 2);
    const inBeta = await getNext(db, ada, { now: T0, deckId: beta.id });
    expect(inBeta.counts.review).toBe(CARDS / 2);
    expect(inBeta.card!.deckPath).toBe("Beta");
    expect(inBeta.card!.id).toBe(ids[CARDS / 2]); // the most overdue card of Beta

    // Retire three cards of Alpha by removing them from the source.
    fs.writeFileSync(`${dir}/a.md`, deck("Alpha", 3, CARDS / 2));
    await ingestDirectory(db, dir);
    expect(await readOp(db, reviewStore.countReviewsDue(ada, T0, end, null, 1000))).toBe(CARDS - 3);
    expect(await readOp(db, reviewStore.countReviewsDue(ada, T0, end, null, CARDS - 3))).toBe(CARDS - 3);
    const next = await getNext(db, ada, { now: T0 });
    expect(next.counts.review).toBe(CARDS - 3);
    expect(ids.slice(0, 3)).not.toContain(next.card!.id);
    expect((await getHomeStats(db, ada, T0)).dueTotal).toBe(CARDS - 3);
  });

  it("finds a due review beyond the first window when every card in it is a buried sibling", async () => {
    // 70 most-overdue cards share one sibling group; one of them was answered today.
    const grouped = ids.slice(0, 70);
    await db.card.updateMany({ where: { id: { in: grouped } }, data: { groupKey: "big-group" } });
    await makeDue(ids.slice(0, 75), 5);
    const answered = (await readOp(db, reviewStore.findState(ada, grouped[0])))!;
    await writeOp(db, ada, reviewStore.upsertState(ada, { ...answered, due: at(3 * DAY), lastReview: at(-60_000), updatedAt: at(-60_000) }));

    const next = await getNext(db, ada, { now: T0 });
    expect(ids.slice(70, 75)).toContain(next.card!.id);
    expect(next.counts.review).toBe(74);
  });

  it("holds back a sibling answered today, and gives it back when that answer is undone", async () => {
    await db.card.updateMany({ where: { id: { in: [ids[0], ids[1]] } }, data: { groupKey: "pair" } });
    const first = await getNext(db, ada, { now: T0 });
    expect(first.card!.id).toBe(ids[0]);
    await gradeCard(db, ada, grade(first.card!, 4), T0); // Easy: a review in days, not a learning step today
    const second = await getNext(db, ada, { now: at(60_000) });
    expect(second.card!.id).toBe(ids[2]); // ids[1] is ids[0]'s sibling: tomorrow

    const tomorrow = await getNext(db, ada, { now: at(DAY) });
    expect(tomorrow.card!.id).toBe(ids[1]);

    await undoLast(db, ada);
    const afterUndo = await getNext(db, ada, { now: at(3 * 60_000) });
    expect(afterUndo.card!.id).toBe(ids[0]);
    expect(afterUndo.counts.new).toBe(20);
  });

  it("counts new cards per deck on the home page: started, buried, suspended and retired ones left out", async () => {
    const learner = await getSettings(db, ada);
    await saveSettings(db, ada, { ...learner.settings, newPerDay: 500 }, learner.timeZone);
    let n = await getNext(db, ada, { now: T0 });
    for (let i = 0; i < 3; i++) {
      await gradeCard(db, ada, grade(n.card!, 3), T0); // three Alpha cards started
      n = await getNext(db, ada, { now: T0 });
    }
    await buryCard(db, ada, ids[CARDS / 2], T0); // a Beta card, new but buried until tomorrow
    await suspendCard(db, ada, ids[CARDS / 2 + 1], T0); // a Beta card, new but suspended
    fs.writeFileSync(`${dir}/a.md`, deck("Alpha", 0, CARDS / 2 - 2)); // two unstarted Alpha cards retired
    await ingestDirectory(db, dir);

    const home = await getHomeStats(db, ada, T0);
    const byName = new Map(home.decks.map((d) => [d.name, d.new]));
    expect(byName.get("Alpha")).toBe(CARDS / 2 - 3 - 2);
    expect(byName.get("Beta")).toBe(CARDS / 2 - 2);
    expect(home.newTotal).toBe(CARDS - 3 - 2 - 2);
    // tomorrow the buried card is new again
    const tomorrow = await getHomeStats(db, ada, at(DAY));
    expect(tomorrow.decks.find((d) => d.name === "Beta")!.new).toBe(CARDS / 2 - 1);
    // and the streak counts today
    expect(home.streak).toBe(1);
  });
});
