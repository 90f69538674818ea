import Link from "next/link";
import type { DeckNode } from "@/lib/db/decks";
import { DeckBranch, DeckGutter } from "./deck-branch";

const ROW = "flex items-baseline gap-1 rounded px-1 py-1 hover:bg-zinc-50 dark:hover:bg-zinc-900";

/** The decks as nested lists; top-level decks show their sub-decks, deeper ones open on demand. */
export function DeckTree({ decks }: { decks: DeckNode[] }) {
  return (
    <ul className="space-y-1">
      {decks.map((d) => (
        <DeckItem key={d.id} deck={d} />
      ))}
    </ul>
  );
}

function DeckItem({ deck }: { deck: DeckNode }) {
  const label = (
    <span className="flex min-w-0 flex-1 flex-wrap items-baseline justify-between gap-x-3">
      <Link href={`/cards?deck=${deck.id}`}>{deck.name}</Link>
      <span className="text-xs text-zinc-500 tabular-nums">
        {deck.total} card{deck.total === 1 ? "" : "s"} · {deck.answered} answered
      </span>
    </span>
  );
  if (!deck.children.length) {
    return (
      <li className={ROW}>
        <DeckGutter />
        {label}
      </li>
    );
  }
  return (
    <li>
      <DeckBranch name={deck.name} defaultOpen={deck.depth < 1} className={ROW} head={label}>
        <ul className="mt-1 ml-3 space-y-1 border-l border-zinc-200 pl-2 dark:border-zinc-800">
          {deck.children.map((c) => (
            <DeckItem key={c.id} deck={c} />
          ))}
        </ul>
      </DeckBranch>
    </li>
  );
}
