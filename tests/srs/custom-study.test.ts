import { describe, expect, it } from "vitest";
import { State } from "@/lib/srs";
import { MAX_CUSTOM_CARDS, buildCustomQueue, customStudyActive, customStudyRequestSchema, decodeCustomStudy, encodeCustomStudy, type CustomCard, type CustomQueueInput } from "@/lib/srs/custom-study";

const DAY_START = new Date("2026-03-02T04:00:00Z");
const NOW = new Date("2026-03-02T10:00:00Z");
const END = new Date("2026-03-03T04:00:00Z");
const at = (days: number) => new Date(END.getTime() + days * 86_400_000);
const card = (id: string, state: State, due: Date, position = 0, lastReview: Date | null = null): CustomCard => ({ id, state, due, position, lastReview });
const base = (over: Partial<CustomQueueInput>): CustomQueueInput => ({
  session: { kind: "failed", startedAt: NOW },
  now: NOW,
  nextDayStart: END,
  aheadUntil: null,
  learning: [],
  candidates: [],
  doneToday: { newCount: 0 },
  settings: { newPerDay: 20 },
  ...over,
});

describe("custom study queue", () => {
  it("study ahead: review cards due after today and before the N-th day, soonest first, after due learning steps", () => {
    const q = buildCustomQueue(
      base({
        session: { kind: "ahead", days: 2, startedAt: NOW },
        aheadUntil: at(2),
        learning: [card("l1", State.Relearning, new Date(NOW.getTime() - 1000)), card("l2", State.Learning, new Date(NOW.getTime() + 600_000))],
        candidates: [card("today", State.Review, new Date(END.getTime() - 1)), card("d2", State.Review, at(1.5)), card("d1", State.Review, at(0.2)), card("d3", State.Review, at(2))],
      }),
    );
    expect(q.queue).toEqual(["l1", "d1", "d2"]);
    expect(q.counts).toEqual({ learning: 1, review: 2, new: 0 });
    expect(q.nextLearningDue).toEqual(new Date(NOW.getTime() + 600_000));
  });

  it("more new cards: today's limit raised by N for today only", () => {
    const fresh = Array.from({ length: 50 }, (_, i) => card(`n${i}`, State.New, NOW, 50 - i));
    const q = buildCustomQueue(base({ session: { kind: "new", count: 5, startedAt: NOW }, candidates: fresh, doneToday: { newCount: 20 } }));
    expect(q.queue).toEqual(["n49", "n48", "n47", "n46", "n45"]);
    expect(q.counts.new).toBe(5);
    // Fewer started today: the rest of the regular allowance plus the extra.
    expect(buildCustomQueue(base({ session: { kind: "new", count: 5, startedAt: NOW }, candidates: fresh, doneToday: { newCount: 18 } })).counts.new).toBe(7);
    expect(buildCustomQueue(base({ session: { kind: "new", count: 500, startedAt: NOW }, candidates: Array.from({ length: 300 }, (_, i) => card(`m${i}`, State.New, NOW, i)) })).counts.new).toBe(MAX_CUSTOM_CARDS);
  });

  it("failed today: each card once per session, whatever its due", () => {
    const started = new Date(NOW.getTime() - 60_000);
    const q = buildCustomQueue(
      base({
        session: { kind: "failed", startedAt: started },
        learning: [card("relearn-now", State.Relearning, new Date(NOW.getTime() - 1))],
        candidates: [
          card("relearn-now", State.Relearning, new Date(NOW.getTime() - 1), 0, new Date(NOW.getTime() - 3_600_000)),
          card("later", State.Relearning, new Date(NOW.getTime() + 600_000), 1, new Date(NOW.getTime() - 3_600_000)),
          card("again-in-session", State.Review, at(3), 2, new Date(NOW.getTime() - 1000)),
        ],
      }),
    );
    expect(q.queue).toEqual(["relearn-now", "later"]);
    expect(q.counts).toEqual({ learning: 1, review: 1, new: 0 });
  });

  it("a session ends with its study day; the cookie form round-trips and refuses junk", () => {
    const s = { kind: "ahead" as const, days: 3, startedAt: NOW };
    expect(customStudyActive(s, DAY_START, NOW)).toBe(true);
    expect(customStudyActive(s, END, at(0.5))).toBe(false);
    expect(decodeCustomStudy(encodeCustomStudy(s))).toEqual(s);
    expect(decodeCustomStudy(encodeCustomStudy({ kind: "failed", startedAt: NOW }))).toEqual({ kind: "failed", startedAt: NOW });
    expect(decodeCustomStudy("ahead.0.1")).toBeNull();
    expect(decodeCustomStudy("drop.1.1")).toBeNull();
    expect(decodeCustomStudy(undefined)).toBeNull();
    expect(customStudyRequestSchema.safeParse({ kind: "new", count: "0" }).error!.issues[0].message).toBe("Add at least 1 new card");
    expect(customStudyRequestSchema.safeParse({ kind: "ahead", days: 400 }).error!.issues[0].message).toBe("Study at most 365 days ahead");
  });
});
