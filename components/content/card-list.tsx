import Link from "next/link";
import type { CardSummary } from "@/lib/db/cards";

export function CardList({ cards }: { cards: CardSummary[] }) {
  if (!cards.length) return <p className="text-zinc-600 dark:text-zinc-400">No cards match.</p>;
  return (
    <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
      {cards.map((c) => (
        <li key={c.id} className="p-3">
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
        </li>
      ))}
    </ul>
  );
}

/** First line of the Markdown question, without markup, for the list. */
function plainQuestion(md: string): string {
  const first = md.split("\n").find((l) => l.trim()) ?? md;
  const text = first.replace(/`|\*\*|__|^\s*(#+|>)\s*/g, "").trim();
  return text.length > 220 ? text.slice(0, 217) + "…" : text;
}
