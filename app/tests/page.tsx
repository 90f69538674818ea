import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { listAttempts, listTests, quickTestSources } from "@/lib/db/exams";
import { getSettings } from "@/lib/db/settings";
import { plural } from "@/lib/exams/format";
import { QuickTestForm } from "@/components/exams/quick-test-form";
import { AttemptHistory } from "@/components/exams/attempt-history";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Tests" };

export default async function TestsPage() {
  const user = await requireUser("/tests");
  const db = getDb();
  const now = new Date();
  const [tests, sources, attempts, { timeZone }] = await Promise.all([listTests(db), quickTestSources(db), listAttempts(db, user.id, now), getSettings(db, user.id)]);
  return (
    <div className="mx-auto max-w-3xl space-y-10">
      <section className="space-y-3">
        <h1 className="text-2xl font-semibold">Tests</h1>
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {tests.map((t) => (
            <li key={t.slug} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
              <div className="min-w-0">
                <Link href={`/tests/${t.slug}`} className="font-medium">
                  {t.title}
                </Link>
                <p className="text-sm text-zinc-500">
                  {plural(t.questionCount, "question")} · {plural(t.partCount, "answer")} · time limit {plural(t.limitMinutes, "minute")}
                  {t.defaultLimit && " (3 minutes per question)"}
                </p>
              </div>
              <Link href={`/tests/${t.slug}`} className="text-sm">
                Start…
              </Link>
            </li>
          ))}
          {tests.length === 0 && <li className="px-4 py-3 text-sm text-zinc-500">No tests in the content yet.</li>}
        </ul>
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Quick test</h2>
        <p className="text-sm text-zinc-500">A timed test from your cards: pick a deck or tag, how many questions and how many minutes.</p>
        <QuickTestForm decks={sources.decks} tags={sources.tags} />
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">History</h2>
        <AttemptHistory attempts={attempts} now={now} timeZone={timeZone} />
      </section>
    </div>
  );
}
