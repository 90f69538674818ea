import Link from "next/link";
import type { HomeStats } from "@/lib/db/review";
import { PendingSync } from "./pending-sync";
import { DeckBranch, DeckGutter } from "@/components/content/deck-branch";

type DeckStat = HomeStats["decks"][number];
type DeckStatNode = DeckStat & { children: DeckStatNode[] };

const ROW = "grid min-w-0 flex-1 grid-cols-[minmax(0,1fr)_2.5rem_2.5rem_4rem] items-center gap-x-2";
const STAT = "rounded-xl border border-zinc-200 p-3 dark:border-zinc-800";

/** Today at a glance: what is due, what is new, the streak, and the way in. */
export function LearnerHome({ userId, name, stats }: { userId: string; name: string; stats: HomeStats }) {
  const waiting = stats.dueTotal + stats.newTotal;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Today</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Welcome back, {name}.</p>
      </div>
      <PendingSync userId={userId} />
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
          <div className="text-sm">
            <div className="flex border-b border-zinc-200 pb-1 text-xs text-zinc-500 dark:border-zinc-800" aria-hidden="true">
              <DeckGutter />
              <div className={ROW}>
                <span>Deck</span>
                <span className="text-right">Due</span>
                <span className="text-right">New</span>
                <span />
              </div>
            </div>
            <DeckRows nodes={deckTree(stats.decks)} />
          </div>
        ) : (
          <p className="text-zinc-600 dark:text-zinc-400">Nothing due and no new cards left. <Link href="/cards">Browse the cards</Link>.</p>
        )}
      </section>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        <Link href="/settings">Daily limits and retention</Link> · <Link href="/leeches">Leeches</Link> · <Link href="/cards">All cards</Link>
      </p>
    </div>
  );
}

/** Rebuild the tree from the flat, path-ordered list: a deck's parent is the nearest listed prefix. */
function deckTree(decks: DeckStat[]): DeckStatNode[] {
  const roots: DeckStatNode[] = [];
  const byPath = new Map<string, DeckStatNode>();
  for (const d of decks) {
    const node: DeckStatNode = { ...d, children: [] };
    byPath.set(d.path, node);
    const parts = d.path.split(" / ");
    let parent: DeckStatNode | undefined;
    for (let n = parts.length - 1; n > 0 && !parent; n--) parent = byPath.get(parts.slice(0, n).join(" / "));
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** Top-level decks show their sub-decks; deeper levels open on demand. */
function DeckRows({ nodes, level = 0 }: { nodes: DeckStatNode[]; level?: number }) {
  return (
    <ul className={level ? "ml-3 border-l border-zinc-200 pl-2 dark:border-zinc-800" : ""}>
      {nodes.map((d) => (
        <li key={d.id} className="border-b border-zinc-100 last:border-b-0 dark:border-zinc-900">
          {d.children.length ? (
            <DeckBranch
              name={d.path}
              defaultOpen={level === 0}
              className="flex items-center"
              head={
                <div className={ROW}>
                  <DeckCells deck={d} />
                </div>
              }
            >
              <DeckRows nodes={d.children} level={level + 1} />
            </DeckBranch>
          ) : (
            <div className="flex items-center">
              <DeckGutter />
              <div className={ROW}>
                <DeckCells deck={d} />
              </div>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

function DeckCells({ deck }: { deck: DeckStat }) {
  return (
    <>
      <span className="min-w-0 py-2" title={deck.path}>
        {deck.name}
      </span>
      <span className={`text-right tabular-nums ${deck.due ? "text-emerald-700 dark:text-emerald-400" : "text-zinc-500"}`}>{deck.due}</span>
      <span className={`text-right tabular-nums ${deck.new ? "text-sky-700 dark:text-sky-400" : "text-zinc-500"}`}>{deck.new}</span>
      <Link href={`/review?deck=${encodeURIComponent(deck.id)}`} aria-label={`Review ${deck.path}`} className="py-2 text-right">
        Review
      </Link>
    </>
  );
}
