import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getDeckTree } from "@/lib/db/decks";
import { DeckTree } from "@/components/content/deck-tree";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const decks = await getDeckTree(getDb());
  const total = decks.reduce((n, d) => n + d.total, 0);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Decks</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {total} cards from <code>content/</code>. <Link href="/cards">Browse all cards</Link>.
        </p>
      </div>
      {decks.length ? (
        <DeckTree decks={decks} />
      ) : (
        <p>No content yet. Add Markdown files under <code>content/</code> and run <code>npm run ingest</code>.</p>
      )}
    </div>
  );
}
