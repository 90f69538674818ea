import Link from "next/link";
import type { HomeStats } from "@/lib/db/review";

const STAT = "rounded-xl border border-zinc-200 p-3 dark:border-zinc-800";

/** Today at a glance: what is due, what is new, the streak, and the way in. */
export function LearnerHome({ name, stats }: { name: string; stats: HomeStats }) {
  const waiting = stats.dueTotal + stats.newTotal;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Today</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Welcome back, {name}.</p>
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <div className={STAT}>
          <dt className="text-xs text-zinc-500">Due today</dt>
          <dd className="text-2xl font-semibold tabular-nums text-emerald-700 dark:text-emerald-400">{stats.dueTotal}</dd>
        </div>
        <div className={STAT}>
          <dt className="text-xs text-zinc-500">New available</dt>
          <dd className="text-2xl font-semibold tabular-nums text-sky-700 dark:text-sky-400">{stats.newTotal}</dd>
        </div>
        <div className={STAT}>
          <dt className="text-xs text-zinc-500">Reviewed today</dt>
          <dd className="text-2xl font-semibold tabular-nums">{stats.doneToday}</dd>
        </div>
        <div className={STAT}>
          <dt className="text-xs text-zinc-500">Streak</dt>
          <dd className="text-2xl font-semibold tabular-nums">
            {stats.streak} <span className="text-sm font-normal text-zinc-500">day{stats.streak === 1 ? "" : "s"}</span>
          </dd>
        </div>
      </dl>
      <Link
        href="/review"
        className="flex min-h-14 items-center justify-center rounded-xl bg-indigo-600 px-6 py-4 text-lg font-semibold text-white no-underline hover:bg-indigo-500 hover:no-underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:text-white"
      >
        {waiting ? `Review (${waiting})` : "Review"}
      </Link>
      <section aria-labelledby="decks-heading" className="space-y-2">
        <h2 id="decks-heading" className="text-lg font-semibold">Decks</h2>
        {stats.decks.length ? (
          <table className="w-full text-sm">
            <thead className="text-left text-xs text-zinc-500">
              <tr>
                <th className="py-1 pr-2 font-medium">Deck</th>
                <th className="w-14 pr-2 text-right font-medium">Due</th>
                <th className="w-14 pr-2 text-right font-medium">New</th>
                <th className="w-20 text-right font-medium"><span className="sr-only">Action</span></th>
              </tr>
            </thead>
            <tbody>
              {stats.decks.map((d) => (
                <tr key={d.id} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td className="py-2 pr-2" style={{ paddingLeft: `${d.depth * 0.9}rem` }}>
                    <span title={d.path}>{d.name}</span>
                  </td>
                  <td className={`pr-2 text-right tabular-nums ${d.due ? "text-emerald-700 dark:text-emerald-400" : "text-zinc-400"}`}>{d.due}</td>
                  <td className={`pr-2 text-right tabular-nums ${d.new ? "text-sky-700 dark:text-sky-400" : "text-zinc-400"}`}>{d.new}</td>
                  <td className="text-right">
                    <Link href={`/review?deck=${encodeURIComponent(d.id)}`} aria-label={`Review ${d.path}`} className="inline-block px-1 py-1">
                      Review
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-zinc-600 dark:text-zinc-400">Nothing due and no new cards left. <Link href="/cards">Browse the cards</Link>.</p>
        )}
      </section>
    </div>
  );
}
