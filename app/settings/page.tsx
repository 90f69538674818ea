import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { getSettings } from "@/lib/db/settings";
import { getDeckTree } from "@/lib/db/decks";
import { requireUser } from "@/lib/auth/session";
import { SettingsForm } from "@/components/settings/settings-form";
import { DeckOverrideForm } from "@/components/settings/deck-override-form";
import { flattenDecks, timeZoneOptions } from "@/components/settings/options";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser("/settings");
  const db = getDb();
  const [learner, tree] = await Promise.all([getSettings(db, user.id), getDeckTree(db)]);
  return (
    <div className="mx-auto max-w-3xl space-y-10">
      <section className="space-y-4" aria-labelledby="settings-heading">
        <h1 id="settings-heading" className="text-2xl font-semibold">Study settings</h1>
        <SettingsForm settings={learner.settings} timeZone={learner.timeZone} timeZones={timeZoneOptions(learner.timeZone)} />
      </section>
      <section className="space-y-4 border-t border-zinc-200 pt-6 dark:border-zinc-800" aria-labelledby="override-heading">
        <h2 id="override-heading" className="text-lg font-semibold">Per-deck overrides</h2>
        <DeckOverrideForm decks={flattenDecks(tree)} overrides={learner.deckOverrides} learner={learner.settings} />
      </section>
    </div>
  );
}
