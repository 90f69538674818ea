import { DEFAULT_SETTINGS, mergeSettings, type SrsSettings } from "@/lib/srs";
import type { Db } from "./client";
import { learnerRow } from "./review-queries";
import { runWhenIdle, sqliteOf, type Sqlite } from "./sqlite";

export interface LearnerSettings {
  settings: SrsSettings;
  timeZone: string;
  deckOverrides: { deckId: string; deckPath: string; settings: Partial<SrsSettings> }[];
}

/** Stored JSON is trusted only as far as it parses; unknown or missing fields take defaults. */
function parseStored(json: string): Partial<SrsSettings> {
  try {
    const value = JSON.parse(json);
    return value && typeof value === "object" ? (value as Partial<SrsSettings>) : {};
  } catch {
    return {};
  }
}

/** The learner's settings, time zone and deck overrides. */
export async function getSettings(db: Db, userId: string): Promise<LearnerSettings> {
  const sqlite = sqliteOf(db);
  return runWhenIdle(sqlite, () => readSettings(sqlite, userId));
}

/** getSettings for the review loop's synchronous transactions. */
export function readSettings(sqlite: Sqlite, userId: string): LearnerSettings {
  const user = learnerRow(sqlite, userId);
  return {
    settings: mergeSettings({ ...DEFAULT_SETTINGS }, parseStored(user.settings)),
    timeZone: user.timeZone,
    deckOverrides: user.overrides
      .map((d) => ({ deckId: d.deckId, deckPath: d.deckPath, settings: parseStored(d.settings) }))
      .sort((a, b) => a.deckPath.localeCompare(b.deckPath)),
  };
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

/**
 * The settings that apply to cards of a deck: the learner's, overridden by the nearest deck
 * (the deck itself, else its closest ancestor) that has an override.
 */
export function settingsForDeck(learner: LearnerSettings, deckPath: string): SrsSettings {
  let best: { depth: number; settings: Partial<SrsSettings> } | null = null;
  for (const o of learner.deckOverrides) {
    if (deckPath === o.deckPath || deckPath.startsWith(o.deckPath + " / ")) {
      const depth = o.deckPath.split(" / ").length;
      if (!best || depth > best.depth) best = { depth, settings: o.settings };
    }
  }
  return best ? mergeSettings(learner.settings, best.settings) : learner.settings;
}
