import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getDeckTree } from "@/lib/db/decks";
import { getStats } from "@/lib/db/stats";
import { jobView, latestOptimizerJob } from "@/lib/stats/optimizer-jobs";
import { flattenDecks } from "@/components/settings/options";
import { Heatmap } from "@/components/stats/heatmap";
import { ButtonsChart, ForecastChart, RetentionChart, StatesChart, TimeChart, WorkloadChart } from "@/components/stats/charts";
import { OptimizerPanel } from "@/components/stats/optimizer-panel";
import { PortabilityPanel } from "@/components/stats/portability-panel";
import { DeckPicker } from "@/components/stats/deck-picker";
import { FitHistory } from "@/components/stats/fit-history";
import { listFits } from "@/lib/db/optimizer-fits";
import { getSettings } from "@/lib/db/settings";
import { plural } from "@/lib/exams/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Statistics" };

export default async function StatsPage({ searchParams }: { searchParams: Promise<{ deck?: string }> }) {
  const { deck } = await searchParams;
  const user = await requireUser(deck ? `/stats?deck=${encodeURIComponent(deck)}` : "/stats");
  const db = getDb();
  const [stats, tree, fits, learner] = await Promise.all([
    getStats(db, user.id, { deckId: deck || undefined, now: new Date() }),
    getDeckTree(db),
    listFits(db, user.id),
    getSettings(db, user.id),
  ]);
  if (!stats) notFound();
  const job = await latestOptimizerJob(getDb(), user.id);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Statistics</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {stats.deck ? stats.deck.path : "All decks"} · {plural(stats.totalReviews, "review")}
          </p>
        </div>
        <DeckPicker decks={flattenDecks(tree)} current={stats.deck?.id ?? ""} />
      </div>
      <Heatmap days={stats.heatmap} />
      <div className="grid gap-6 lg:grid-cols-2">
        <ForecastChart days={stats.forecast} />
        <RetentionChart buckets={stats.retention} />
        <StatesChart states={stats.states} />
        <ButtonsChart buttons={stats.buttons} />
        <TimeChart days={stats.time} />
        <WorkloadChart curves={stats.workload} days={stats.workloadDays} current={stats.desiredRetention} />
      </div>
      <OptimizerPanel initial={job ? jobView(job) : null} hasCustom={stats.weights !== null} />
      <FitHistory fits={fits} enabled={learner.settings.autoOptimize} timeZone={learner.timeZone} />
      <PortabilityPanel />
    </div>
  );
}
