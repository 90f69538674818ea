import Link from "next/link";
import type { LeechRow } from "@/lib/db/review";
import { unsuspendAction } from "./actions";

/** The learner's leeches: cards forgotten again and again, usually worth rewording or splitting. */
export function LeechList({ leeches, isAuthor }: { leeches: LeechRow[]; isAuthor: boolean }) {
  if (!leeches.length) return <p className="text-zinc-600 dark:text-zinc-400">No leeches. Cards you keep forgetting will show up here.</p>;
  return (
    <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
      {leeches.map((l) => (
        <li key={l.cardId} className="flex flex-wrap items-center gap-3 p-3">
          <div className="min-w-0 flex-1 basis-64">
            <Link href={`/cards/${l.cardId}`} className="block font-medium text-zinc-900 dark:text-zinc-100">
              {firstLine(l.question)}
            </Link>
            <div className="mt-1 flex flex-wrap gap-x-3 text-xs text-zinc-500">
              <span>{l.deckPath}</span>
              <span className="tabular-nums">{l.lapses} lapses</span>
              {l.suspended ? (
                <span className="rounded bg-amber-100 px-1.5 text-amber-900 dark:bg-amber-900 dark:text-amber-100">suspended</span>
              ) : (
                <span>in your queue</span>
              )}
            </div>
          </div>
          {l.suspended && (
            <form action={unsuspendAction}>
              <input type="hidden" name="cardId" value={l.cardId} />
              <button
                type="submit"
                className="min-h-11 rounded-lg px-3 py-2 text-sm ring-1 ring-zinc-300 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:ring-zinc-700 dark:hover:bg-zinc-800"
                aria-label={`Unsuspend: ${firstLine(l.question)}`}
              >
                Unsuspend
              </button>
            </form>
          )}
        </li>
      ))}
      {isAuthor && (
        <li className="p-3 text-xs text-zinc-500">As an author, open a card to see its source and fix the wording in <code>content/</code>.</li>
      )}
    </ul>
  );
}

function firstLine(md: string): string {
  const line = (md.split("\n").find((l) => l.trim()) ?? md).replace(/`|\*\*|__|^\s*(#+|>)\s*/g, "").trim();
  return line.length > 200 ? line.slice(0, 197) + "…" : line;
}
