import Link from "next/link";
import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { CARD_SORTS, listTags, searchCards, type CardSort } from "@/lib/db/cards";
import { getDeckTree, type DeckNode } from "@/lib/db/decks";
import { getSettings } from "@/lib/db/settings";
import { getSessionUser } from "@/lib/auth/session";
import { needsLearner, parseSearch } from "@/lib/srs/search-query";
import { CardFilters } from "@/components/content/card-filters";
import { CardList } from "@/components/content/card-list";
import { BulkActions } from "@/components/review/bulk-actions";

export const dynamic = "force-dynamic";

type Search = { q?: string; deck?: string; tag?: string; answered?: string; sort?: string; dir?: string; page?: string };

/** "Attention · Cards", "“softmax” · Cards": the tab says which deck, tag or search it shows. */
export async function generateMetadata({ searchParams }: { searchParams: Promise<Search> }): Promise<Metadata> {
  const sp = await searchParams;
  const find = (decks: DeckNode[]): DeckNode | undefined => decks.map((d) => (d.id === sp.deck ? d : find(d.children))).find(Boolean);
  const deck = sp.deck ? find(await getDeckTree(getDb()))?.path : undefined;
  const parts = [deck, sp.tag && `#${sp.tag}`, sp.q && `“${sp.q.slice(0, 40)}”`].filter(Boolean);
  return { title: parts.length ? `${parts.join(" ")} · Cards` : "Cards" };
}

export default async function CardsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const db = getDb();
  const user = await getSessionUser();
  const answered = sp.answered === "yes" || sp.answered === "no" ? sp.answered : undefined;
  const sort: CardSort = CARD_SORTS.includes(sp.sort as CardSort) ? (sp.sort as CardSort) : "deck";
  const desc = sp.dir === "desc";
  const parsed = parseSearch(sp.q ?? "");
  const errors = parsed.errors.map((e) => `Column ${e.column}: ${e.message}`);
  if (!user && needsLearner(parsed.clauses)) errors.push("is:, prop: and rated: read your study state: sign in to use them.");
  const learner = user ? await getSettings(db, user.id) : null;
  const now = new Date();
  const [result, decks, tags] = await Promise.all([
    errors.length
      ? null
      : searchCards(db, {
          clauses: parsed.clauses,
          userId: user?.id ?? null,
          now,
          timeZone: learner?.timeZone ?? "UTC",
          rolloverHour: learner?.settings.dayRolloverHour ?? 4,
          deckId: sp.deck || undefined,
          tag: sp.tag || undefined,
          answered,
          sort,
          desc,
          page: Number(sp.page) || 1,
        }),
    getDeckTree(db),
    listTags(db),
  ]);
  const current = Object.fromEntries(Object.entries(sp).filter(([, v]) => typeof v === "string" && v)) as Record<string, string>;
  const href = (change: Record<string, string>) => `/cards?${new URLSearchParams({ ...current, ...change })}`;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Cards</h1>
      <CardFilters decks={decks} tags={tags} values={sp} />
      {errors.length > 0 && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200">
          <p className="font-medium">This search cannot run:</p>
          <ul className="list-disc pl-5">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      {result && (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite" data-testid="card-count">
            {result.total} card{result.total === 1 ? "" : "s"}
            {result.pages > 1 ? ` · page ${result.page} of ${result.pages}` : ""}
          </p>
          {/* outside the list, so its message stays when the refreshed result is empty */}
          {user && <BulkActions />}
          <CardList
            cards={result.cards}
            signedIn={user !== null}
            timeZone={learner?.timeZone ?? "UTC"}
            sort={sort}
            desc={desc}
            sortHref={(s) => href({ sort: s, dir: s === sort && !desc ? "desc" : "asc", page: "1" })}
          />
          {result.pages > 1 && (
            <nav className="flex gap-4 text-sm" aria-label="Pages">
              {result.page > 1 && <Link href={href({ page: String(result.page - 1) })}>← Previous</Link>}
              {result.page < result.pages && <Link href={href({ page: String(result.page + 1) })}>Next →</Link>}
            </nav>
          )}
        </>
      )}
    </div>
  );
}
