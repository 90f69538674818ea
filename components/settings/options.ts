import type { DeckNode } from "@/lib/db/decks";
import type { DeckOption } from "./deck-override-form";

/** Every IANA zone this runtime knows, plus UTC (which V8 leaves out) and the stored zone. */
export function timeZoneOptions(current: string): string[] {
  const zones = new Set(Intl.supportedValuesOf("timeZone"));
  zones.add("UTC");
  zones.add(current);
  return [...zones].sort((a, b) => (a === "UTC" ? -1 : b === "UTC" ? 1 : a.localeCompare(b)));
}

/** The deck tree in display order, for a select. */
export function flattenDecks(decks: DeckNode[], out: DeckOption[] = []): DeckOption[] {
  for (const d of decks) {
    out.push({ id: d.id, path: d.path, depth: d.depth, name: d.name });
    flattenDecks(d.children, out);
  }
  return out;
}
