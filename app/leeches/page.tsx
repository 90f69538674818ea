import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { listLeeches } from "@/lib/db/review";
import { requireUser } from "@/lib/auth/session";
import { LeechList } from "@/components/leeches/leech-list";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Leeches" };

export default async function LeechesPage() {
  const user = await requireUser("/leeches");
  const leeches = await listLeeches(getDb(), user.id);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="text-2xl font-semibold">Leeches</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Cards you have forgotten many times. Rewording, splitting or adding an example usually helps more than more reviews.
      </p>
      <LeechList leeches={leeches} isAuthor={user.role === "author"} />
    </div>
  );
}
