import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { ingestDirectory } from "@/lib/ingest";
import { registerUser } from "@/lib/auth/users";
import { getNext, gradeCard } from "@/lib/db/review";
import { reviewStore } from "@/lib/db/review-store";
import { applyWeights, DEFAULT_WEIGHTS } from "@/lib/db/stats";
import { forgetLearnerCache, readOp } from "@/lib/db/store";
import { studyDayStart } from "@/lib/srs/actions";
import { freshDb, writeContent } from "../helpers/db";

/**
 * The load balancer's per-day due counts are remembered between requests (lib/db/store-cache.ts):
 * a grade's own write is in the next count, and writes outside the review store are seen once the
 * code that makes them forgets the learner. Runs on SQLite and on PostgreSQL.
 */
const CARDS = 40;
const deck = ["---", "deck: Counts", "---", ...Array.from({ length: CARDS }, (_, i) => `Q: Counting question ${i}?\nA: Answer ${i}.\n`)].join("\n");
const NOW = new Date("2026-03-02T10:00:00Z");
const DAY = 86_400_000;
const bounds = Array.from({ length: 121 }, (_, d) => studyDayStart(NOW, d, "UTC", 4));

let db: Db;
let cleanup: () => Promise<void>;
let dir: string;
let userId: string;
let cardIds: string[];

const remembered = () => readOp(db, reviewStore.reviewDueCounts(userId, bounds));
async function truth(): Promise<number[]> {
  const states = await db.cardState.findMany({ where: { userId, state: 2, suspended: false }, select: { due: true } });
  return bounds.slice(1).map((end, i) => states.filter((s) => s.due >= bounds[i] && s.due < end).length);
}

beforeAll(async () => {
  ({ db, cleanup } = await freshDb());
  dir = writeContent({ "counts.md": deck });
  await ingestDirectory(db, dir);
  cardIds = (await db.card.findMany({ orderBy: { position: "asc" }, select: { id: true } })).map((c) => c.id);
  userId = (await registerUser(db, { email: "counts@example.com", name: "Counts", password: "correct horse battery" })).id;
  // One review card due now (stability 20), and two on each of days 1..30.
  const state = (cardId: string, due: Date, stability: number) => ({
    userId, cardId, due, stability, difficulty: 5, elapsedDays: 20, scheduledDays: 20, learningSteps: 0, reps: 5, lapses: 0, state: 2,
    lastReview: new Date(NOW.getTime() - 20 * DAY), updatedAt: new Date(NOW.getTime() - 20 * DAY),
  });
  await db.cardState.createMany({
    data: [state(cardIds[0], NOW, 20), ...Array.from({ length: 30 }, (_, i) => state(cardIds[i + 1], new Date(bounds[1 + (i % 30)].getTime() + 3_600_000), 10))],
  });
});
afterAll(async () => {
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("remembered due counts", () => {
  it("count a grade's own write at once", async () => {
    expect(await remembered()).toEqual(await truth());
    const shown = await getNext(db, userId, { now: NOW });
    expect(shown.card?.id).toBe(cardIds[0]);
    await gradeCard(db, userId, { cardId: cardIds[0], grade: 3, reviewId: "counts-1", seenReps: shown.card!.seen.reps, seenUpdatedAt: shown.card!.seen.updatedAt, durationMs: 3000 }, NOW);
    const after = await truth();
    expect(after.reduce((a, b) => a + b, 0)).toBe(31); // the graded card now sits on a later day
    expect(await remembered()).toEqual(after);
  });

  it("see writes made outside the review store once the learner is forgotten (rescheduling does it)", async () => {
    const before = await remembered();
    await db.cardState.updateMany({ where: { userId, cardId: { in: cardIds.slice(1, 6) } }, data: { due: new Date(bounds[35].getTime() + 3_600_000) } });
    expect(await remembered()).toEqual(before); // remembered: the write did not go through the store
    forgetLearnerCache(db, userId);
    expect(await remembered()).toEqual(await truth());

    // A new card answered Easy goes to review with a history that starts new: rescheduling moves it.
    await gradeCard(db, userId, { cardId: cardIds[36], grade: 4, reviewId: "counts-2", seenReps: 0, seenUpdatedAt: null, durationMs: 3000 }, NOW);
    const cached = await remembered();
    expect(cached).toEqual(await truth());
    const weights = [...DEFAULT_WEIGHTS];
    weights[3] *= 3; // Easy's first stability
    const { rescheduled } = await applyWeights(db, userId, weights, { reschedule: true, now: NOW });
    expect(rescheduled).toBeGreaterThan(0);
    const now = await truth();
    expect(now).not.toEqual(cached);
    expect(await remembered()).toEqual(now);
  });
});
