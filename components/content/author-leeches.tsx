import Link from "next/link";

/** Cards that are leeches for some learners: a hint that the question needs rewriting. */
export function AuthorLeeches({ leeches }: { leeches: { cardId: string; question: string; deckPath: string; learners: number }[] }) {
  return (
    <section className="space-y-2" aria-labelledby="author-leeches">
      <h2 id="author-leeches" className="text-lg font-semibold">
        Leeches ({leeches.length})
      </h2>
      {leeches.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No card has become a leech for any learner.</p>
      ) : (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Cards learners keep forgetting (no learner is named). Rewording or splitting them usually helps.
          </p>
          <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
            {leeches.map((l) => (
              <li key={l.cardId} className="flex flex-wrap items-baseline justify-between gap-x-3 py-1.5">
                <Link href={`/cards/${l.cardId}`}>{l.question.split("\n")[0].slice(0, 160)}</Link>
                <span className="text-xs text-zinc-500">
                  {l.deckPath} · {l.learners} learner{l.learners === 1 ? "" : "s"}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
