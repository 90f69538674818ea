import { describe, expect, it } from "vitest";
import { analyseCards, cardStats, type CardReviewCounts } from "@/lib/stats/card-analysis";

const card = (cardId: string, c: Partial<CardReviewCounts>): CardReviewCounts => ({
  cardId,
  learners: 5,
  reviews: 20,
  reviewStateAnswers: 10,
  lapses: 2,
  difficultySum: 25,
  difficultyLearners: 5,
  leechLearners: 0,
  ...c,
});

describe("card analysis", () => {
  it("computes lapse rate, true retention, mean difficulty and leech-proneness", () => {
    expect(cardStats(card("a", { reviews: 40, reviewStateAnswers: 20, lapses: 5, learners: 5, difficultySum: 36, difficultyLearners: 4, leechLearners: 1 }))).toEqual({
      cardId: "a",
      learners: 5,
      reviews: 40,
      lapseRate: 5 / 40,
      trueRetention: 15 / 20,
      meanDifficulty: 9,
      lapsesPerLearner: 1,
      leechShare: 0.2,
    });
    expect(cardStats(card("new", { reviews: 5, reviewStateAnswers: 0, lapses: 0, difficultyLearners: 0, difficultySum: 0 }))).toMatchObject({ trueRetention: null, meanDifficulty: null, lapseRate: 0 });
  });

  it("orders the hardest and the most leech-prone first", () => {
    const counts = [
      card("easy", { difficultySum: 15, lapses: 0 }), // difficulty 3
      card("hard", { difficultySum: 45, lapses: 3 }), // difficulty 9, 0.6 lapses per learner
      card("leech", { difficultySum: 35, lapses: 10, leechLearners: 2 }), // difficulty 7, 2 per learner
      card("hard-too", { difficultySum: 45, lapses: 4, reviewStateAnswers: 10 }), // difficulty 9, retention 0.6 < hard's 0.7
    ];
    const a = analyseCards(counts);
    expect(a.hardest.map((c) => c.cardId)).toEqual(["hard-too", "hard", "leech", "easy"]);
    expect(a.leechiest.map((c) => c.cardId)).toEqual(["leech", "hard-too", "hard"]); // never forgotten: not leech-prone
  });

  it("leaves out cards fewer than five learners studied, counting them", () => {
    const a = analyseCards([card("five", { learners: 5 }), card("four", { learners: 4, lapses: 40, difficultySum: 40, difficultyLearners: 4 })]);
    expect(a.hardest.map((c) => c.cardId)).toEqual(["five"]);
    expect(a.leechiest.map((c) => c.cardId)).toEqual(["five"]);
    expect(a.belowFloor).toBe(1);
  });

  it("shows at most `limit` cards per list", () => {
    const many = Array.from({ length: 30 }, (_, i) => card(`c${String(i).padStart(2, "0")}`, { difficultySum: 5 * (i % 10) + 5 }));
    expect(analyseCards(many, 20).hardest).toHaveLength(20);
  });
});
