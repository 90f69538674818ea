import Link from "next/link";
import type { CardRow, CardSort } from "@/lib/db/cards";
import { formatInZone } from "@/lib/exams/format";

const STATE_NAMES = ["New", "Learning", "Review", "Relearning"];
const TH = "px-2 py-2 text-left font-medium whitespace-nowrap";

/**
 * The card browser's result table. Signed in: the learner's state columns and a checkbox per card
 * (components/review/bulk-actions.tsx acts on the checked ones); column headers sort (again: reverse).
 */
export function CardList(props: { cards: CardRow[]; signedIn: boolean; timeZone: string; sort: CardSort; desc: boolean; sortHref: (sort: CardSort) => string }) {
  const { cards, signedIn } = props;
  if (!cards.length) return <p className="text-zinc-600 dark:text-zinc-400">No cards match.</p>;
  const header = (sort: CardSort, label: string, className = "") => (
    <th className={`${TH} ${className}`} aria-sort={props.sort === sort ? (props.desc ? "descending" : "ascending") : undefined}>
      <Link href={props.sortHref(sort)} className="text-zinc-700 no-underline hover:underline dark:text-zinc-300">
        {label}
        {props.sort === sort ? (props.desc ? " ↓" : " ↑") : ""}
      </Link>
    </th>
  );
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-sm" aria-label="Cards">
          <thead className="border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
            <tr>
              {signedIn && (
                <th className={TH}>
                  <span className="sr-only">Select</span>
                </th>
              )}
              {header("deck", "Question and deck")}
              {signedIn && (
                <>
                  <th className={TH}>State</th>
                  {header("due", "Due")}
                  {header("interval", "Interval", "hidden sm:table-cell")}
                  {header("lapses", "Lapses", "hidden sm:table-cell")}
                  {header("reps", "Reviews", "hidden md:table-cell")}
                </>
              )}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {cards.map((c) => (
              <tr key={c.id} data-testid="card-row">
                {signedIn && (
                  <td className="px-2 py-2 align-top">
                    <input type="checkbox" name="card" value={c.id} aria-label={`Select: ${plainQuestion(c.question)}`} className="size-4" />
                  </td>
                )}
                <td className="px-2 py-2 align-top">
                  <Link href={`/cards/${c.id}`} className="block font-medium text-zinc-900 dark:text-zinc-100">
                    {plainQuestion(c.question)}
                  </Link>
                  <div className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-500">
                    <span>{c.deck}</span>
                    {!c.answered && <span className="rounded bg-amber-100 px-1.5 text-amber-900 dark:bg-amber-900 dark:text-amber-100">open</span>}
                    {c.tags.slice(0, 4).map((t) => (
                      <span key={t}>#{t}</span>
                    ))}
                  </div>
                </td>
                {signedIn && (
                  <>
                    <td className="px-2 py-2 align-top whitespace-nowrap" data-testid="card-state-cell">
                      {c.state === null ? "New" : (STATE_NAMES[c.state] ?? c.state)}
                      {c.suspended && <span className="ml-1 rounded bg-zinc-200 px-1 text-xs dark:bg-zinc-700">suspended</span>}
                      {c.buried && <span className="ml-1 rounded bg-zinc-200 px-1 text-xs dark:bg-zinc-700">buried</span>}
                    </td>
                    <td className="px-2 py-2 align-top whitespace-nowrap tabular-nums">{c.due ? formatInZone(c.due, props.timeZone).slice(0, 16) : "–"}</td>
                    <td className="hidden px-2 py-2 align-top tabular-nums sm:table-cell">{c.interval === null ? "–" : `${c.interval} d`}</td>
                    <td className="hidden px-2 py-2 align-top tabular-nums sm:table-cell">{c.lapses}</td>
                    <td className="hidden px-2 py-2 align-top tabular-nums md:table-cell">{c.reps}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** First line of the Markdown question, without markup, for the list. */
function plainQuestion(md: string): string {
  const first = md.split("\n").find((l) => l.trim()) ?? md;
  const text = first.replace(/`|\*\*|__|^\s*(#+|>)\s*/g, "").trim();
  return text.length > 220 ? text.slice(0, 217) + "…" : text;
}
