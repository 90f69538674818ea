import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { registerUser } from "@/lib/auth/users";
import { cardReviewCounts, submittedTestAttempts } from "@/lib/db/analysis";
import { gradePart, getAttempt, startAttempt, submitAttempt } from "@/lib/db/exams";
import { analyseTest, gradedAttempts } from "@/lib/exams/analysis";
import { ingestDirectory } from "@/lib/ingest";
import { analyseCards } from "@/lib/stats/card-analysis";
import { freshDb } from "../helpers/db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const T0 = new Date("2026-11-23T10:00:00.000Z");
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

let db: Db;
let cleanup: () => Promise<void>;
const learners: Record<string, string> = {};

/** The cohort of tests/exams/analysis.test.ts on questions 1 and 2; every other part gets 1 point. */
const COHORT: Record<string, [number, number]> = { A: [2, 2], B: [2, 1], C: [2, 1], D: [1, 1], E: [0, 2], F: [0, 0] };

async function takeAndGrade(userId: string, start: number, grade: (key: string) => number | null) {
  const slug = (await db.test.findFirstOrThrow()).slug;
  const { id } = await startAttempt(db, userId, { slug }, at(start));
  await submitAttempt(db, userId, id, at(start + 1));
  const a = (await getAttempt(db, userId, id, at(start + 1)))!;
  for (const key of a.questions.flatMap((q) => q.parts.map((p) => p.key))) {
    const points = grade(key);
    if (points !== null) await gradePart(db, userId, id, key, points, at(start + 2));
  }
}

beforeAll(async () => {
  ({ db, cleanup } = await freshDb());
  await ingestDirectory(db, path.join(ROOT, "content"));
  for (const name of [...Object.keys(COHORT), "G"])
    learners[name] = (await registerUser(db, { email: `${name.toLowerCase()}@example.com`, name: `Learner ${name}`, password: "correct horse battery" })).id;
  for (const [name, [q1, q2]] of Object.entries(COHORT)) await takeAndGrade(learners[name], 0, (key) => (key === "1" ? q1 : key === "2" ? q2 : 1));
  await takeAndGrade(learners.A, 200, () => 0); // a retake: not the first attempt, ignored
  await takeAndGrade(learners.G, 0, (key) => (key === "1" ? 2 : null)); // never fully graded: left out

  // reviews: card X by five learners (one lapse each), card Y by four
  const [x, y] = await db.card.findMany({ take: 2, orderBy: { id: "asc" }, select: { id: true } });
  const log = (userId: string, cardId: string, n: number, rating: number, state: number) => ({
    id: `${userId}-${cardId}-${n}`, userId, cardId, rating, state, due: T0, previousDue: T0, stability: 1, difficulty: 5,
    elapsedDays: 0, lastElapsedDays: 0, scheduledDays: 1, learningSteps: 0, review: at(n), durationMs: 1000, kind: "review",
  });
  const names = Object.keys(COHORT);
  await db.reviewLog.createMany({
    data: [
      ...names.slice(0, 5).flatMap((n) => [log(learners[n], x.id, 1, 3, 0), log(learners[n], x.id, 2, 3, 2), log(learners[n], x.id, 3, 1, 2)]),
      ...names.slice(0, 4).map((n) => log(learners[n], y.id, 1, 1, 2)),
      { ...log(learners.A, x.id, 9, 1, 2), kind: "manual" }, // an import: not a review
    ],
  });
  const state = (userId: string, cardId: string, difficulty: number, leech: boolean) => ({
    userId, cardId, due: T0, stability: 1, difficulty, elapsedDays: 0, scheduledDays: 1, learningSteps: 0, reps: 3, lapses: 1, state: 2, leech, updatedAt: T0,
  });
  await db.cardState.createMany({ data: names.slice(0, 5).map((n, i) => state(learners[n], x.id, 4 + i, i === 0)) });
}, 60_000);
afterAll(async () => cleanup?.());

describe("item analysis from the database", () => {
  it("reads first, fully graded attempts and gives the cohort's known figures", async () => {
    const [t] = await submittedTestAttempts(db);
    expect(t.attempts).toHaveLength(8); // 6 + a retake + an ungraded one, as stored
    const result = analyseTest(gradedAttempts(t.attempts));
    expect(result.learners).toBe(6);
    const [q1, q2] = result.questions;
    expect(q1.facility).toBeCloseTo((100 * 7) / 12, 8);
    expect(q1.discriminationIndex).toBeCloseTo(87.5, 8);
    expect(q2.discriminationIndex).toBeCloseTo(37.5, 8);
    // every other part adds the same to each total: the correlation with the rest is the cohort's
    expect(q1.discriminationCoefficient).toBeCloseTo((100 * 30) / Math.sqrt(174 * 102), 6);
    expect(t.questions[0]).toMatchObject({ number: 1, title: "Tokenization" });
    const shown = JSON.stringify(result);
    for (const id of Object.values(learners)) expect(shown).not.toContain(id);
  });

  it("counts card reviews, lapses, retention and difficulty, and holds back a card four learners studied", async () => {
    const counts = await cardReviewCounts(db);
    const [x, y] = await db.card.findMany({ take: 2, orderBy: { id: "asc" }, select: { id: true } });
    expect(counts.find((c) => c.cardId === x.id)).toEqual({
      cardId: x.id, learners: 5, reviews: 15, reviewStateAnswers: 10, lapses: 5, difficultySum: 4 + 5 + 6 + 7 + 8, difficultyLearners: 5, leechLearners: 1,
    });
    const a = analyseCards(counts);
    expect(a.hardest.map((c) => c.cardId)).toEqual([x.id]);
    expect(a.hardest[0]).toMatchObject({ lapseRate: 5 / 15, trueRetention: 0.5, meanDifficulty: 6, lapsesPerLearner: 1, leechShare: 0.2 });
    expect(a.belowFloor).toBe(1);
    expect(a.leechiest.map((c) => c.cardId)).not.toContain(y.id);
  });
});
