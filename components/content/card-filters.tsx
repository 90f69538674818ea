import type { DeckNode } from "@/lib/db/decks";
import { SEARCH_HELP } from "@/lib/srs/search-query";

function flatten(decks: DeckNode[], out: { id: string; label: string }[] = []) {
  for (const d of decks) {
    out.push({ id: d.id, label: `${"\u00a0\u00a0".repeat(d.depth)}${d.name} (${d.total})` });
    flatten(d.children, out);
  }
  return out;
}

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared. */
export function CardFilters(props: {
  decks: DeckNode[];
  tags: { tag: string; count: number }[];
  values: { q?: string; deck?: string; tag?: string; answered?: string; sort?: string; dir?: string };
}) {
  const { values } = props;
  const field = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <div className="space-y-2">
    {/* The search and its button on one row, the three filters under it: no field is ever wider than the column. */}
    <form method="get" action="/cards" className="space-y-2" role="search">
      {values.sort && <input type="hidden" name="sort" value={values.sort} />}
      {values.dir && <input type="hidden" name="dir" value={values.dir} />}
      <div className="flex gap-2">
        <label className="sr-only" htmlFor="q">Search</label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={values.q ?? ""}
          placeholder='Search: words, "a phrase", deck:, tag:, is:due…'
          className={`${field} min-w-0 flex-1`}
          aria-describedby="search-syntax"
        />
        <button type="submit" className="shrink-0 rounded-md bg-indigo-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-indigo-500">
          Filter
        </button>
      </div>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
        <label className="sr-only" htmlFor="deck">Deck</label>
        <select id="deck" name="deck" defaultValue={values.deck ?? ""} className={`${field} w-full min-w-0`}>
          <option value="">All decks</option>
          {flatten(props.decks).map((d) => (
            <option key={d.id} value={d.id}>{d.label}</option>
          ))}
        </select>
        <label className="sr-only" htmlFor="tag">Tag</label>
        <select id="tag" name="tag" defaultValue={values.tag ?? ""} className={`${field} w-full min-w-0`}>
          <option value="">All tags</option>
          {props.tags.map((t) => (
            <option key={t.tag} value={t.tag}>{t.tag} ({t.count})</option>
          ))}
        </select>
        <label className="sr-only" htmlFor="answered">Answered</label>
        <select id="answered" name="answered" defaultValue={values.answered ?? ""} className={`${field} w-full min-w-0`}>
          <option value="">Answered or not</option>
          <option value="yes">With answer</option>
          <option value="no">Open (no answer)</option>
        </select>
      </div>
    </form>
    <details id="search-syntax" className="text-sm text-zinc-600 dark:text-zinc-400">
      <summary className="cursor-pointer">Search syntax</summary>
      <p className="mt-1">Every term must match (AND). Searches the question, the answer and other answers to the same question.</p>
      <dl className="mt-1 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
        {SEARCH_HELP.map((h) => (
          <div key={h.example} className="contents">
            <dt>
              <code>{h.example}</code>
            </dt>
            <dd className="mb-1 sm:mb-0">{h.meaning}</dd>
          </div>
        ))}
      </dl>
    </details>
    </div>
  );
}
