import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { ingestDirectory } from "@/lib/ingest";
import { registerUser } from "@/lib/auth/users";
import { buryCard, getNext, gradeAndNext, undoLast } from "@/lib/db/review";
import { reviewStore } from "@/lib/db/review-store";
import { forgetLearnerCache, readOp } from "@/lib/db/store";
import type { NextResponse } from "@/lib/review/contract";
import { freshDb } from "../helpers/db";

/**
 * The review queue kept between requests (lib/srs/queue-snapshot.ts) against the queue read
 * afresh: a learner grades through one client (the app, which keeps her queue) while a second
 * client on the same database (another app instance, which keeps nothing: its queue is forgotten
 * before every look) reads the card after every step. Every card, count and label must be the
 * same, through learning steps, lapses, new cards, siblings, a day's rollover, another instance's
 * bury and this one's undo; and most grades must have been answered from the kept queue.
 * Over every deck and within one deck, on SQLite and on PostgreSQL.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const DAY = 86_400_000;
const START = new Date("2026-03-02T08:00:00Z");

/** A small deterministic generator (mulberry32), so a failure names a step that reruns alike. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const view = (n: NextResponse) => ({ card: n.card?.id ?? null, counts: n.counts, doneToday: n.doneToday, nextLearningDue: n.nextLearningDue, canUndo: n.canUndo, undoLabel: n.undoLabel });

let db: Db;
let other: Db;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  let url: string;
  ({ db, url, cleanup } = await freshDb());
  await ingestDirectory(db, path.join(ROOT, "content"));
  other = createDb(url);
}, 120_000);

afterAll(async () => {
  await other.$disconnect();
  await cleanup();
});

for (const scope of ["every deck", "one deck"] as const) {
  describe(`the kept queue, ${scope}`, () => {
    it("shows what reading afresh shows after every grade, and reads the queue for few of them", async () => {
      const user = await registerUser(db, { email: `kept-${scope.replace(" ", "-")}@example.com`, name: "Kept", password: "correct horse battery" });
      await db.user.update({ where: { id: user.id }, data: { settings: JSON.stringify({ newPerDay: 120, maxReviewsPerDay: scope === "every deck" ? 400 : 70 }) } });
      const deckId = scope === "one deck" ? (await db.deck.findFirstOrThrow({ where: { depth: 0 }, orderBy: { path: "asc" } })).id : undefined;
      const rand = random(scope === "every deck" ? 11 : 12);
      const queueReads = vi.spyOn(reviewStore, "queueInputs");
      const afresh = async (now: Date) => {
        forgetLearnerCache(other, user.id);
        return getNext(other, user.id, { now, deckId });
      };

      let now = START;
      let day = 0;
      let next = await getNext(db, user.id, { now, deckId });
      let grades = 0;
      let reads = 0;
      let counted = 0;
      for (let step = 0; step < 700; step++) {
        if (!next.card || step === 500) {
          // A later study day: reviews come due (more than one request's window of them, so the
          // count is the kept one), yesterday's counts are gone.
          day += 2;
          now = new Date(START.getTime() + day * DAY);
          next = await getNext(db, user.id, { now, deckId });
          expect(view(next), `step ${step}, day ${day}`).toEqual(view(await afresh(now)));
          if (!next.card) continue;
        }
        now = new Date(now.getTime() + 20_000 + Math.floor(rand() * 40_000));
        if (step % 37 === 36) {
          // Another instance buries the card on screen: this one's kept queue must not show it again.
          await buryCard(other, user.id, next.card.id, now);
          next = await getNext(db, user.id, { now, deckId });
        } else if (step % 29 === 28) {
          await undoLast(db, user.id);
          next = await getNext(db, user.id, { now, deckId });
        } else {
          const r = rand();
          const grade = r < 0.15 ? 1 : r < 0.3 ? 2 : r < 0.9 ? 3 : 4;
          const card = next.card;
          const before = queueReads.mock.calls.length;
          next = (await gradeAndNext(db, user.id, { cardId: card.id, grade, reviewId: `kept-${scope}-${step}`, seenReps: card.seen.reps, seenUpdatedAt: card.seen.updatedAt, durationMs: 3000 }, { now, deckId })).next;
          grades++;
          reads += queueReads.mock.calls.length - before;
        }
        expect(view(next), `step ${step}`).toEqual(view(await afresh(now)));
        if (next.counts.review > 50) counted++;
      }
      queueReads.mockRestore();
      expect(counted, "steps whose review count was the kept count, not the length of a short list").toBeGreaterThan(50);
      expect(grades).toBeGreaterThan(500);
      // Read afresh after the first grade of a stretch, a day, a bury from elsewhere, an undo, a
      // lapse of a review card due again today, or once the lists ran short: not for most grades.
      expect(reads).toBeLessThan(grades / 3);
      // What it keeps is under the database's own version after the last grade.
      const kept = await readOp(db, reviewStore.queueSnapshot(user.id));
      const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { stateVersion: true } });
      expect(kept?.token.stateVersion).toBe(row.stateVersion);
    }, 120_000);
  });
}

describe("a grade whose transaction fails", () => {
  it("leaves no kept queue behind that a later write would make look current", async () => {
    const user = await registerUser(db, { email: "kept-rollback@example.com", name: "Kept", password: "correct horse battery" });
    let now = START;
    let next = await getNext(db, user.id, { now });
    for (let i = 0; i < 3; i++) {
      const card = next.card!;
      now = new Date(now.getTime() + 30_000);
      next = (await gradeAndNext(db, user.id, { cardId: card.id, grade: 3, reviewId: `rollback-${i}`, seenReps: card.seen.reps, seenUpdatedAt: card.seen.updatedAt, durationMs: 1000 }, { now })).next;
    }
    // The grade is decided, written and the queue kept; then the card to show fails: all rolled back.
    const failing = vi.spyOn(reviewStore, "cardWithState").mockImplementationOnce(function* () {
      throw new Error("the card to show could not be read");
    });
    const card = next.card!;
    now = new Date(now.getTime() + 30_000);
    await expect(gradeAndNext(db, user.id, { cardId: card.id, grade: 3, reviewId: "rollback-failed", seenReps: card.seen.reps, seenUpdatedAt: card.seen.updatedAt, durationMs: 1000 }, { now })).rejects.toThrow(/could not be read/);
    failing.mockRestore();
    expect(await db.reviewLog.count({ where: { id: "rollback-failed" } })).toBe(0);
    // Another instance's write raises her version by one, to what the failed grade's would have been.
    const other3 = (await getNext(other, user.id, { now })).card!;
    await buryCard(other, user.id, other3.id, now);
    const shown = await getNext(db, user.id, { now });
    forgetLearnerCache(other, user.id);
    expect(view(shown)).toEqual(view(await getNext(other, user.id, { now })));
    expect(shown.doneToday).toBe(3);
  });
});

describe("the state version", () => {
  it("rises with every write of the learner's card states, whoever writes them, and only hers", async () => {
    const a = await registerUser(db, { email: "version-a@example.com", name: "A", password: "correct horse battery" });
    const b = await registerUser(db, { email: "version-b@example.com", name: "B", password: "correct horse battery" });
    const version = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id }, select: { stateVersion: true } })).stateVersion;
    const card = (await db.card.findFirstOrThrow({ where: { retiredAt: null }, orderBy: { position: "asc" } })).id;
    const [a0, b0] = [await version(a.id), await version(b.id)];
    const next = await getNext(db, a.id, { now: START });
    await gradeAndNext(db, a.id, { cardId: next.card!.id, grade: 3, reviewId: "version-1", seenReps: 0, seenUpdatedAt: null, durationMs: 1000 }, { now: START });
    expect(await version(a.id)).toBe(a0 + 1); // the grade's one state row: the kept queue counts on +1
    await db.cardState.updateMany({ where: { userId: a.id }, data: { suspended: true } }); // a write behind the app's back
    expect(await version(a.id)).toBeGreaterThan(a0 + 1);
    const a2 = await version(a.id);
    await db.cardState.deleteMany({ where: { userId: a.id } });
    expect(await version(a.id)).toBeGreaterThan(a2);
    expect(await version(b.id)).toBe(b0);
    expect(card).toBeTruthy();
  });
});
