/**
 * Queries behind the authors' item analysis (/author/analysis). Storage only: the statistics and
 * the five-learner floor are lib/exams/analysis.ts and lib/stats/card-analysis.ts. Learner ids leave
 * this file only to tell attempts apart inside those computations; no name is ever read.
 */
import type { ExamQuestion } from "@/lib/exams";
import type { CardReviewCounts } from "@/lib/stats/card-analysis";
import type { Db } from "./client";

export interface TestAttemptRows {
  slug: string;
  title: string;
  /** The test's current questions: titles, and the text their `<!-- related: -->` links are in. */
  questions: { number: number; title: string; prompt: string; parts: { prompt: string }[] }[];
  /** Submitted attempts: the snapshot the learner saw and the grade per part (null = ungraded). */
  attempts: { learner: string; startedAt: Date; questions: ExamQuestion[]; points: Record<string, number | null> }[];
}

export async function submittedTestAttempts(db: Db): Promise<TestAttemptRows[]> {
  const tests = await db.test.findMany({
    where: { retiredAt: null },
    orderBy: { title: "asc" },
    select: {
      slug: true,
      title: true,
      questions: { orderBy: { number: "asc" }, select: { number: true, title: true, prompt: true, parts: { select: { prompt: true } } } },
      attempts: {
        where: { kind: "test", submittedAt: { not: null } },
        select: { userId: true, startedAt: true, snapshot: true, answers: { select: { key: true, points: true } } },
      },
    },
  });
  return tests.map((t) => ({
    slug: t.slug,
    title: t.title,
    questions: t.questions,
    attempts: t.attempts.map((a) => ({
      learner: a.userId,
      startedAt: a.startedAt,
      questions: JSON.parse(a.snapshot) as ExamQuestion[],
      points: Object.fromEntries(a.answers.map((x) => [x.key, x.points])),
    })),
  }));
}

/** Review counts per active card, over all learners (review-screen answers only, not imports). */
export async function cardReviewCounts(db: Db): Promise<CardReviewCounts[]> {
  const [logs, states] = await Promise.all([
    db.$queryRaw<{ cardId: string; learners: unknown; reviews: unknown; reviewStateAnswers: unknown; lapses: unknown }[]>`
      SELECT l."cardId" AS "cardId", COUNT(DISTINCT l."userId") AS "learners", COUNT(*) AS "reviews",
             SUM(CASE WHEN l."state" = 2 THEN 1 ELSE 0 END) AS "reviewStateAnswers",
             SUM(CASE WHEN l."state" = 2 AND l."rating" = 1 THEN 1 ELSE 0 END) AS "lapses"
      FROM "ReviewLog" l JOIN "Card" c ON c."id" = l."cardId"
      WHERE l."kind" = 'review' AND c."retiredAt" IS NULL
      GROUP BY l."cardId"`,
    db.$queryRaw<{ cardId: string; difficultySum: unknown; difficultyLearners: unknown; leechLearners: unknown }[]>`
      SELECT "cardId", SUM("difficulty") AS "difficultySum", COUNT(*) AS "difficultyLearners",
             SUM(CASE WHEN "leech" THEN 1 ELSE 0 END) AS "leechLearners"
      FROM "CardState" WHERE "state" <> 0
      GROUP BY "cardId"`,
  ]);
  const byCard = new Map(states.map((s) => [s.cardId, s]));
  return logs.map((l) => {
    const s = byCard.get(l.cardId);
    return {
      cardId: l.cardId,
      learners: Number(l.learners),
      reviews: Number(l.reviews),
      reviewStateAnswers: Number(l.reviewStateAnswers),
      lapses: Number(l.lapses),
      difficultySum: Number(s?.difficultySum ?? 0),
      difficultyLearners: Number(s?.difficultyLearners ?? 0),
      leechLearners: Number(s?.leechLearners ?? 0),
    };
  });
}

/** What the analysis page shows of a card: its question and deck. */
export async function cardSummaries(db: Db, ids: string[]): Promise<Map<string, { questionHtml: string; deck: string }>> {
  const rows = await db.card.findMany({ where: { id: { in: ids } }, select: { id: true, questionHtml: true, deck: { select: { path: true } } } });
  return new Map(rows.map((r) => [r.id, { questionHtml: r.questionHtml, deck: r.deck.path }]));
}

/** Every name a `<!-- related: -->` link may use: active cards' ids and explicit ids. */
export async function activeCardNames(db: Db): Promise<Set<string>> {
  const rows = await db.card.findMany({ where: { retiredAt: null }, select: { id: true, explicitId: true } });
  return new Set(rows.flatMap((r) => (r.explicitId ? [r.id, r.explicitId] : [r.id])));
}
