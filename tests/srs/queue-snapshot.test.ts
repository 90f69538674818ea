import { describe, expect, it } from "vitest";
import type { LearnerCardState } from "@/lib/srs/actions";
import { applyAnswer, snapshotCovers, snapshotKey, type QueueSnapshot, type SnapshotAnswer } from "@/lib/srs/queue-snapshot";

/** The rules that adjust a kept queue after one answer (lib/srs/queue-snapshot.ts), on plain data. */
const NOW = new Date("2026-03-02T10:00:00Z");
const END = new Date("2026-03-03T04:00:00Z");
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const token = { stateVersion: 7, ingestRun: 3 };

function snapshot(over: Partial<QueueSnapshot> = {}): QueueSnapshot {
  return {
    key: snapshotKey(null, NOW, END, { newPerDay: 20, maxReviewsPerDay: 200 }),
    token,
    today: { total: 4, newCount: 2, reviewCount: 1 },
    learning: [
      { cardId: "L1", due: at(-5), state: 1, groupKey: null, position: 5 },
      { cardId: "L2", due: at(30), state: 3, groupKey: "g2", position: 9 },
    ],
    reviews: [
      { cardId: "R1", due: at(-600), state: 2, groupKey: "g1", position: 1 },
      { cardId: "R2", due: at(-300), state: 2, groupKey: null, position: 2 },
    ],
    reviewLimit: 70,
    reviewsComplete: true,
    reviewsDue: 2,
    dueCap: 200,
    fresh: [
      { id: "N1", groupKey: "g3", position: 20 },
      { id: "N2", groupKey: null, position: 21 },
    ],
    newLimit: 80,
    freshComplete: true,
    groupsAsked: new Set(["g1", "g2", "g3"]),
    groupsAnswered: new Set(),
    ...over,
  };
}

function state(cardId: string, over: Partial<LearnerCardState>): LearnerCardState {
  return {
    cardId, state: 2, due: at(60 * 24 * 3), stability: 3, difficulty: 5, elapsedDays: 0, scheduledDays: 3, learningSteps: 0, reps: 3, lapses: 0,
    lastReview: NOW, suspended: false, buriedUntil: null, leech: false, updatedAt: NOW, ...over,
  };
}

const answer = (cardId: string, before: LearnerCardState | null, after: LearnerCardState, logState: number): SnapshotAnswer => ({
  cardId, before, after, logState, token: { ...token, stateVersion: token.stateVersion + 1 },
});

describe("a kept queue after one answer", () => {
  it("a due review answered Good: leaves the list and the count, counts as a review today, claims its group", () => {
    const s = applyAnswer(snapshot(), answer("R1", state("R1", { due: at(-600) }), state("R1", {}), 2), NOW, END)!;
    expect(s.reviews.map((c) => c.cardId)).toEqual(["R2"]);
    expect(s.reviewsDue).toBe(1);
    expect(s.today).toEqual({ total: 5, newCount: 2, reviewCount: 2 });
    expect(s.groupsAnswered.has("g1")).toBe(true);
    expect(s.token.stateVersion).toBe(8);
  });

  it("a lapse: the card joins the learning list by its due, with its group and position", () => {
    const s = applyAnswer(snapshot(), answer("R2", state("R2", { due: at(-300) }), state("R2", { state: 3, due: at(10) }), 2), NOW, END)!;
    expect(s.learning.map((c) => c.cardId)).toEqual(["L1", "R2", "L2"]);
    expect(s.learning[1]).toMatchObject({ due: at(10), state: 3, position: 2 });
    expect(s.reviewsDue).toBe(1);
  });

  it("a new card answered: leaves the new list, counts as new today", () => {
    const s = applyAnswer(snapshot(), answer("N1", null, state("N1", { state: 1, due: at(1) }), 0), NOW, END)!;
    expect(s.fresh.map((c) => c.id)).toEqual(["N2"]);
    expect(s.learning.map((c) => c.cardId)).toEqual(["L1", "N1", "L2"]);
    expect(s.today).toEqual({ total: 5, newCount: 3, reviewCount: 1 });
    expect(s.reviewsDue).toBe(2);
  });

  it("a leech suspended by its lapse does not come back as a learning card", () => {
    const s = applyAnswer(snapshot(), answer("R1", state("R1", { due: at(-600) }), state("R1", { state: 3, due: at(10), suspended: true, leech: true }), 2), NOW, END)!;
    expect(s.learning.map((c) => c.cardId)).toEqual(["L1", "L2"]);
  });

  it("cannot be adjusted exactly: a card in none of its lists, a review due again today, a count that was capped", () => {
    expect(applyAnswer(snapshot(), answer("X", null, state("X", { state: 1 }), 0), NOW, END)).toBeNull();
    expect(applyAnswer(snapshot(), answer("L1", state("L1", { state: 1 }), state("L1", { state: 2, due: at(60) }), 1), NOW, END)).toBeNull();
    expect(applyAnswer(snapshot({ reviewsDue: 200 }), answer("R1", state("R1", { due: at(-600) }), state("R1", {}), 2), NOW, END)).toBeNull();
    // a capped count stays exact when the card answered did not count
    expect(applyAnswer(snapshot({ reviewsDue: 200 }), answer("N1", null, state("N1", { state: 1 }), 0), NOW, END)?.reviewsDue).toBe(200);
  });

  it("covers a request while its lists hold what the request needs, or all there is", () => {
    const short = snapshot({ reviewsComplete: false, freshComplete: false });
    expect(snapshotCovers(short, 2, 2)).toBe(true);
    expect(snapshotCovers(short, 3, 2)).toBe(false);
    expect(snapshotCovers(short, 2, 3)).toBe(false);
    expect(snapshotCovers(snapshot(), 50, 60)).toBe(true);
  });

  it("is keyed by scope, study day and limits", () => {
    const base = snapshotKey(["b", "a"], NOW, END, { newPerDay: 20, maxReviewsPerDay: 200 });
    expect(snapshotKey(["a", "b"], NOW, END, { newPerDay: 20, maxReviewsPerDay: 200 })).toBe(base);
    expect(snapshotKey(null, NOW, END, { newPerDay: 20, maxReviewsPerDay: 200 })).not.toBe(base);
    expect(snapshotKey(["a", "b"], END, new Date(END.getTime() + 86_400_000), { newPerDay: 20, maxReviewsPerDay: 200 })).not.toBe(base);
    expect(snapshotKey(["a", "b"], NOW, END, { newPerDay: 21, maxReviewsPerDay: 200 })).not.toBe(base);
  });
});
