import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { ingestDirectory } from "@/lib/ingest";
import { registerUser } from "@/lib/auth/users";
import { buryCard, getNext, getHomeStats, gradeCard, suspendCard, undoLast } from "@/lib/db/review";
import { getSettings, saveDeckOverride, saveSettings } from "@/lib/db/settings";
import { reviewStore } from "@/lib/db/review-store";
import { seenOf } from "@/lib/srs/actions";
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

  it("reads asked together (one statement on PostgreSQL) answer as each read asked alone", async () => {
    // Reviews due (Alpha and Beta), learning and relearning cards due now and later today (two at
    // the same instant), one buried, one suspended review, three retired cards, answers today.
    await makeDue(ids.slice(0, 30), 2);
    await makeDue(ids.slice(40, 55), 1);
    const put = async (cardId: string, change: Partial<Parameters<typeof reviewStore.upsertState>[1]>) => {
      const s = (await readOp(db, reviewStore.findState(ada, cardId)))!;
      await writeOp(db, ada, reviewStore.upsertState(ada, { ...s, ...change }));
    };
    for (const [i, cardId] of ids.slice(30, 36).entries()) await makeDue([cardId], 0).then(() => put(cardId, { state: i % 2 ? 1 : 3, due: at((i - 2) * 3_600_000) }));
    await put(ids[33], { due: at(-3_600_000) }); // the same due as ids[30]
    await put(ids[34], { buriedUntil: at(DAY) });
    await put(ids[41], { suspended: true });
    fs.writeFileSync(`${dir}/a.md`, deck("Alpha", 3, CARDS / 2));
    await ingestDirectory(db, dir);
    // Answered today: a learning card, two reviews, two new cards.
    const answer = async (cardId: string, g: 1 | 3) => {
      const state = await readOp(db, reviewStore.findState(ada, cardId));
      await gradeCard(db, ada, { ...grade({ id: cardId, seen: seenOf(state) } as ReviewCardView, g) }, T0);
    };
    for (const [cardId, g] of [[ids[31], 3], [ids[44], 3], [ids[45], 1], [ids[70], 3], [ids[71], 1]] as const) await answer(cardId, g);
    const beta = await db.deck.findFirstOrThrow({ where: { name: "Beta" } });
    const alpha = await db.deck.findFirstOrThrow({ where: { name: "Alpha" } });
    await saveDeckOverride(db, ada, beta.id, { newPerDay: 5 });

    const now = at(120_000);
    expect(await readOp(db, reviewStore.answeredToday(ada, at(-3_600_000)))).toEqual({ total: 5, newCount: 2, reviewCount: 2 });
    const since = at(-3_600_000);
    const before = at(DAY / 2);
    for (const scope of [null, [beta.id], [alpha.id, beta.id]])
      for (const [limit, cap] of [[50, 1000], [5, 3], [0, 0], [50, 10], [1, 1000]]) {
        const together = await readOp(db, reviewStore.queueInputs(ada, now, since, before, scope, limit, cap));
        const alone = await readOp(db, (function* () {
          return {
            today: yield* reviewStore.answeredToday(ada, since),
            learning: yield* reviewStore.learningCandidates(ada, now, scope),
            reviews: yield* reviewStore.reviewCandidates(ada, now, before, scope, limit),
            reviewsDue: yield* reviewStore.countReviewsDue(ada, now, before, scope, cap),
          };
        })());
        expect(together, `scope ${scope?.length ?? "all"}, limit ${limit}, cap ${cap}`).toEqual(alone);
      }

    const logged = await db.reviewLog.findFirstOrThrow({ where: { userId: ada, kind: "review" } });
    for (const [reviewId, cardId] of [[logged.id, logged.cardId], [logged.id, ids[50]], ["unused", ids[0]], ["unused", ids[45]], ["unused", ids[60]], ["unused", "no-such-card"]]) {
      const together = await readOp(db, reviewStore.gradeInputs(ada, reviewId, cardId));
      const alone = await readOp(db, (function* () {
        return { logOwner: yield* reviewStore.findLogOwner(reviewId), deckPath: yield* reviewStore.activeCardDeck(cardId), learner: yield* reviewStore.learner(ada), state: yield* reviewStore.findState(ada, cardId) };
      })());
      expect(together, `${reviewId} ${cardId}`).toEqual(alone);
    }
    expect((await readOp(db, reviewStore.gradeInputs(ada, "unused", ids[45]))).learner.overrides).toHaveLength(1);
    await expect(readOp(db, reviewStore.gradeInputs("no-such-user", "unused", ids[45]))).rejects.toThrow("No such user.");

    for (const cardId of [ids[0], ids[45], ids[60]])
      for (const sources of [false, true]) {
        const together = await readOp(db, reviewStore.cardWithState(ada, cardId, sources));
        const alone = await readOp(db, (function* () {
          return { card: yield* reviewStore.cardForReview(cardId, sources), state: yield* reviewStore.findState(ada, cardId) };
        })());
        expect(together).toEqual(alone);
      }
  });

  it("writes an answer's state, log and journal entry together, new or replacing a state", async () => {
    await makeDue([ids[1]], 1);
    const replaced = (await readOp(db, reviewStore.findState(ada, ids[1])))!;
    for (const [cardId, before] of [[ids[0], null], [ids[1], replaced]] as const) {
      const state = { ...replaced, cardId, due: at(5 * DAY), reps: 7, stability: 12.5, lastReview: T0, updatedAt: T0 };
      const log = { id: `w-${cardId}`, userId: ada, cardId, rating: 3, state: 2, due: state.due, previousDue: at(-DAY), stability: 12.5, difficulty: 5, elapsedDays: 1, lastElapsedDays: 0, scheduledDays: 5, learningSteps: 0, review: T0, durationMs: 2500 };
      const entry = { kind: "grade" as const, cardId, rating: 3, reviewId: log.id, before };
      await writeOp(db, ada, reviewStore.writeAnswer(ada, { state, before, log, kind: "review", entry, at: T0 }));
      expect(await readOp(db, reviewStore.findState(ada, cardId))).toEqual(state);
      const [written] = await readOp(db, reviewStore.logsForCard(ada, cardId));
      expect(written).toEqual({ id: log.id, review: T0, rating: 3, kind: "review", state: 2, elapsedDays: 1, stability: 12.5, difficulty: 5, durationMs: 2500 });
      expect(await readOp(db, reviewStore.lastAction(ada))).toEqual({ ...entry, id: expect.any(Number) });
    }
    // A review id already used: nothing of the answer is written.
    const state = { ...replaced, cardId: ids[2], due: at(9 * DAY) };
    const log = { id: `w-${ids[0]}`, userId: ada, cardId: ids[2], rating: 3, state: 2, due: state.due, previousDue: T0, stability: 1, difficulty: 5, elapsedDays: 0, lastElapsedDays: 0, scheduledDays: 9, learningSteps: 0, review: T0, durationMs: 1 };
    const last = await readOp(db, reviewStore.lastAction(ada));
    await expect(writeOp(db, ada, reviewStore.writeAnswer(ada, { state, before: null, log, kind: "review", entry: { kind: "grade", cardId: ids[2], rating: 3, reviewId: log.id, before: null }, at: T0 }))).rejects.toThrow();
    expect(await readOp(db, reviewStore.findState(ada, ids[2]))).toBeNull();
    expect(await readOp(db, reviewStore.lastAction(ada))).toEqual(last);
  });
});
