import type { SrsSettings } from "@/lib/srs";
import type { LearnerSettings } from "@/lib/srs/learner-settings";
import { learnerSettings } from "@/lib/srs/loop";
import type { Db } from "./client";
import { reviewStore } from "./review-store";
import { queryOp } from "./store";

// The rules live in lib/srs/learner-settings.ts; callers keep importing them from here.
export { settingsForDeck, type LearnerSettings } from "@/lib/srs/learner-settings";

/** The learner's settings, time zone and deck overrides. */
export function getSettings(db: Db, userId: string): Promise<LearnerSettings> {
  return queryOp(db, learnerSettings(reviewStore, userId));
}

export async function saveSettings(db: Db, userId: string, settings: SrsSettings, timeZone: string): Promise<void> {
  // An unknown zone would break every study-day computation: refuse it here, at the edge.
  new Intl.DateTimeFormat("en", { timeZone });
  await db.user.update({ where: { id: userId }, data: { settings: JSON.stringify(settings), timeZone } });
}

/** Set (or with null, remove) a learner's override for one deck and its sub-decks. */
export async function saveDeckOverride(db: Db, userId: string, deckId: string, override: Partial<SrsSettings> | null): Promise<void> {
  if (override === null || Object.keys(override).length === 0) {
    await db.deckSettings.deleteMany({ where: { userId, deckId } });
    return;
  }
  const deck = await db.deck.findUnique({ where: { id: deckId }, select: { id: true } });
  if (!deck) throw new Error("No such deck.");
  const settings = JSON.stringify(override);
  await db.deckSettings.upsert({ where: { userId_deckId: { userId, deckId } }, create: { userId, deckId, settings }, update: { settings } });
}
