import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { ingestDirectory } from "@/lib/ingest";
import { registerUser } from "@/lib/auth/users";
import {
  bulkCardAction,
  buryCard,
  forgetCard,
  getCardStudyInfo,
  getNext,
  getNextAfterAction,
  gradeAndNext,
  getHomeStats,
  gradeCard,
  listLeeches,
  listLeechCardsForAuthors,
  ReviewError,
  setDueDate,
  suspendCard,
  unburyCard,
  undoLast,
} from "@/lib/db/review";
import { saveSettings, getSettings } from "@/lib/db/settings";
import type { GradeRequest, ReviewCardView } from "@/lib/review/contract";
import { freshDb, writeContent } from "../helpers/db";

const DECK = `---
deck: Attention
---
# Basics
Q: Why divide attention scores by $\\sqrt{d_k}$?
A: To keep their variance near one.

Q: What does the causal mask hide?
A: Later positions.

Q: What is a KV cache?
A: Stored keys and values of earlier positions.

Q: What is perplexity?
A: The exponential of the cross-entropy.
`;

let db: Db;
let cleanup: () => Promise<void>;
let dir: string;
let alice: string;
let bob: string;
let seq = 0;
const T0 = new Date("2026-11-23T09:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

beforeEach(async () => {
  ({ db, cleanup } = await freshDb());
  dir = writeContent({ "attention.md": DECK });
  await ingestDirectory(db, dir);
  alice = (await registerUser(db, { email: "alice@example.com", name: "Alice", password: "correct horse battery" })).id;
  bob = (await registerUser(db, { email: "bob@example.com", name: "Bob", password: "correct horse battery" })).id;
});
afterEach(async () => {
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const grade = (card: ReviewCardView, g: 1 | 2 | 3 | 4, extra: Partial<GradeRequest> = {}): GradeRequest => ({
  cardId: card.id,
  grade: g,
  reviewId: `review-${++seq}-${Math.random().toString(36).slice(2, 10)}`,
  seenReps: card.seen.reps,
  seenUpdatedAt: card.seen.updatedAt,
  durationMs: 4000,
  ...extra,
});

describe("the review loop", () => {
  it("shows new cards in source order with an interval on each button", async () => {
    const next = await getNext(db, alice, { now: T0 });
    expect(next.card?.questionHtml).toContain("Why divide attention scores");
    expect(next.counts).toEqual({ learning: 0, review: 0, new: 4 });
    expect(next.card?.intervals.again).toMatch(/m$/);
    expect(next.canUndo).toBe(false);
  });

  it("sends source positions (file:line) only to authors", async () => {
    const learner = (await getNext(db, alice, { now: T0 })).card!;
    expect(learner.sources).toEqual([]);
    expect(JSON.stringify(learner)).not.toContain("attention.md");
    const author = (await getNext(db, alice, { now: T0, forAuthor: true })).card!;
    expect(author.sources).toEqual([{ file: "attention.md", line: 5 }]);
  });

  it("records concurrent duplicate grades once", async () => {
    const { card } = await getNext(db, alice, { now: T0 });
    const req = grade(card!, 3);
    const results = await Promise.all(Array.from({ length: 8 }, () => gradeCard(db, alice, req, T0)));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await db.reviewLog.count({ where: { userId: alice } })).toBe(1);
    const state = await db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: alice, cardId: card!.id } } });
    expect(state.reps).toBe(1);
  });

  it("refuses a stale grade from a second tab", async () => {
    const { card } = await getNext(db, alice, { now: T0 });
    await gradeCard(db, alice, grade(card!, 3), T0);
    const err = await gradeCard(db, alice, grade(card!, 1), at(1)).catch((e) => e);
    expect(err).toBeInstanceOf(ReviewError);
    expect(err.code).toBe("stale");
    expect(await db.reviewLog.count()).toBe(1);
  });

  it("undoes the last grade exactly", async () => {
    const first = (await getNext(db, alice, { now: T0 })).card!;
    await gradeCard(db, alice, grade(first, 3), T0);
    const second = (await getNext(db, alice, { now: at(1) })).card!;
    await gradeCard(db, alice, grade(second, 4), at(1));
    const before = await db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: alice, cardId: first.id } } });
    const again = (await getNext(db, alice, { now: at(20) })).card!;
    expect(again.id).toBe(first.id); // the 10 m learning step came due
    await gradeCard(db, alice, grade(again, 3), at(20));
    expect(await undoLast(db, alice)).toEqual({ cardId: first.id, label: "Good" });
    const after = await db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: alice, cardId: first.id } } });
    expect(after).toEqual(before);
    // undo of a first answer makes the card new again
    expect(await undoLast(db, alice)).toEqual({ cardId: second.id, label: "Easy" });
    expect(await db.cardState.findUnique({ where: { userId_cardId: { userId: alice, cardId: second.id } } })).toBeNull();
  });

  it("undoes the newest action whatever it was: after 'grade A, suspend B', undo unsuspends B and leaves A's grade", async () => {
    const a = (await getNext(db, alice, { now: T0 })).card!;
    await gradeCard(db, alice, grade(a, 3), T0);
    const aState = await db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: alice, cardId: a.id } } });
    const b = (await getNext(db, alice, { now: at(1) })).card!;
    expect(b.id).not.toBe(a.id);
    await suspendCard(db, alice, b.id, at(1));
    expect((await getNext(db, alice, { now: at(2) })).undoLabel).toBe("suspend");

    expect(await undoLast(db, alice)).toEqual({ cardId: b.id, label: "suspend" });
    // B is as it was (new: no state row), A keeps its grade and its log.
    expect(await db.cardState.findUnique({ where: { userId_cardId: { userId: alice, cardId: b.id } } })).toBeNull();
    expect(await db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: alice, cardId: a.id } } })).toEqual(aState);
    expect(await db.reviewLog.count({ where: { userId: alice } })).toBe(1);
    expect((await getNext(db, alice, { now: at(2) })).undoLabel).toBe("Good");

    // Bury then unsuspend-after-suspend on a started card: each undo puts back the exact row.
    await buryCard(db, alice, a.id, at(3));
    await undoLast(db, alice);
    expect(await db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: alice, cardId: a.id } } })).toEqual(aState);
    await suspendCard(db, alice, a.id, at(4));
    const suspended = await db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: alice, cardId: a.id } } });
    await suspendCard(db, alice, a.id, at(5), false);
    expect((await undoLast(db, alice))?.label).toBe("unsuspend");
    expect(await db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: alice, cardId: a.id } } })).toEqual(suspended);
    expect((await undoLast(db, alice))?.label).toBe("suspend");
    expect((await undoLast(db, alice))?.label).toBe("Good");
    expect(await db.reviewLog.count({ where: { userId: alice } })).toBe(0);
    expect(await undoLast(db, alice)).toBeNull();
  });

  it("after a recorded action, a deck that vanished meanwhile falls back to every deck instead of failing", async () => {
    const card = (await getNext(db, alice, { now: T0 })).card!;
    await gradeCard(db, alice, grade(card, 3), T0);
    await expect(getNext(db, alice, { deckId: "gone", now: T0 })).rejects.toThrow(/No such deck/);
    const next = await getNextAfterAction(db, alice, { deckId: "gone", now: T0 });
    expect(next.card).not.toBeNull();
    expect(next.undoLabel).toBe("Good");
  });

  it("grade and next in one transaction: a vanished deck keeps the grade, a refused grade writes nothing", async () => {
    const card = (await getNext(db, alice, { now: T0 })).card!;
    const { result, next } = await gradeAndNext(db, alice, grade(card, 3), { deckId: "gone", now: T0 });
    expect(result.duplicate).toBe(false);
    expect(next.card).not.toBeNull();
    expect(next.undoLabel).toBe("Good");
    const logs = () => db.reviewLog.count({ where: { userId: alice, cardId: card.id } });
    expect(await logs()).toBe(1);
    // The card as it was shown before that grade: stale now, refused, and nothing else written.
    await expect(gradeAndNext(db, alice, grade(card, 4), { now: T0 })).rejects.toThrow(/elsewhere/);
    expect(await logs()).toBe(1);
  });

  it("limits new cards per day and counts the day in the learner's time zone", async () => {
    const s = (await getSettings(db, alice)).settings;
    await saveSettings(db, alice, { ...s, newPerDay: 2 }, "Europe/Berlin");
    for (let i = 0; i < 2; i++) {
      const { card } = await getNext(db, alice, { now: at(i) });
      await gradeCard(db, alice, grade(card!, 4), at(i));
    }
    const next = await getNext(db, alice, { now: at(3) });
    expect(next.card).toBeNull();
    expect(next.counts.new).toBe(0);
    // Berlin's study day rolls over at 04:00 local (03:00 UTC): the next day brings new cards again.
    const tomorrow = await getNext(db, alice, { now: new Date("2026-11-24T03:30:00Z") });
    expect(tomorrow.counts.new).toBe(2);
  });

  it("forget, set due and unbury go through the journal: each undo restores the exact row and drops its manual log", async () => {
    const stateOf = (id: string) => db.cardState.findUnique({ where: { userId_cardId: { userId: alice, cardId: id } } });
    // Learn the first card to review state (Good, Good after the 10 m step).
    const a = (await getNext(db, alice, { now: T0 })).card!;
    await gradeCard(db, alice, grade(a, 3), T0);
    await gradeCard(db, alice, grade((await getNext(db, alice, { now: at(11), preferCardId: a.id })).card!, 3), at(11));
    const learned = await stateOf(a.id);
    expect(learned?.state).toBe(2);

    // Set due: three study days on (UTC, rollover 04:00), memory state kept, a manual log.
    await setDueDate(db, alice, a.id, 3, at(12));
    const moved = await stateOf(a.id);
    expect(moved).toMatchObject({ state: 2, stability: learned!.stability, difficulty: learned!.difficulty, due: new Date("2026-11-26T04:00:00Z") });
    expect(await db.reviewLog.count({ where: { userId: alice, kind: "manual", rating: 0 } })).toBe(1);
    expect((await getNext(db, alice, { now: at(13) })).undoLabel).toBe("set due");

    // Forget: new again (the queue offers it among the new cards), history kept plus a second manual log.
    await forgetCard(db, alice, a.id, at(14));
    expect(await stateOf(a.id)).toMatchObject({ state: 0, stability: 0, reps: 2, suspended: false });
    expect(await db.reviewLog.count({ where: { userId: alice, cardId: a.id } })).toBe(4);
    const next = await getNext(db, alice, { now: at(15) });
    expect(next.counts.new).toBe(4);
    expect(next.undoLabel).toBe("forget");

    // Bury, unbury: the card is back today.
    await buryCard(db, alice, a.id, at(16));
    await unburyCard(db, alice, a.id, at(17));
    expect((await stateOf(a.id))?.buriedUntil).toBeNull();

    expect((await undoLast(db, alice))?.label).toBe("unbury");
    expect((await undoLast(db, alice))?.label).toBe("bury");
    expect(await undoLast(db, alice)).toEqual({ cardId: a.id, label: "forget" });
    expect(await stateOf(a.id)).toEqual(moved);
    expect(await undoLast(db, alice)).toEqual({ cardId: a.id, label: "set due" });
    expect(await stateOf(a.id)).toEqual(learned);
    expect(await db.reviewLog.count({ where: { userId: alice, kind: "manual" } })).toBe(0);
    expect(await db.reviewLog.count({ where: { userId: alice } })).toBe(2);
    // Manual entries never count as answers: nothing of today's count moved.
    expect((await getNext(db, alice, { now: at(18) })).doneToday).toBe(2);
  });

  it("refuses what cannot be done with a reason, and another tab's grade after a set due is stale", async () => {
    const a = (await getNext(db, alice, { now: T0 })).card!;
    await expect(forgetCard(db, alice, a.id, T0)).rejects.toThrow(/already new/);
    await expect(setDueDate(db, alice, a.id, 2, T0)).rejects.toThrow(/new card/);
    await expect(setDueDate(db, alice, "no-such-card", 2, T0)).rejects.toMatchObject({ code: "not-found" });
    await gradeCard(db, alice, grade(a, 3), T0);
    const shown = (await getNext(db, alice, { now: at(11), preferCardId: a.id })).card!;
    await expect(setDueDate(db, alice, a.id, -1, at(11))).rejects.toMatchObject({ code: "invalid" });
    await expect(setDueDate(db, alice, a.id, 1e12, at(11))).rejects.toMatchObject({ code: "invalid" });
    await setDueDate(db, alice, a.id, 0, at(11));
    await expect(gradeCard(db, alice, grade(shown, 3), at(12))).rejects.toMatchObject({ code: "stale" });
    // Nothing of Alice's is Bob's to undo.
    expect(await undoLast(db, bob)).toBeNull();
    expect(await db.reviewLog.count({ where: { userId: alice } })).toBe(2);
  });

  it("card info: state, recall now and the history newest first; bulk actions skip the cards they do not apply to", async () => {
    const a = (await getNext(db, alice, { now: T0 })).card!;
    const none = await getCardStudyInfo(db, alice, a.id, T0);
    expect(none).toMatchObject({ state: null, retrievability: null, history: [], timeZone: "UTC", undoLabel: null });
    await gradeCard(db, alice, grade(a, 3), T0);
    await gradeCard(db, alice, grade((await getNext(db, alice, { now: at(11), preferCardId: a.id })).card!, 3), at(11));
    const info = await getCardStudyInfo(db, alice, a.id, at(2 * 24 * 60)); // ts-fsrs counts whole days since the last review
    expect(info.state).toMatchObject({ state: 2, reps: 2 });
    expect(info.history.map((h) => [h.rating, h.kind, h.state])).toEqual([["Good", "review", 1], ["Good", "review", 0]]);
    // Two days after a Good the recall probability is below 1 and above the desired retention.
    expect(info.retrievability).toBeGreaterThan(0.9);
    expect(info.retrievability).toBeLessThan(1);
    expect(info.undoLabel).toBe("Good");
    expect((await getCardStudyInfo(db, bob, a.id, at(24 * 60))).history).toEqual([]);
    const other = (await getNext(db, alice, { now: at(12) })).card!;
    await suspendCard(db, alice, other.id, at(12));
    expect((await getCardStudyInfo(db, alice, a.id, at(13))).undoLabel).toBeNull(); // the newest action is another card's
    expect((await getCardStudyInfo(db, alice, other.id, at(13))).undoLabel).toBe("suspend");
    await undoLast(db, alice);

    const all = (await db.card.findMany({ select: { id: true } })).map((c) => c.id);
    expect(await bulkCardAction(db, alice, [...all, "nope"], "forget", at(30))).toEqual({
      done: 1,
      skipped: [...all.filter((id) => id !== a.id).map((cardId) => ({ cardId, reason: "This card is already new." })), { cardId: "nope", reason: "No such card." }],
    });
    expect((await getCardStudyInfo(db, alice, a.id, at(31))).history[0]).toMatchObject({ rating: "Manual", kind: "manual" });
    expect(await bulkCardAction(db, alice, all, "suspend", at(32))).toEqual({ done: all.length, skipped: [] });
    expect((await getNext(db, alice, { now: at(33) })).card).toBeNull();
    await expect(bulkCardAction(db, alice, Array.from({ length: 1001 }, (_, i) => `c${i}`), "suspend", at(34))).rejects.toMatchObject({ code: "invalid" });
    // Undo takes the bulk back card by card, newest first.
    for (let i = 0; i < all.length; i++) expect((await undoLast(db, alice))?.label).toBe("suspend");
    expect((await undoLast(db, alice))?.label).toBe("forget");
    expect((await getNext(db, alice, { now: at(35) })).card).not.toBeNull();
  });

  it("buries a card until tomorrow and suspends it until unsuspended", async () => {
    const { card } = await getNext(db, alice, { now: T0 });
    await buryCard(db, alice, card!.id, T0);
    expect((await getNext(db, alice, { now: T0 })).card!.id).not.toBe(card!.id);
    expect((await getNext(db, alice, { now: new Date("2026-11-24T05:00:00Z") })).card!.id).toBe(card!.id);
    await suspendCard(db, alice, card!.id, T0);
    expect((await getNext(db, alice, { now: new Date("2026-11-24T05:00:00Z") })).card!.id).not.toBe(card!.id);
  });

  it("tags and suspends a leech at 8 lapses", async () => {
    let now = T0;
    const cardId = (await getNext(db, alice, { now })).card!.id;
    const view = async () => {
      const s = await db.cardState.findUnique({ where: { userId_cardId: { userId: alice, cardId } } });
      return { id: cardId, seen: s && s.reps > 0 ? { reps: s.reps, updatedAt: s.updatedAt.toISOString() } : { reps: 0, updatedAt: null } } as ReviewCardView;
    };
    // graduate, then lapse 8 times (Again on a review card), relearning each time
    let leech = false;
    for (let lapse = 0; lapse < 8; lapse++) {
      await gradeCard(db, alice, grade(await view(), 4), now); // -> review
      now = new Date(now.getTime() + 30 * 24 * 3600_000);
      leech = (await gradeCard(db, alice, grade(await view(), 1), now)).leech; // lapse
      now = new Date(now.getTime() + 15 * 60_000);
    }
    expect(leech).toBe(true);
    const state = await db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: alice, cardId } } });
    expect(state).toMatchObject({ lapses: 8, leech: true, suspended: true });
    expect(await listLeeches(db, alice)).toMatchObject([{ cardId, lapses: 8, suspended: true }]);
    expect(await listLeeches(db, bob)).toEqual([]);
    // authors see the card and how many learners struggle with it, not who
    expect(await listLeechCardsForAuthors(db)).toEqual([{ cardId, question: expect.stringContaining("sqrt"), deckPath: "Attention / Basics", learners: 1 }]);
  });

  it("keeps a learner's schedule when the author rewords the card", async () => {
    const { card } = await getNext(db, alice, { now: T0 });
    await gradeCard(db, alice, grade(card!, 4), T0);
    fs.writeFileSync(path.join(dir, "attention.md"), DECK.replace("Why divide attention scores by", "Why are attention scores divided by"));
    const s = await ingestDirectory(db, dir);
    expect(s.updated).toBe(1);
    const state = await db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: alice, cardId: card!.id } } });
    expect(state.reps).toBe(1);
    expect((await db.card.findUniqueOrThrow({ where: { id: card!.id } })).question).toContain("Why are attention scores divided by");
  });

  it("drops a retired card from every queue and count, and brings it back with its history", async () => {
    const { card } = await getNext(db, alice, { now: T0 });
    await gradeCard(db, alice, grade(card!, 1), T0); // learning, due in a minute
    fs.writeFileSync(path.join(dir, "attention.md"), DECK.replace(/Q: Why divide[\s\S]*?one\.\n/, ""));
    await ingestDirectory(db, dir);
    const later = await getNext(db, alice, { now: at(30) });
    expect(later.card!.id).not.toBe(card!.id);
    expect(later.counts.learning).toBe(0);
    expect((await getHomeStats(db, alice, at(30))).dueTotal).toBe(0);
    fs.writeFileSync(path.join(dir, "attention.md"), DECK);
    await ingestDirectory(db, dir);
    expect((await getNext(db, alice, { now: at(30) })).card!.id).toBe(card!.id);
  });

  it("keeps learners apart: Bob sees none of Alice's progress and cannot undo it", async () => {
    const { card } = await getNext(db, alice, { now: T0 });
    await gradeCard(db, alice, grade(card!, 3), T0);
    const bobNext = await getNext(db, bob, { now: T0 });
    expect(bobNext.card!.id).toBe(card!.id);
    expect(bobNext.card!.seen).toEqual({ reps: 0, updatedAt: null });
    expect(bobNext.canUndo).toBe(false);
    expect(await undoLast(db, bob)).toBeNull();
    expect(await db.reviewLog.count({ where: { userId: alice } })).toBe(1);
    // Bob reusing Alice's review id is refused, not merged into her log
    const aliceLog = await db.reviewLog.findFirstOrThrow({ where: { userId: alice } });
    const err = await gradeCard(db, bob, grade(bobNext.card!, 3, { reviewId: aliceLog.id }), T0).catch((e) => e);
    expect(err).toBeInstanceOf(ReviewError);
    expect(err.code).toBe("conflict");
    expect((await getHomeStats(db, bob, T0)).doneToday).toBe(0);
  });

  it("counts a streak of study days", async () => {
    for (const day of [0, 1, 2]) {
      const now = new Date(T0.getTime() + day * 24 * 3600_000);
      const { card } = await getNext(db, alice, { now });
      await gradeCard(db, alice, grade(card!, 4), now);
    }
    expect((await getHomeStats(db, alice, new Date(T0.getTime() + 2 * 24 * 3600_000))).streak).toBe(3);
    // not yet studied today: yesterday keeps the streak alive
    expect((await getHomeStats(db, alice, new Date(T0.getTime() + 3 * 24 * 3600_000))).streak).toBe(3);
    expect((await getHomeStats(db, alice, new Date(T0.getTime() + 5 * 24 * 3600_000))).streak).toBe(0);
  });
});
