import Link from "next/link";
import type { Ref } from "react";
import type { ReviewCardView } from "@/lib/review/contract";
import { MarkdownHtml } from "@/components/content/markdown-html";
import { WidgetSlot } from "@/components/widgets/widget-slot";

const LABEL = "mb-1 text-xs font-medium uppercase tracking-wide text-zinc-500";

/** One card on the review screen: context, question, the learner's draft for open cards, answer. */
export function ReviewCard(props: {
  card: ReviewCardView;
  revealed: boolean;
  draft: string;
  onDraftChange: (text: string) => void;
  isAuthor: boolean;
  questionRef: Ref<HTMLDivElement>;
  answerRef: Ref<HTMLDivElement>;
  draftRef: Ref<HTMLTextAreaElement>;
}) {
  const { card, revealed, draft, questionRef, answerRef, draftRef } = props;
  const open = card.answerHtml === null;
  return (
    <article className="space-y-4" aria-label="Card">
      {card.contextHtml && (
        <section aria-label="Context" className="rounded-md border-l-4 border-indigo-300 bg-indigo-50/50 p-3 text-sm dark:border-indigo-700 dark:bg-indigo-950/30">
          <div className={LABEL}>Follows</div>
          <MarkdownHtml html={card.contextHtml} />
        </section>
      )}
      <div ref={questionRef} tabIndex={-1} aria-label="Question" role="region" className="outline-none">
        <MarkdownHtml html={card.questionHtml} className="text-lg font-medium" />
      </div>

      {open && !revealed && (
        <div>
          <label htmlFor="draft" className="mb-1 block text-sm text-zinc-600 dark:text-zinc-400">
            Type your answer (optional)
          </label>
          <textarea
            id="draft"
            ref={draftRef}
            value={draft}
            onChange={(e) => props.onDraftChange(e.target.value)}
            rows={4}
            aria-describedby="draft-hint"
            className="block w-full rounded-md border border-zinc-300 bg-white p-2 text-base focus:outline-2 focus:outline-offset-1 focus:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-900"
          />
          <p id="draft-hint" className="mt-1 text-xs text-zinc-500">
            Ctrl+Enter (⌘+Enter) reveals · Esc leaves the box so the keys work again
          </p>
        </div>
      )}

      <div ref={answerRef} tabIndex={-1} aria-live="polite" className="outline-none">
        {revealed && (
          <section aria-label="Answer" className="border-t border-zinc-200 pt-4 dark:border-zinc-800">
            {open ? (
              <div className="grid gap-4 sm:grid-cols-2">
                <div>
                  <div className={LABEL}>Answer</div>
                  <p className="text-zinc-700 italic dark:text-zinc-300">No reference answer — grade yourself.</p>
                </div>
                <div>
                  <div className={LABEL}>Your answer</div>
                  {draft.trim() ? (
                    <p className="whitespace-pre-wrap rounded-md bg-zinc-100 p-2 dark:bg-zinc-900">{draft}</p>
                  ) : (
                    <p className="text-zinc-500">You didn’t type one.</p>
                  )}
                </div>
              </div>
            ) : (
              <>
                <div className={LABEL}>Answer</div>
                <MarkdownHtml html={card.answerHtml!} />
              </>
            )}
            {card.alternatives.length > 0 && (
              <div className="mt-4 space-y-2">
                {card.alternatives.map((alt, i) => (
                  <details key={i} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
                    <summary className="cursor-pointer text-sm">
                      {props.isAuthor && alt.file ? (
                        <>
                          Another answer, from <code title={`Edit in ${alt.file}, line ${alt.line}`}>{alt.file}:{alt.line}</code>
                        </>
                      ) : (
                        "Another answer"
                      )}
                    </summary>
                    <MarkdownHtml html={alt.answerHtml} />
                  </details>
                ))}
              </div>
            )}
            <WidgetSlot key={card.id} names={card.widgets} className="mt-4" />
          </section>
        )}
      </div>

      <footer className="flex flex-wrap gap-x-3 gap-y-1 border-t border-zinc-200 pt-2 text-xs text-zinc-500 dark:border-zinc-800">
        <span>{card.deckPath}</span>
        {/* Source positions are for authors (the server sends none to learners), with where to edit. */}
        {props.isAuthor &&
          card.sources.map((s, i) => (
            <Link key={i} href={`/cards/${card.id}`} title={`Edit in ${s.file}, line ${s.line}`} data-testid="card-source">
              <code>
                {s.file}:{s.line}
              </code>{" "}
              <span className="text-zinc-400">(edit: {s.file})</span>
            </Link>
          ))}
        <Link href={`/cards/${card.id}`} className="ml-auto">
          Card info
        </Link>
      </footer>
    </article>
  );
}
