import { DEFAULT_SETTINGS, mergeSettings, type SrsSettings } from "./settings";

/** A learner's settings, time zone and per-deck overrides, as the rules use them. */
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

/** From the stored row (settings JSON, zone, overrides with their deck paths). */
export function learnerSettingsFrom(row: { settings: string; timeZone: string; overrides: { deckId: string; deckPath: string; settings: string }[] }): LearnerSettings {
  return {
    settings: mergeSettings({ ...DEFAULT_SETTINGS }, parseStored(row.settings)),
    timeZone: row.timeZone,
    deckOverrides: row.overrides
      .map((d) => ({ deckId: d.deckId, deckPath: d.deckPath, settings: parseStored(d.settings) }))
      .sort((a, b) => a.deckPath.localeCompare(b.deckPath)),
  };
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
