import { beforeEach, describe, expect, it } from "vitest";
import * as loop from "@/lib/srs/loop";
import type { GradeRequest, ReviewCardView } from "@/lib/review/contract";
import { MemoryStore, runPlan } from "../helpers/memory-store";

/** Custom study through the review loop's plans on plain data (the queries are the in-memory port's). */
const T0 = new Date("2026-11-23T09:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const ada = "ada";
let store: MemoryStore;
let seq = 0;

beforeEach(() => {
  store = new MemoryStore();
  store.decksById.set("d1", { id: "d1", path: "Attention", name: "Attention", depth: 0 });
  for (let i = 0; i < 6; i++) store.cards.push({ id: `c${i}`, deckId: "d1", groupKey: null, position: i, retired: false, questionHtml: `<p>Q${i}</p>` });
  store.users.set(ada, { settings: JSON.stringify({ newPerDay: 2 }), timeZone: "UTC", overrides: [] });
});

const next = (now: Date, opts: Partial<loop.NextOptions> = {}) => runPlan(loop.nextCard(store, ada, { now, ...opts }));
const grade = (card: ReviewCardView, g: 1 | 2 | 3 | 4, now: Date) => {
  const input: GradeRequest = { cardId: card.id, grade: g, reviewId: `r-${++seq}-abcdef`, seenReps: card.seen.reps, seenUpdatedAt: card.seen.updatedAt, durationMs: 1000 };
  return runPlan(loop.grade(store, ada, input, now));
};

describe("custom study in the review loop", () => {
  it("more new cards and cards failed today, each for today only", () => {
    grade(next(T0).card!, 1, at(1)); // c0: Again
    grade(next(at(1.1)).card!, 3, at(1.2)); // c1: Good
    expect(next(at(1.3)).card).toBeNull(); // the day's two new cards are done, c0's 1-minute step is not due
    const more = { kind: "new" as const, count: 1, startedAt: at(1.3) };
    const extra = next(at(1.3), { custom: more });
    expect(extra.card!.id).toBe("c2");
    expect(extra.counts.new).toBe(1);
    grade(extra.card!, 3, at(1.4));
    expect(next(at(1.5), { custom: more }).card).toBeNull();
    expect(next(at(1.5)).card).toBeNull();
    // c0 was answered Again: "failed today" shows it now, before its step is due.
    const failed = { kind: "failed" as const, startedAt: at(1.5) };
    expect(next(at(1.5), { custom: failed }).card!.id).toBe("c0");
    // The next day the session is over: the regular queue, with the regular two new cards.
    const tomorrow = new Date(T0.getTime() + 86_400_000);
    const day2 = next(tomorrow, { custom: more });
    expect(day2.counts.new).toBe(2);
  });

  it("study ahead shows review cards due in the next days, soonest first", () => {
    let card = next(T0).card!;
    // Graduate c0 to review with Easy, then look ahead past its due date.
    grade(card, 4, at(1));
    const due = store.states.get(`${ada}\u0000c0`)!.due;
    expect(next(at(2)).card!.id).toBe("c1");
    const days = Math.ceil((due.getTime() - T0.getTime()) / 86_400_000) + 1;
    card = next(at(2), { custom: { kind: "ahead", days, startedAt: at(2) } }).card!;
    expect(card.id).toBe("c0");
    expect(next(at(2), { custom: { kind: "ahead", days: 1, startedAt: at(2) } }).card).toBeNull();
  });
});
