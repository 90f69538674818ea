import { describe, expect, it } from "vitest";
import { State, buildQueue, type QueueCard, type QueueInput } from "@/lib/srs";

const DAY_START = new Date("2026-05-04T04:00:00Z");
const NOW = new Date("2026-05-04T09:00:00Z");
const MIN = 60_000;
const DAY = 86_400_000;
const t = (ms: number) => new Date(NOW.getTime() + ms);

let n = 0;
function card(c: Partial<QueueCard> & Pick<QueueCard, "state">): QueueCard {
  n++;
  return { id: `c${n}`, due: NOW, groupKey: null, suspended: false, buriedUntil: null, position: n, ...c };
}

function input(cards: QueueCard[], more: Partial<QueueInput> = {}): QueueInput {
  return {
    now: NOW,
    dayStart: DAY_START,
    cards,
    doneToday: { newCount: 0, reviewCount: 0 },
    groupsAnsweredToday: new Set(),
    settings: { newPerDay: 20, maxReviewsPerDay: 200 },
    ...more,
  };
}

describe("buildQueue", () => {
  it("orders due learning by due, then reviews overdue first, then new cards by position", () => {
    const cards = [
      card({ id: "new-b", state: State.New, position: 20 }),
      card({ id: "rev-today", state: State.Review, due: t(5 * 60 * MIN) }), // later today: still due today
      card({ id: "learn-2", state: State.Relearning, due: t(-1 * MIN) }),
      card({ id: "new-a", state: State.New, position: 10 }),
      card({ id: "rev-overdue", state: State.Review, due: t(-3 * DAY) }),
      card({ id: "learn-1", state: State.Learning, due: t(-5 * MIN) }),
      card({ id: "rev-yesterday", state: State.Review, due: t(-1 * DAY) }),
      card({ id: "rev-tomorrow", state: State.Review, due: t(20 * 60 * MIN) }), // after the day ends (04:00Z next day)
    ];
    const r = buildQueue(input(cards));
    expect(r.queue).toEqual(["learn-1", "learn-2", "rev-overdue", "rev-yesterday", "rev-today", "new-a", "new-b"]);
    expect(r.counts).toEqual({ learning: 2, review: 3, new: 2 });
    expect(r.nextLearningDue).toBeNull();
  });

  it("keeps learning steps that fall later today out of the queue and reports the earliest", () => {
    const cards = [
      card({ id: "l-now", state: State.Learning, due: NOW }),
      card({ id: "l-8m", state: State.Learning, due: t(8 * MIN) }),
      card({ id: "l-1h", state: State.Relearning, due: t(60 * MIN) }),
      card({ id: "l-tomorrow", state: State.Learning, due: t(DAY) }), // a 1d step: not today
    ];
    const r = buildQueue(input(cards));
    expect(r.queue).toEqual(["l-now"]);
    expect(r.nextLearningDue).toEqual(t(8 * MIN));
    // eight minutes later it joins the queue
    expect(buildQueue(input(cards, { now: t(8 * MIN) })).queue).toEqual(["l-now", "l-8m"]);
  });

  it("applies the daily limits minus what was done today", () => {
    const reviews = Array.from({ length: 10 }, (_, i) => card({ id: `r${i}`, state: State.Review, due: t(-i * MIN) }));
    const news = Array.from({ length: 10 }, (_, i) => card({ id: `n${i}`, state: State.New, position: i }));
    const learning = Array.from({ length: 3 }, (_, i) => card({ id: `l${i}`, state: State.Learning, due: t(-i * MIN) }));
    const settings = { newPerDay: 4, maxReviewsPerDay: 6 };
    const fresh = buildQueue(input([...reviews, ...news, ...learning], { settings }));
    expect(fresh.counts).toEqual({ learning: 3, review: 6, new: 4 });
    expect(fresh.queue.slice(3, 9)).toEqual(["r9", "r8", "r7", "r6", "r5", "r4"]); // most overdue first
    const later = buildQueue(input([...reviews, ...news, ...learning], { settings, doneToday: { newCount: 3, reviewCount: 5 } }));
    expect(later.counts).toEqual({ learning: 3, review: 1, new: 1 }); // learning is never capped
    const over = buildQueue(input([...reviews, ...news], { settings, doneToday: { newCount: 9, reviewCount: 9 } }));
    expect(over.queue).toEqual([]);
  });

  it("shows at most one new/review card per sibling group, none from a group answered today", () => {
    const cards = [
      card({ id: "a-rev", state: State.Review, due: t(-DAY), groupKey: "A" }),
      card({ id: "a-new", state: State.New, groupKey: "A", position: 1 }),
      card({ id: "b-new1", state: State.New, groupKey: "B", position: 2 }),
      card({ id: "b-new2", state: State.New, groupKey: "B", position: 3 }),
      card({ id: "c-rev", state: State.Review, due: t(-DAY), groupKey: "C" }),
      card({ id: "c-learn", state: State.Learning, due: t(-MIN), groupKey: "C" }),
      card({ id: "d-rev", state: State.Review, due: t(-DAY), groupKey: "D" }),
      card({ id: "solo", state: State.New, position: 4 }),
    ];
    const r = buildQueue(input(cards, { groupsAnsweredToday: new Set(["D"]) }));
    // C's learning card is shown and claims C; D was answered today; A and B give one card each
    expect(r.queue).toEqual(["c-learn", "a-rev", "b-new1", "solo"]);
  });

  it("never buries learning cards, even from a group answered today", () => {
    const cards = [card({ id: "l1", state: State.Learning, groupKey: "G" }), card({ id: "l2", state: State.Relearning, groupKey: "G" })];
    expect(buildQueue(input(cards, { groupsAnsweredToday: new Set(["G"]) })).queue).toEqual(["l1", "l2"]);
  });

  it("leaves out suspended cards and cards buried until later", () => {
    const cards = [
      card({ id: "susp", state: State.Review, due: t(-DAY), suspended: true }),
      card({ id: "susp-learn", state: State.Learning, due: t(2 * MIN), suspended: true }),
      card({ id: "buried", state: State.New, buriedUntil: t(19 * 60 * MIN) }),
      card({ id: "unburied", state: State.New, buriedUntil: t(-MIN) }),
      card({ id: "ok", state: State.Review, due: t(-DAY) }),
    ];
    const r = buildQueue(input(cards));
    expect(r.queue).toEqual(["ok", "unburied"]);
    expect(r.nextLearningDue).toBeNull(); // a suspended learning card does not ask the learner to come back
  });

  it("uses nextDayStart when given (23-hour DST day)", () => {
    const cards = [card({ id: "r", state: State.Review, due: new Date(DAY_START.getTime() + 23.5 * 3_600_000) })];
    expect(buildQueue(input(cards)).queue).toEqual(["r"]);
    expect(buildQueue(input(cards, { nextDayStart: new Date(DAY_START.getTime() + 23 * 3_600_000) })).queue).toEqual([]);
  });
});
