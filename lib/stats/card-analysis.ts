import { MIN_LEARNERS } from "@/lib/exams/analysis";

/**
 * Card analysis for authors: which cards are hard and which turn into leeches, over every learner.
 * Pure: per-card counts in (lib/db/analysis.ts), rates and orderings out. Cards studied by fewer
 * than MIN_LEARNERS learners are left out, so no figure describes one person.
 */

/** Per card, summed over learners. */
export interface CardReviewCounts {
  cardId: string;
  /** Learners with at least one review of the card. */
  learners: number;
  /** Answers on the review screen (any state). */
  reviews: number;
  /** Answers given while the card was in the review state (not learning or relearning). */
  reviewStateAnswers: number;
  /** ... of which Again: lapses. */
  lapses: number;
  /** Sum of the learners' current FSRS difficulty (1 easy .. 10 hard), and how many learners it sums. */
  difficultySum: number;
  difficultyLearners: number;
  /** Learners for whom the card is flagged a leech now. */
  leechLearners: number;
}

export interface CardStats {
  cardId: string;
  learners: number;
  reviews: number;
  /** Lapses / reviews: the share of all answers that were a forgotten review card. */
  lapseRate: number;
  /** Passed / answers in the review state (Anki's "true retention"); null with no such answer yet. */
  trueRetention: number | null;
  /** Mean FSRS difficulty over learners, 1..10; null when no learner has a memory state yet. */
  meanDifficulty: number | null;
  /** Lapses per learner: how often an average learner forgot it (leech-proneness). */
  lapsesPerLearner: number;
  /** Share of learners for whom it is flagged a leech. */
  leechShare: number;
}

export interface CardAnalysis {
  /** Cards with enough learners, hardest first (mean difficulty, then lowest retention). */
  hardest: CardStats[];
  /** The same cards, most leech-prone first (lapses per learner, then leech share). */
  leechiest: CardStats[];
  /** Cards with reviews but fewer than the minimum learners: counted, never shown. */
  belowFloor: number;
}

export function cardStats(c: CardReviewCounts): CardStats {
  return {
    cardId: c.cardId,
    learners: c.learners,
    reviews: c.reviews,
    lapseRate: c.reviews > 0 ? c.lapses / c.reviews : 0,
    trueRetention: c.reviewStateAnswers > 0 ? (c.reviewStateAnswers - c.lapses) / c.reviewStateAnswers : null,
    meanDifficulty: c.difficultyLearners > 0 ? c.difficultySum / c.difficultyLearners : null,
    lapsesPerLearner: c.learners > 0 ? c.lapses / c.learners : 0,
    leechShare: c.learners > 0 ? c.leechLearners / c.learners : 0,
  };
}

export function analyseCards(counts: CardReviewCounts[], limit = 20, minLearners = MIN_LEARNERS): CardAnalysis {
  const shown = counts.filter((c) => c.learners >= minLearners).map(cardStats);
  const byId = (a: CardStats, b: CardStats) => (a.cardId < b.cardId ? -1 : 1);
  const hardest = [...shown].sort(
    (a, b) => (b.meanDifficulty ?? 0) - (a.meanDifficulty ?? 0) || (a.trueRetention ?? 1) - (b.trueRetention ?? 1) || byId(a, b),
  );
  const leechiest = [...shown].filter((c) => c.lapsesPerLearner > 0).sort((a, b) => b.lapsesPerLearner - a.lapsesPerLearner || b.leechShare - a.leechShare || byId(a, b));
  return { hardest: hardest.slice(0, limit), leechiest: leechiest.slice(0, limit), belowFloor: counts.length - shown.length };
}
