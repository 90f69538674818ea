import type { CardDetail } from "@/lib/db/cards";
import { MarkdownHtml } from "./markdown-html";

/** Where an author edits this text: "content/attention.md, line 12". */
export const editHint = (s: { file: string; line: number }) => `Edit in ${s.file}, line ${s.line}`;

/** A card in full. Source positions (`file:line`) are for authors only, with where to edit; learners never see them. */
export function CardView({ card, isAuthor }: { card: CardDetail; isAuthor: boolean }) {
  return (
    <article className="space-y-5">
      {card.retired && (
        <p className="rounded-md bg-zinc-100 p-2 text-sm dark:bg-zinc-800">
          This card was retired: its question is no longer in the content. Its history is kept.
        </p>
      )}
      {card.contextHtml && (
        <section aria-label="Context" className="rounded-md border-l-4 border-indigo-300 bg-indigo-50/50 p-3 text-sm dark:border-indigo-700 dark:bg-indigo-950/30">
          <div className="mb-1 text-xs font-medium uppercase tracking-wide text-zinc-500">Follows</div>
          <MarkdownHtml html={card.contextHtml} />
        </section>
      )}
      <section aria-label="Question">
        <h1 className="sr-only">Question</h1>
        <MarkdownHtml html={card.questionHtml} className="text-lg font-medium" />
      </section>
      <section aria-label="Answer" className="border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <h2 className="mb-2 text-xs font-medium uppercase tracking-wide text-zinc-500">Answer</h2>
        {card.answerHtml ? (
          <MarkdownHtml html={card.answerHtml} />
        ) : (
          <p className="text-zinc-600 italic dark:text-zinc-400">Open question: the source gives no reference answer. Answer it in your own words.</p>
        )}
      </section>
      {card.alternatives.length > 0 && (
        <section aria-label="Other answers" className="space-y-3">
          <h2 className="text-xs font-medium uppercase tracking-wide text-zinc-500">Other answers to the same question</h2>
          {card.alternatives.map((alt, i) => (
            <details key={i} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
              <summary className="cursor-pointer text-sm">
                {isAuthor ? (
                  <>
                    From <code title={editHint(alt)}>{alt.file}:{alt.line}</code>
                  </>
                ) : (
                  "Another answer"
                )}
              </summary>
              <MarkdownHtml html={alt.answerHtml} />
            </details>
          ))}
        </section>
      )}
      <footer className="space-y-1 border-t border-zinc-200 pt-3 text-xs text-zinc-500 dark:border-zinc-800">
        {isAuthor && (
          <div data-testid="card-sources">
            Source{card.sources.length > 1 ? "s" : ""}:{" "}
            {card.sources.map((s, i) => (
              <span key={i} className="mr-3">
                <code>
                  {s.file}:{s.line}
                </code>{" "}
                <span className="text-zinc-500">({editHint(s)})</span>
              </span>
            ))}
          </div>
        )}
        {card.tags.length > 0 && <div>Tags: {card.tags.map((t) => `#${t}`).join(" ")}</div>}
        {card.widgets.length > 0 && <div>Widgets: {card.widgets.join(", ")}</div>}
      </footer>
    </article>
  );
}
