import Link from "next/link";
import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { listCards, listTags } from "@/lib/db/cards";
import { getDeckTree } from "@/lib/db/decks";
import { CardFilters } from "@/components/content/card-filters";
import { CardList } from "@/components/content/card-list";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Cards" };

type Search = { q?: string; deck?: string; tag?: string; answered?: string; page?: string };

export default async function CardsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const db = getDb();
  const answered = sp.answered === "yes" || sp.answered === "no" ? sp.answered : undefined;
  const [result, decks, tags] = await Promise.all([
    listCards(db, { q: sp.q, deckId: sp.deck || undefined, tag: sp.tag || undefined, answered, page: Number(sp.page) || 1 }),
    getDeckTree(db),
    listTags(db),
  ]);
  const pageHref = (page: number) => `/cards?${new URLSearchParams({ ...Object.fromEntries(Object.entries(sp).filter(([, v]) => v)), page: String(page) })}`;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Cards</h1>
      <CardFilters decks={decks} tags={tags} values={sp} />
      <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
        {result.total} card{result.total === 1 ? "" : "s"}
        {result.pages > 1 ? ` · page ${result.page} of ${result.pages}` : ""}
      </p>
      <CardList cards={result.cards} />
      {result.pages > 1 && (
        <nav className="flex gap-4 text-sm" aria-label="Pages">
          {result.page > 1 && <Link href={pageHref(result.page - 1)}>← Previous</Link>}
          {result.page < result.pages && <Link href={pageHref(result.page + 1)}>Next →</Link>}
        </nav>
      )}
    </div>
  );
}
