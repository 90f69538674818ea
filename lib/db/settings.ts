import type { SrsSettings } from "@/lib/srs";
import { learnerSettingsFrom, type LearnerSettings } from "@/lib/srs/learner-settings";
import { dialectOf } from "./dialect";
import type { Db } from "./client";
import { learnerRow } from "./review-queries";
import { runWhenIdle, sqliteOf, type Sqlite } from "./sqlite";

// The rules live in lib/srs/learner-settings.ts; callers keep importing them from here.
export { settingsForDeck, type LearnerSettings } from "@/lib/srs/learner-settings";

/** The learner's settings, time zone and deck overrides. */
export async function getSettings(db: Db, userId: string): Promise<LearnerSettings> {
  if (dialectOf(db) === "postgresql") {
    const user = await db.user.findUniqueOrThrow({
      where: { id: userId },
      select: { settings: true, timeZone: true, deckSettings: { select: { deckId: true, settings: true, deck: { select: { path: true } } } } },
    });
    return learnerSettingsFrom({ ...user, overrides: user.deckSettings.map((d) => ({ deckId: d.deckId, deckPath: d.deck.path, settings: d.settings })) });
  }
  const sqlite = sqliteOf(db);
  return runWhenIdle(sqlite, () => readSettings(sqlite, userId));
}

/** getSettings for the review loop's synchronous transactions. */
export function readSettings(sqlite: Sqlite, userId: string): LearnerSettings {
  return learnerSettingsFrom(learnerRow(sqlite, userId));
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
