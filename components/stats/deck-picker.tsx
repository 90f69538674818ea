import type { DeckOption } from "@/components/settings/deck-override-form";

/** All decks or one: a plain GET form, so it works before any script has loaded. */
export function DeckPicker({ decks, current }: { decks: DeckOption[]; current: string }) {
  return (
    <form method="get" action="/stats" className="flex items-end gap-2">
      <div>
        <label htmlFor="deck" className="block text-sm font-medium">Deck</label>
        <select id="deck" name="deck" defaultValue={current} className="mt-1 max-w-64 rounded-lg border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900">
          <option value="">All decks</option>
          {decks.map((d) => (
            <option key={d.id} value={d.id}>{"\u2003".repeat(d.depth) + d.name}</option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded-lg border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700">Show</button>
    </form>
  );
}
