import { describe, expect, it } from "vitest";
import {
  acceptsSave,
  deadlineFor,
  DEFAULT_MINUTES_PER_QUESTION,
  isExpired,
  isNewer,
  isOpen,
  limitMinutesFor,
  newest,
  rubricPoints,
  SAVE_GRACE_MS,
  submitReasonAt,
  timeLeft,
  totalScore,
  weakParts,
  buildQuickTest,
  type AttemptClock,
} from "@/lib/exams";

const T0 = new Date("2026-11-23T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;

function attempt(limitMinutes = 2, extra: Partial<AttemptClock> = {}): AttemptClock {
  return { startedAt: T0, deadline: deadlineFor(T0, limitMinutes), graceMs: SAVE_GRACE_MS, submittedAt: null, submitReason: null, ...extra };
}

describe("deadline arithmetic (injected clock)", () => {
  it("adds the limit to the start, in minutes", () => {
    expect(deadlineFor(T0, 2).toISOString()).toBe("2026-11-23T10:02:00.000Z");
    expect(deadlineFor(T0, 90).toISOString()).toBe("2026-11-23T11:30:00.000Z");
  });

  it("uses the author's limit, else the default per question", () => {
    expect(limitMinutesFor(45, 20)).toBe(45);
    expect(limitMinutesFor(null, 20)).toBe(20 * DEFAULT_MINUTES_PER_QUESTION);
    expect(limitMinutesFor(null, 0)).toBe(1);
  });

  it("counts down from the server deadline and never below zero", () => {
    const a = attempt(2);
    expect(timeLeft(a, T0)).toBe(2 * MIN);
    expect(timeLeft(a, at(90_000))).toBe(30_000);
    expect(timeLeft(a, at(3 * MIN))).toBe(0);
    expect(timeLeft({ ...a, submittedAt: at(1000), submitReason: "submitted" }, at(1000))).toBe(0);
  });

  it("resume: a reload or another device at the same server time sees the same time left", () => {
    const a = attempt(30);
    const now = at(17 * MIN + 12_345);
    // nothing but the stored start and deadline goes in: the answer cannot depend on the client
    expect(timeLeft(a, now)).toBe(timeLeft(structuredClone(a), now));
    expect(timeLeft(a, now)).toBe(13 * MIN - 12_345);
    expect(isOpen(a, now)).toBe(true);
  });
});

describe("grace period and late saves", () => {
  const a = attempt(2);
  const deadline = 2 * MIN;

  it("is open until the deadline, then closed for typing", () => {
    expect(isOpen(a, at(deadline - 1))).toBe(true);
    expect(isOpen(a, at(deadline))).toBe(false);
  });

  it("accepts saves in flight up to deadline + grace, and refuses later ones", () => {
    expect(acceptsSave(a, at(deadline - 1))).toBe(true);
    expect(acceptsSave(a, at(deadline + SAVE_GRACE_MS))).toBe(true);
    expect(acceptsSave(a, at(deadline + SAVE_GRACE_MS + 1))).toBe(false);
  });

  it("a learner's own submit closes saves at once; the clock's submit keeps the grace", () => {
    expect(acceptsSave({ ...a, submittedAt: at(MIN), submitReason: "submitted" }, at(MIN + 1))).toBe(false);
    expect(acceptsSave({ ...a, submittedAt: at(deadline), submitReason: "deadline" }, at(deadline + 5000))).toBe(true);
  });

  it("expires (auto-submit) only after deadline + grace", () => {
    expect(isExpired(a, at(deadline + SAVE_GRACE_MS))).toBe(false);
    expect(isExpired(a, at(deadline + SAVE_GRACE_MS + 1))).toBe(true);
    expect(isExpired({ ...a, submittedAt: at(MIN), submitReason: "submitted" }, at(10 * MIN))).toBe(false);
  });

  it("a submit at or after the deadline is the clock's", () => {
    expect(submitReasonAt(a, at(deadline - 1))).toBe("submitted");
    expect(submitReasonAt(a, at(deadline))).toBe("deadline");
  });
});

describe("newest text wins", () => {
  it("orders by sequence, then client time", () => {
    expect(isNewer({ seq: 2, clientTime: 1 }, { seq: 1, clientTime: 999 })).toBe(true);
    expect(isNewer({ seq: 1, clientTime: 999 }, { seq: 2, clientTime: 1 })).toBe(false);
    expect(isNewer({ seq: 3, clientTime: 20 }, { seq: 3, clientTime: 10 })).toBe(true);
    expect(isNewer({ seq: 3, clientTime: 10 }, null)).toBe(true);
  });

  it("is idempotent and independent of arrival order", () => {
    const versions = Array.from({ length: 30 }, (_, i) => ({ seq: Math.floor(i / 3), clientTime: 1000 + (i % 3), text: `v${i}` }));
    const expected = versions[versions.length - 1];
    for (let trial = 0; trial < 20; trial++) {
      const shuffled = [...versions].sort(() => Math.random() - 0.5);
      const twice = [...shuffled, ...shuffled];
      const winner = twice.reduce<(typeof versions)[number] | null>((stored, v) => newest(stored, v), null);
      expect(winner).toBe(expected);
    }
  });
});

describe("scoring", () => {
  it("gives 2 points per part by default, the author's points when the rubric says", () => {
    expect([...rubricPoints(null, ["a", "b"])]).toEqual([["a", 2], ["b", 2]]);
    expect([...rubricPoints("- a) names -inf (3 points)\n- b) mentions leakage", ["a", "b"])]).toEqual([["a", 3], ["b", 2]]);
    expect([...rubricPoints("Worth 4 points.", [""])]).toEqual([["", 4]]);
  });

  it("totals graded parts and finds the weak ones", () => {
    const parts = [
      { key: "1", points: 2, maxPoints: 2 },
      { key: "2a", points: 1, maxPoints: 2 },
      { key: "2b", points: 0, maxPoints: 2 },
      { key: "3", points: null, maxPoints: 2 },
    ];
    expect(totalScore(parts)).toEqual({ score: 3, maxScore: 8, graded: 3, complete: false });
    expect(weakParts(parts).map((p) => p.key)).toEqual(["2a", "2b"]);
  });
});

describe("quick tests", () => {
  it("picks N distinct cards with the injected random source, one answer box each", () => {
    const cards = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, question: `Question ${i}?`, questionHtml: `<p>Question ${i}?</p>`, widgets: [] }));
    let s = 1;
    const random = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const qs = buildQuickTest(cards, 4, random);
    expect(qs).toHaveLength(4);
    expect(new Set(qs.map((q) => q.cardId)).size).toBe(4);
    expect(qs.map((q) => q.parts.map((p) => p.key))).toEqual([["1"], ["2"], ["3"], ["4"]]);
    expect(buildQuickTest(cards, 40, random)).toHaveLength(10);
  });
});
