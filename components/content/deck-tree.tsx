import Link from "next/link";
import type { DeckNode } from "@/lib/db/decks";

export function DeckTree({ decks }: { decks: DeckNode[] }) {
  return (
    <ul className="space-y-1" role="tree">
      {decks.map((d) => (
        <DeckItem key={d.id} deck={d} />
      ))}
    </ul>
  );
}

function DeckItem({ deck }: { deck: DeckNode }) {
  const label = (
    <span className="flex flex-wrap items-baseline justify-between gap-x-3">
      <Link href={`/cards?deck=${deck.id}`}>{deck.name}</Link>
      <span className="text-xs text-zinc-500 tabular-nums" aria-label={`${deck.total} cards, ${deck.answered} with answers`}>
        {deck.total} cards · {deck.answered} answered
      </span>
    </span>
  );
  if (!deck.children.length) {
    return (
      <li role="treeitem" aria-selected={false} className="rounded px-2 py-1 hover:bg-zinc-50 dark:hover:bg-zinc-900">
        {label}
      </li>
    );
  }
  return (
    <li role="treeitem" aria-selected={false} aria-expanded={deck.depth < 1}>
      <details open={deck.depth < 1} className="group">
        <summary className="cursor-pointer rounded px-2 py-1 hover:bg-zinc-50 dark:hover:bg-zinc-900">
          <span className="inline-block w-[calc(100%-1.5rem)] align-top">{label}</span>
        </summary>
        <ul className="ml-4 space-y-1 border-l border-zinc-200 pl-2 dark:border-zinc-800" role="group">
          {deck.children.map((c) => (
            <DeckItem key={c.id} deck={c} />
          ))}
        </ul>
      </details>
    </li>
  );
}
