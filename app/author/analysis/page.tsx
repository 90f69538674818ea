import type { Metadata } from "next";
import Link from "next/link";
import { requireAuthor } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { activeCardNames, cardReviewCounts, cardSummaries, submittedTestAttempts } from "@/lib/db/analysis";
import { analyseTest, gradedAttempts } from "@/lib/exams/analysis";
import { unresolvedRelatedLinks } from "@/lib/exams/related";
import { analyseCards } from "@/lib/stats/card-analysis";
import { CardAnalysisView, TestAnalysisView } from "@/components/exams/item-analysis";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Item analysis" };

export default async function ItemAnalysisPage() {
  await requireAuthor("/author/analysis");
  const db = getDb();
  const [tests, counts, names] = await Promise.all([submittedTestAttempts(db), cardReviewCounts(db), activeCardNames(db)]);
  const cards = analyseCards(counts);
  const summaries = await cardSummaries(db, [...new Set([...cards.hardest, ...cards.leechiest].map((c) => c.cardId))]);
  return (
    <div className="space-y-10">
      <nav className="text-sm" aria-label="Breadcrumb">
        <Link href="/author">Author</Link>
      </nav>
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">Item analysis</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          How learners did on each test question and card, from self-grades and reviews. Only figures over at least 5 learners are shown, and no learner is
          named.
        </p>
      </header>
      {tests.map((t) => (
        <TestAnalysisView
          key={t.slug}
          title={t.title}
          questions={t.questions}
          analysis={analyseTest(gradedAttempts(t.attempts))}
          brokenLinks={unresolvedRelatedLinks(t.questions, names)}
        />
      ))}
      <CardAnalysisView analysis={cards} cards={Object.fromEntries(summaries)} />
    </div>
  );
}
