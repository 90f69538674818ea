import Link from "next/link";
import type { TestAnalysis } from "@/lib/exams/analysis";
import { MIN_LEARNERS } from "@/lib/exams/analysis";
import { plural } from "@/lib/exams/format";
import type { CardAnalysis, CardStats } from "@/lib/stats/card-analysis";

const pct = (x: number) => `${Math.round(x)}%`;
const th = "px-2 py-1.5 text-left font-medium whitespace-nowrap";
const td = "px-2 py-1.5 tabular-nums whitespace-nowrap";

/** Moodle's reading of the two indices, for the colour of a cell. */
function facilityNote(f: number): string {
  return f < 20 ? "very hard" : f > 80 ? "very easy" : "";
}
function discriminationNote(d: number): string {
  return d < 0 ? "reversed" : d < 20 ? "weak" : "";
}

/** Per test question: attempts, mean score, facility and discrimination (server-rendered table). */
export function TestAnalysisView(props: {
  title: string;
  questions: { number: number; title: string }[];
  analysis: TestAnalysis;
  /** `<!-- related: -->` links in the test that name no card. */
  brokenLinks: { number: number; id: string }[];
}) {
  const { title, questions, analysis, brokenLinks } = props;
  const titles = new Map(questions.map((q) => [q.number, q.title]));
  return (
    <section className="space-y-2" aria-label={`Questions of ${title}`}>
      <h2 className="text-lg font-semibold">{title}</h2>
      {brokenLinks.length > 0 && (
        <ul role="alert" data-testid="broken-links" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm dark:border-amber-800 dark:bg-amber-950">
          {brokenLinks.map((l) => (
            <li key={`${l.number}:${l.id}`}>
              Question {l.number} links <code>{`<!-- related: ${l.id} -->`}</code>, but no card has that id: fix the id or add it to the card with{" "}
              <code>{`<!-- id: ${l.id} -->`}</code>.
            </li>
          ))}
        </ul>
      )}
      {!analysis.shown ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="below-floor">
          {plural(analysis.learners, "learner")} with a fully graded attempt so far; the figures appear from {MIN_LEARNERS} learners on.
        </p>
      ) : (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            First fully graded attempt of each of {plural(analysis.learners, "learner")}. Facility: mean score as a share of the maximum (aim for 30–70%).
            Discrimination: top third&apos;s mean minus bottom third&apos;s, ranked by total (20 or more separates well); r: correlation with the rest of
            the test.
          </p>
          <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
            <table className="w-full text-sm" data-testid="question-stats">
              <thead className="bg-zinc-50 dark:bg-zinc-900">
                <tr>
                  <th className={th}>Question</th>
                  <th className={th}>Attempts</th>
                  <th className={th}>Mean score</th>
                  <th className={th}>Facility</th>
                  <th className={th}>Discrimination</th>
                  <th className={th}>r</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {analysis.questions.map((q) => (
                  <tr key={q.number}>
                    <td className="px-2 py-1.5">
                      {q.number}. {titles.get(q.number) ?? ""}
                    </td>
                    <td className={td}>{q.attempts}</td>
                    <td className={td}>
                      {q.meanScore.toFixed(2)} / {q.maxScore}
                    </td>
                    <td className={td + (facilityNote(q.facility) ? " text-amber-700 dark:text-amber-300" : "")} title={facilityNote(q.facility)}>
                      {pct(q.facility)}
                    </td>
                    <td className={td + (discriminationNote(q.discriminationIndex) ? " text-red-700 dark:text-red-300" : "")} title={discriminationNote(q.discriminationIndex)}>
                      {Math.round(q.discriminationIndex)}
                    </td>
                    <td className={td}>{q.discriminationCoefficient === null ? "–" : Math.round(q.discriminationCoefficient)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function CardTable({ label, rows, cards }: { label: string; rows: CardStats[]; cards: Record<string, { questionHtml: string; deck: string }> }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-sm" aria-label={label}>
        <thead className="bg-zinc-50 dark:bg-zinc-900">
          <tr>
            <th className={th}>Card</th>
            <th className={th}>Learners</th>
            <th className={th}>Reviews</th>
            <th className={th}>Lapse rate</th>
            <th className={th}>True retention</th>
            <th className={th}>Difficulty</th>
            <th className={th}>Lapses per learner</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {rows.map((c) => (
            <tr key={c.cardId}>
              <td className="min-w-60 px-2 py-1.5">
                <Link href={`/cards/${c.cardId}`} className="prose-card block [&>p]:m-0" dangerouslySetInnerHTML={{ __html: cards[c.cardId]?.questionHtml ?? "" }} />
                <span className="text-xs text-zinc-500">{cards[c.cardId]?.deck}</span>
              </td>
              <td className={td}>{c.learners}</td>
              <td className={td}>{c.reviews}</td>
              <td className={td}>{pct(100 * c.lapseRate)}</td>
              <td className={td}>{c.trueRetention === null ? "–" : pct(100 * c.trueRetention)}</td>
              <td className={td}>{c.meanDifficulty === null ? "–" : c.meanDifficulty.toFixed(1)}</td>
              <td className={td}>
                {c.lapsesPerLearner.toFixed(1)}
                {c.leechShare > 0 && <span className="ml-1 text-xs text-red-700 dark:text-red-300">(leech for {pct(100 * c.leechShare)})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Per card over all learners: the hardest and the most leech-prone first. */
export function CardAnalysisView({ analysis, cards }: { analysis: CardAnalysis; cards: Record<string, { questionHtml: string; deck: string }> }) {
  return (
    <section className="space-y-3" aria-label="Cards">
      <h2 className="text-lg font-semibold">Cards</h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Lapse rate: share of reviews that were a forgotten card. True retention: share of review-state answers passed. Difficulty: FSRS, 1 (easy) to 10
        (hard), averaged over learners.
        {analysis.belowFloor > 0 && ` ${plural(analysis.belowFloor, "card")} studied by fewer than ${MIN_LEARNERS} learners ${analysis.belowFloor === 1 ? "is" : "are"} not shown.`}
      </p>
      {analysis.hardest.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="cards-below-floor">
          No card has been studied by {MIN_LEARNERS} learners yet.
        </p>
      ) : (
        <>
          <h3 className="font-medium">Hardest</h3>
          <CardTable label="Hardest cards" rows={analysis.hardest} cards={cards} />
          <h3 className="font-medium">Most leech-prone</h3>
          {analysis.leechiest.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">No card has been forgotten yet.</p>
          ) : (
            <CardTable label="Most leech-prone cards" rows={analysis.leechiest} cards={cards} />
          )}
        </>
      )}
    </section>
  );
}
