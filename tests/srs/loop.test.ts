import { beforeEach, describe, expect, it } from "vitest";
import { ReviewError } from "@/lib/srs/actions";
import * as loop from "@/lib/srs/loop";
import type { GradeRequest, ReviewCardView } from "@/lib/review/contract";
import { MemoryStore, runPlan } from "../helpers/memory-store";

/**
 * The review loop's plans (lib/srs/loop.ts) on plain arrays: no database, the clock passed in.
 * The same behaviours run on SQLite and PostgreSQL in tests/review/review-loop.test.ts.
 */
const T0 = new Date("2026-11-23T09:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const ada = "ada";
let store: MemoryStore;
let seq = 0;

beforeEach(() => {
  store = new MemoryStore();
  store.decksById.set("d1", { id: "d1", path: "Attention", name: "Attention", depth: 0 });
  store.decksById.set("d2", { id: "d2", path: "Attention / Masks", name: "Masks", depth: 1 });
  for (let i = 0; i < 6; i++)
    store.cards.push({ id: `c${i}`, deckId: i < 4 ? "d1" : "d2", groupKey: i === 1 || i === 2 ? "siblings" : null, position: i, retired: false, questionHtml: `<p>Q${i}</p>` });
  store.users.set(ada, { settings: JSON.stringify({ newPerDay: 5 }), timeZone: "Europe/Paris", overrides: [] });
});

const next = (now: Date, opts: Partial<loop.NextOptions> = {}) => runPlan(loop.nextCard(store, ada, { now, ...opts }));
const grade = (card: ReviewCardView, g: 1 | 2 | 3 | 4, now: Date): loop.GradeResult => {
  const input: GradeRequest = { cardId: card.id, grade: g, reviewId: `r-${++seq}-abcdef`, seenReps: card.seen.reps, seenUpdatedAt: card.seen.updatedAt, durationMs: 1000 };
  return runPlan(loop.grade(store, ada, input, now));
};

describe("the review loop's plans, on plain data", () => {
  it("shows new cards in source order up to the day's limit, and holds back a sibling of a card answered today", () => {
    const first = next(T0);
    expect(first.card!.id).toBe("c0");
    expect(first.counts).toEqual({ learning: 0, review: 0, new: 5 });
    grade(first.card!, 3, at(1));
    expect(next(at(2)).card!.id).toBe("c1");
    grade(next(at(2)).card!, 3, at(2));
    // c2 is c1's sibling: buried for today, so c3 comes next
    expect(next(at(3)).card!.id).toBe("c3");
  });

  it("grade then undo restores exactly the state before, and drops the log", () => {
    const card = next(T0).card!;
    grade(card, 3, at(1));
    expect(store.states.size).toBe(1);
    expect(store.logs).toHaveLength(1);
    expect(runPlan(loop.undo(store, ada))).toEqual({ cardId: "c0", label: "Good" });
    expect(store.states.size).toBe(0);
    expect(store.logs).toHaveLength(0);
    expect(next(at(2)).card!.id).toBe("c0");
  });

  it("after 'grade A, suspend B', undo unsuspends B and leaves A's grade; the next undo takes back A", () => {
    const a = next(T0).card!;
    grade(a, 3, at(1));
    const afterGrade = { ...store.states.get(`${ada}\u0000c0`)! };
    runPlan(loop.cardAction(store, ada, "c3", "suspend", at(2)));
    expect(runPlan(loop.undoLabel(store, ada))).toBe("suspend");
    expect(runPlan(loop.undo(store, ada))!.label).toBe("suspend");
    expect(store.states.has(`${ada}\u0000c3`)).toBe(false);
    expect(store.states.get(`${ada}\u0000c0`)).toEqual(afterGrade);
    expect(store.logs).toHaveLength(1);
    expect(runPlan(loop.undo(store, ada))!.label).toBe("Good");
    expect(store.logs).toHaveLength(0);
    expect(runPlan(loop.undo(store, ada))).toBeNull();
  });

  it("grade and next in one plan: the same card and counts as grading, then asking; the learner and the journal read once, not again", () => {
    // ada's deck "Masks" has its own limit, so the settings read by the grade must be the deck's for the next card too
    store.users.set(ada, { settings: JSON.stringify({ newPerDay: 5 }), timeZone: "Europe/Paris", overrides: [{ deckId: "d2", deckPath: "Attention / Masks", settings: JSON.stringify({ newPerDay: 2 }) }] });
    const twin = new MemoryStore();
    Object.assign(twin, structuredClone({ decksById: store.decksById, cards: store.cards, users: store.users }));
    const input = (card: ReviewCardView): GradeRequest => ({ cardId: card.id, grade: 3, reviewId: `r-${card.id}-abcdef`, seenReps: card.seen.reps, seenUpdatedAt: card.seen.updatedAt, durationMs: 1000 });
    for (const deckId of [undefined, "d2"]) {
      const shown = runPlan(loop.nextCard(store, ada, { now: at(1), deckId }));
      const reads = { learner: 0, lastAction: 0 };
      const counted = new Proxy(store, {
        get: (target, prop, receiver) => {
          if (prop === "learner" || prop === "lastAction") reads[prop]++;
          return Reflect.get(target, prop, receiver);
        },
      });
      const both = runPlan(loop.gradeAndNext(counted, ada, input(shown.card!), at(2), { now: at(2), deckId }));
      runPlan(loop.grade(twin, ada, input(runPlan(loop.nextCard(twin, ada, { now: at(1), deckId })).card!), at(2)));
      const apart = runPlan(loop.nextCard(twin, ada, { now: at(2), deckId }));
      expect(both.next).toEqual(apart);
      expect(both.next.undoLabel).toBe("Good");
      expect(reads).toEqual({ learner: 1, lastAction: 0 });
    }
  });

  it("a retried grade is recorded once; a stale one and another learner's review id are refused", () => {
    const card = next(T0).card!;
    const input: GradeRequest = { cardId: card.id, grade: 3, reviewId: "same-id-123", seenReps: 0, seenUpdatedAt: null, durationMs: 1000 };
    expect(runPlan(loop.grade(store, ada, input, at(1)))).toEqual({ duplicate: false, leech: false });
    expect(runPlan(loop.grade(store, ada, input, at(1)))).toEqual({ duplicate: true, leech: false });
    expect(store.logs).toHaveLength(1);
    // the same card as shown before the first grade: stale now
    expect(() => runPlan(loop.grade(store, ada, { ...input, reviewId: "other-id-456" }, at(2)))).toThrow(ReviewError);
    store.users.set("bob", { settings: "{}", timeZone: "UTC", overrides: [] });
    expect(() => runPlan(loop.grade(store, "bob", input, at(2)))).toThrow(/already used/);
  });

  it("bury hides a card until the learner's next study day (04:00 in Paris), and bulk actions skip what they cannot do", () => {
    runPlan(loop.cardAction(store, ada, "c0", "bury", T0));
    expect(store.states.get(`${ada}\u0000c0`)!.buriedUntil).toEqual(new Date("2026-11-24T03:00:00Z"));
    expect(next(at(1)).card!.id).toBe("c1");
    const bulk = runPlan(loop.bulkCardAction(store, ada, ["c1", "missing", "c1"], "suspend", at(2)));
    expect(bulk).toEqual({ done: 1, skipped: [{ cardId: "missing", reason: "No such card." }] });
  });

  it("counts long streaks across the batches it asks about, through a DST change, stopping at the first day missed", () => {
    // Ada (Europe/Paris, rollover 04:00) answers once a day at 12:00 local for `n` days before `today`.
    const log = (day: Date, i: number) =>
      store.logs.push({ id: `s-${i}`, userId: ada, cardId: "c0", rating: 3, state: 2, due: day, previousDue: day, stability: 1, difficulty: 5, elapsedDays: 1, lastElapsedDays: 1, scheduledDays: 1, learningSteps: 0, review: day, durationMs: 1000, kind: "review" });
    const noon = (daysBack: number) => new Date(Date.UTC(2026, 10, 23 - daysBack, 11)); // 12:00 CET; before 25 Oct it is 13:00 CEST
    const streakAt = (now: Date) => runPlan(loop.homeStats(store, ada, now)).streak;
    for (let d = 1; d <= 200; d++) if (d !== 32 && d !== 161) log(noon(d), d); // gaps: 32 and 161 days back
    expect(streakAt(T0)).toBe(31); // today not yet studied: yesterday back to 31 days ago (the first batch of 32 ends on day 31)
    log(noon(0), 0);
    expect(streakAt(noon(0))).toBe(32);
    log(noon(32), 32); // fill the first gap: the streak runs into the second batch, across the clock change of 25 October
    expect(streakAt(noon(0))).toBe(161);
    store.logs = store.logs.filter((l) => l.review.getTime() !== noon(0).getTime());
    expect(streakAt(noon(0))).toBe(160);
  });

  it("scopes the queue to a deck and its sub-decks, and counts the home page per deck", () => {
    expect(next(T0, { deckId: "d2" }).card!.id).toBe("c4");
    expect(() => next(T0, { deckId: "nope" })).toThrow(/No such deck/);
    grade(next(T0).card!, 1, at(1)); // c0 into learning
    const home = runPlan(loop.homeStats(store, ada, at(2)));
    expect(home.doneToday).toBe(1);
    expect(home.streak).toBe(1);
    expect(home.decks.map((d) => [d.path, d.due, d.new])).toEqual([
      ["Attention", 1, 4],
      ["Attention / Masks", 0, 2],
    ]);
  });
});
