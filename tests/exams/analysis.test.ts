import { describe, expect, it } from "vitest";
import { analyseTest, MIN_LEARNERS, pearson, questionScores, type GradedAttempt } from "@/lib/exams/analysis";

const day = (d: number) => new Date(Date.UTC(2026, 11, d));
/** Two questions worth 2 points each; learner -> [Q1, Q2]. */
function cohort(rows: Record<string, [number, number]>, start = 1): GradedAttempt[] {
  return Object.entries(rows).map(([learner, [q1, q2]]) => ({
    learner,
    startedAt: day(start),
    scores: { 1: { points: q1, max: 2 }, 2: { points: q2, max: 2 } },
  }));
}

// totals: A 4, B 3, C 3, D 2, E 2, F 0. Thirds of 2: top = A + half of {B, C} (tied at the edge),
// bottom = F + half of {D, E}.
const SIX = cohort({ A: [2, 2], B: [2, 1], C: [2, 1], D: [1, 1], E: [0, 2], F: [0, 0] });

describe("item analysis of a made-up cohort (Moodle's definitions)", () => {
  const result = analyseTest(SIX);
  const [q1, q2] = result.questions;

  it("counts attempts and the mean score", () => {
    expect(result).toMatchObject({ learners: 6, shown: true });
    expect(q1).toMatchObject({ number: 1, attempts: 6, maxScore: 2 });
    expect(q1.meanScore).toBeCloseTo(7 / 6, 10);
  });

  it("facility index = 100 x mean / max", () => {
    expect(q1.facility).toBeCloseTo((100 * 7) / 12, 10); // 58.33
    expect(q2.facility).toBeCloseTo((100 * 7) / 12, 10);
  });

  it("discrimination index = 100 x (top third's mean - bottom third's mean) / max", () => {
    // Q1: top (2 + 2/2 + 2/2) / 2 = 2, bottom (0 + 1/2 + 0/2) / 2 = 0.25 -> 100 x 1.75 / 2
    expect(q1.discriminationIndex).toBeCloseTo(87.5, 10);
    // Q2: top (2 + 1/2 + 1/2) / 2 = 1.5, bottom (0 + 1/2 + 2/2) / 2 = 0.75 -> 100 x 0.75 / 2
    expect(q2.discriminationIndex).toBeCloseTo(37.5, 10);
  });

  it("does not depend on learner ids or their order (ties at a group's edge count fractionally)", () => {
    const renamed = [...SIX].reverse().map((a, i) => ({ ...a, learner: `z${9 - i}` }));
    expect(analyseTest(renamed)).toEqual(result);
    const untied = analyseTest(cohort({ A: [2, 2], B: [2, 1], C: [1, 1], D: [1, 0], E: [0, 1], F: [0, 0] }));
    // totals 4 3 2 1 1 0: top {A, B}, bottom {F, half of D and E}: Q1 (2 - (0 + 0.5 + 0) / 2) / 2
    expect(untied.questions[0].discriminationIndex).toBeCloseTo(87.5, 10);
  });

  it("discrimination coefficient = 100 x correlation with the rest of the test", () => {
    // Q1 against Q2 (the rest): sxy = 30/36, sxx = 174/36, syy = 102/36
    expect(q1.discriminationCoefficient).toBeCloseTo((100 * 30) / Math.sqrt(174 * 102), 8); // 22.52
    expect(q2.discriminationCoefficient).toBeCloseTo(q1.discriminationCoefficient!, 10);
  });

  it("a question everybody scores the same on has no correlation and zero discrimination", () => {
    const flat = analyseTest(cohort({ A: [2, 2], B: [2, 1], C: [2, 0], D: [2, 1], E: [2, 2] }));
    expect(flat.questions[0]).toMatchObject({ facility: 100, discriminationIndex: 0, discriminationCoefficient: null });
  });

  it("counts only each learner's first attempt", () => {
    const retake = { learner: "F", startedAt: day(9), scores: { 1: { points: 2, max: 2 }, 2: { points: 2, max: 2 } } };
    expect(analyseTest([...SIX, retake])).toEqual(result);
    const earlier = { ...retake, startedAt: day(0) };
    expect(analyseTest([...SIX, earlier]).questions[0].meanScore).toBeCloseTo(9 / 6, 10);
  });
});

describe("the five-learner floor", () => {
  it("shows nothing about four learners, even with many attempts", () => {
    const four = cohort({ A: [2, 2], B: [2, 1], C: [1, 1], D: [0, 0] });
    const again = cohort({ A: [0, 0], B: [0, 0], C: [0, 0], D: [0, 0] }, 5);
    expect(MIN_LEARNERS).toBe(5);
    expect(analyseTest([...four, ...again])).toEqual({ learners: 4, shown: false, questions: [] });
  });

  it("shows five learners", () => {
    expect(analyseTest(cohort({ A: [2, 2], B: [2, 1], C: [1, 1], D: [0, 0], E: [1, 0] })).shown).toBe(true);
  });

  it("leaves out a question fewer than five of the learners took (added to the test later)", () => {
    const withQ3 = SIX.map((a, i) => (i < 4 ? { ...a, scores: { ...a.scores, 3: { points: 1, max: 2 } } } : a));
    expect(analyseTest(withQ3).questions.map((q) => q.number)).toEqual([1, 2]);
  });
});

describe("questionScores", () => {
  const questions = [
    { number: 1, parts: [{ key: "1", label: "", prompt: "", promptHtml: "", maxPoints: 2 }] },
    { number: 6, parts: ["6a", "6b"].map((key) => ({ key, label: key.slice(1), prompt: "", promptHtml: "", maxPoints: 2 })) },
  ];
  it("sums a question's parts, and drops an attempt with an ungraded part", () => {
    expect(questionScores(questions, { "1": 2, "6a": 1, "6b": 0 })).toEqual({ 1: { points: 2, max: 2 }, 6: { points: 1, max: 4 } });
    expect(questionScores(questions, { "1": 2, "6a": 1 })).toBeNull();
    expect(questionScores(questions, { "1": 2, "6a": 1, "6b": null })).toBeNull();
  });
});

it("pearson matches a hand-computed value", () => {
  expect(pearson([1, 2, 3], [1, 2, 3])).toBeCloseTo(1, 12);
  expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
  expect(pearson([1, 2, 3, 4], [2, 1, 4, 3])).toBeCloseTo(0.6, 12);
});
