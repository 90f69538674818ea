import type { CardStudyInfo } from "@/lib/db/review";
import { formatInZone } from "@/lib/exams/format";
import { CardActions } from "./card-actions";

const STATE_NAMES = ["New", "Learning", "Review", "Relearning"];
const TH = "px-2 py-1 text-left font-medium";
const TD = "px-2 py-1 tabular-nums";

/** "3.2 days", "41 days", "1.4 years": a stability or interval in days, for people. */
function days(n: number): string {
  if (n >= 365) return `${(n / 365).toFixed(1)} years`;
  return `${n < 10 ? n.toFixed(1) : Math.round(n)} day${n === 1 ? "" : "s"}`;
}

/**
 * The signed-in learner's study of one card (as Anki's card info): state, due, interval,
 * stability, difficulty, recall now, every answer and manual entry; dates in their time zone.
 */
export function CardStudyPanel({ cardId, info, now }: { cardId: string; info: CardStudyInfo; now: Date }) {
  const { state: s, timeZone } = info;
  const buried = s?.buriedUntil && s.buriedUntil > now ? s.buriedUntil : null;
  const rows: [string, string][] = s
    ? [
        ["State", `${STATE_NAMES[s.state] ?? s.state}${s.suspended ? ", suspended" : ""}${buried ? `, buried until ${formatInZone(buried, timeZone)}` : ""}${s.leech ? ", leech" : ""}`],
        ["Due", s.state === 0 ? "with the new cards" : formatInZone(s.due, timeZone)],
        ["Interval", s.state === 0 ? "–" : s.scheduledDays === 0 ? "in learning steps (minutes)" : days(s.scheduledDays)],
        ["Stability", s.state === 0 ? "–" : days(s.stability)],
        // FSRS difficulty runs 1 (easiest) to 10 (hardest).
        ["Difficulty", s.state === 0 ? "–" : `${s.difficulty.toFixed(1)} of 10`],
        ["Recall now", info.retrievability === null ? "–" : `${Math.round(info.retrievability * 100)}%`],
        ["Reviews · lapses", `${s.reps} · ${s.lapses}`],
        ["Last review", s.lastReview ? formatInZone(s.lastReview, timeZone) : "–"],
      ]
    : [["State", "New: not studied yet"]];
  return (
    <section aria-label="Your study of this card" className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 className="text-base font-semibold">Your study of this card</h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="card-state">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-zinc-500">{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <CardActions
        cardId={cardId}
        suspended={s?.suspended ?? false}
        buried={buried !== null}
        started={s !== null && s.state !== 0}
        scheduled={s !== null && s.state !== 0}
        undoLabel={info.undoLabel}
      />
      <div className="overflow-x-auto">
        <table className="w-full text-sm" aria-label="Review history">
          <caption className="mb-1 text-left text-xs font-medium uppercase tracking-wide text-zinc-500">
            History ({timeZone})
          </caption>
          <thead className="border-b border-zinc-200 dark:border-zinc-800">
            <tr>
              <th className={TH}>When</th>
              <th className={TH}>Answer</th>
              <th className={TH}>State before</th>
              <th className={TH}>Days since previous</th>
              <th className={TH}>Time</th>
            </tr>
          </thead>
          <tbody>
            {info.history.length === 0 && (
              <tr>
                <td colSpan={5} className="px-2 py-2 text-zinc-500">
                  No answers yet.
                </td>
              </tr>
            )}
            {info.history.map((h) => (
              <tr key={h.id} className="border-b border-zinc-100 dark:border-zinc-900">
                <td className={TD}>{formatInZone(h.review, timeZone)}</td>
                <td className="px-2 py-1">{h.kind === "manual" ? "Manual (forget or set due)" : h.rating}</td>
                <td className="px-2 py-1">{STATE_NAMES[h.state] ?? h.state}</td>
                <td className={TD}>{h.kind === "manual" ? "–" : h.elapsedDays}</td>
                <td className={TD}>{h.kind === "manual" ? "–" : `${(h.durationMs / 1000).toFixed(1)} s`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
