import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getDeckTree } from "@/lib/db/decks";
import { getHomeStats } from "@/lib/db/review";
import { getSessionUser } from "@/lib/auth/session";
import { DeckTree } from "@/components/content/deck-tree";
import { LearnerHome } from "@/components/home/learner-home";
import { Welcome } from "@/components/home/welcome";
import { plural } from "@/lib/exams/format";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const db = getDb();
  const user = await getSessionUser();
  if (user) return <LearnerHome userId={user.id} name={user.name} stats={await getHomeStats(db, user.id, new Date())} />;
  const decks = await getDeckTree(db);
  const total = decks.reduce((n, d) => n + d.total, 0);
  return (
    <div className="space-y-6">
      <Welcome />
      <div>
        <h2 className="text-2xl font-semibold">Decks</h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {plural(total, "card")} from <code>content/</code>. <Link href="/cards">Browse all cards</Link>.
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
