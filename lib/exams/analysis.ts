import type { ExamQuestion } from "./types";

/**
 * Item analysis of a test for its authors, after Moodle's quiz statistics
 * (docs.moodle.org/dev/Quiz_statistics_calculations): per question, how many attempts, the mean
 * score, the facility index and two discrimination figures. Pure: graded attempts in, numbers out.
 *
 * - Only each learner's first fully graded attempt counts (Moodle's default: later attempts build
 *   on the first and break the statistics' assumptions).
 * - Nothing is reported about fewer than MIN_LEARNERS learners: with 2 or 3 learners a mean is one
 *   person's answer, and authors must not be able to read one learner's results.
 */

/** Aggregates over fewer learners than this are never shown. */
export const MIN_LEARNERS = 5;

export interface GradedAttempt {
  /** Identifies the learner inside the computation only; never part of the result. */
  learner: string;
  startedAt: Date;
  /** Points per question number (sum of its parts' self-grades) and that question's maximum. */
  scores: Record<number, { points: number; max: number }>;
}

export interface QuestionStats {
  number: number;
  attempts: number;
  /** Mean points, and the maximum possible. */
  meanScore: number;
  maxScore: number;
  /** Moodle's facility index F = 100 × mean / max (the item's minimum is 0): 0 very hard, 100 very easy. */
  facility: number;
  /**
   * Discrimination index, upper vs lower group (Moodle 1.x item analysis): attempts ranked by
   * total score, split in thirds; D = 100 × (mean item score of the top third − of the bottom
   * third) / max. −100..100; below 20 the question hardly separates strong from weak learners.
   * Attempts tied on total across a group's edge count fractionally (see groupMean).
   */
  discriminationIndex: number;
  /**
   * Moodle 2+ "discrimination index": 100 × Pearson correlation of the item's score with the rest
   * of the test (total minus this item). Null when either does not vary.
   */
  discriminationCoefficient: number | null;
}

export interface TestAnalysis {
  /** Distinct learners with a fully graded attempt. */
  learners: number;
  /** False when learners < MIN_LEARNERS: then `questions` is empty. */
  shown: boolean;
  questions: QuestionStats[];
}

/** Points per question number of one attempt, from its snapshot (part keys) and its parts' grades. */
export function questionScores(questions: Pick<ExamQuestion, "number" | "parts">[], points: Record<string, number | null>): GradedAttempt["scores"] | null {
  const scores: GradedAttempt["scores"] = {};
  for (const q of questions) {
    let sum = 0;
    for (const p of q.parts) {
      const v = points[p.key];
      if (v === null || v === undefined) return null; // not fully graded: left out, like an unfinished Moodle attempt
      sum += v;
    }
    scores[q.number] = { points: sum, max: q.parts.reduce((n, p) => n + p.maxPoints, 0) };
  }
  return scores;
}

/** Each learner's first attempt (earliest start; ties by input order). */
export function firstAttempts(attempts: GradedAttempt[]): GradedAttempt[] {
  const first = new Map<string, GradedAttempt>();
  for (const a of attempts) {
    const seen = first.get(a.learner);
    if (!seen || a.startedAt < seen.startedAt) first.set(a.learner, a);
  }
  return [...first.values()];
}

export function analyseTest(attempts: GradedAttempt[], minLearners = MIN_LEARNERS): TestAnalysis {
  const firsts = firstAttempts(attempts);
  if (firsts.length < minLearners) return { learners: firsts.length, shown: false, questions: [] };
  const total = (a: GradedAttempt) => Object.values(a.scores).reduce((n, s) => n + s.points, 0);
  const numbers = [...new Set(firsts.flatMap((a) => Object.keys(a.scores).map(Number)))].sort((x, y) => x - y);
  const questions: QuestionStats[] = [];
  for (const number of numbers) {
    // a question added to the test later has fewer attempts: it needs its own five learners
    const taking = firsts.filter((a) => a.scores[number]);
    if (taking.length < minLearners) continue;
    const max = Math.max(...taking.map((a) => a.scores[number].max));
    const item = taking.map((a) => a.scores[number].points);
    const mean = avg(item);
    const third = Math.max(1, Math.floor(taking.length / 3));
    const upper = groupMean(taking, total, number, third, "top");
    const lower = groupMean(taking, total, number, third, "bottom");
    const r = pearson(item, taking.map((a) => total(a) - a.scores[number].points));
    questions.push({
      number,
      attempts: taking.length,
      meanScore: mean,
      maxScore: max,
      facility: max > 0 ? (100 * mean) / max : 0,
      discriminationIndex: max > 0 ? (100 * (upper - lower)) / max : 0,
      discriminationCoefficient: r === null ? null : 100 * r,
    });
  }
  return { learners: firsts.length, shown: true, questions };
}

/**
 * Mean item score of the `size` best (or worst) attempts by total. Attempts tied on total at the
 * group's edge share its last places: each counts with the fraction of their tie block that falls
 * inside, so the result never depends on which learner happens to be listed first.
 */
function groupMean(attempts: GradedAttempt[], total: (a: GradedAttempt) => number, number: number, size: number, end: "top" | "bottom"): number {
  const sign = end === "top" ? -1 : 1;
  const ranked = [...attempts].sort((a, b) => sign * (total(a) - total(b)));
  let sum = 0;
  for (let start = 0; start < size; ) {
    let stop = start;
    while (stop < ranked.length && total(ranked[stop]) === total(ranked[start])) stop++;
    const inside = Math.min(stop, size) - start; // places of this tie block within the group
    const block = ranked.slice(start, stop);
    sum += (inside / block.length) * block.reduce((n, a) => n + a.scores[number].points, 0);
    start = stop;
  }
  return sum / size;
}

function avg(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Pearson correlation, or null when either variable is constant. */
export function pearson(xs: number[], ys: number[]): number | null {
  const mx = avg(xs);
  const my = avg(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** Stored attempts (snapshot and per-part grades) to the graded attempts analyseTest reads; ungraded ones drop out. */
export function gradedAttempts(rows: { learner: string; startedAt: Date; questions: Pick<ExamQuestion, "number" | "parts">[]; points: Record<string, number | null> }[]): GradedAttempt[] {
  return rows.flatMap((r) => {
    const scores = questionScores(r.questions, r.points);
    return scores ? [{ learner: r.learner, startedAt: r.startedAt, scores }] : [];
  });
}
