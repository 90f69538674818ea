// A synthetic learner, for tests, benchmarks and seeded demos: cards are scheduled by the app's
// scheduler (lib/srs with `settings`), while the learner's memory follows FSRS with other, "true"
// parameters: at each review they recall with the probability R(t, S_true) the true parameters
// predict. An optimizer fed the resulting history should move towards the true parameters.
import { fsrs } from "ts-fsrs";
import { answer, newCardState, type SrsCard, type SrsGrade, type SrsLog, type SrsSettings } from "@/lib/srs";
import { seededRandom } from "./rng";

export interface SimulatedLog extends SrsLog {
  cardId: string;
  durationMs: number;
}

export interface SimulatedHistory {
  logs: SimulatedLog[]; // time order
  cards: Map<string, SrsCard>; // state after the last review
}

export interface SimulationOptions {
  cardIds: string[];
  start: Date; // first study session
  days: number;
  trueWeights: readonly number[]; // the learner's real memory (21 FSRS-6 parameters)
  settings: SrsSettings; // what the app schedules with
  newPerDay: number;
  seed: number;
  maxReviewsPerDay?: number;
}

const DAY = 86_400_000;
const MIN = 60_000;

export function simulateHistory(o: SimulationOptions): SimulatedHistory {
  const rand = seededRandom(o.seed);
  const truth = fsrs({ w: [...o.trueWeights], enable_short_term: true });
  const cards = new Map<string, SrsCard>();
  const memory = new Map<string, { stability: number; difficulty: number; last: number }>();
  const logs: SimulatedLog[] = [];
  let nextNew = 0;
  const maxReviews = o.maxReviewsPerDay ?? Infinity;

  for (let day = 0; day < o.days; day++) {
    let t = o.start.getTime() + day * DAY + Math.floor(rand() * 120) * MIN; // a session starts 0–2 h after 09:00
    const sessionEnd = o.start.getTime() + day * DAY + 14 * 3_600_000;
    const due = [...cards.entries()].filter(([, c]) => c.due.getTime() <= sessionEnd).sort((a, b) => a[1].due.getTime() - b[1].due.getTime()).slice(0, maxReviews);
    const queue: { id: string; at: number }[] = due.map(([id, c]) => ({ id, at: c.due.getTime() }));
    for (let k = 0; k < o.newPerDay && nextNew < o.cardIds.length; k++) queue.push({ id: o.cardIds[nextNew++], at: t });
    while (queue.length) {
      queue.sort((a, b) => a.at - b.at);
      const { id } = queue.shift()!;
      const card = cards.get(id) ?? newCardState(new Date(t));
      const mem = memory.get(id);
      const grade = mem ? recallGrade(rand, truth.forgetting_curve(elapsedDays(mem.last, t), mem.stability)) : firstGrade(rand);
      const { card: after, log } = answer(card, new Date(t), grade, o.settings, { cardId: id });
      const durationMs = 2000 + Math.floor(rand() * 12_000);
      logs.push({ ...log, cardId: id, durationMs });
      const next = truth.next_state(mem ? { stability: mem.stability, difficulty: mem.difficulty } : null, mem ? wholeDays(mem.last, t) : 0, grade);
      memory.set(id, { stability: next.stability, difficulty: next.difficulty, last: t });
      cards.set(id, after);
      t += durationMs + 1000;
      if (after.due.getTime() <= sessionEnd) queue.push({ id, at: Math.max(after.due.getTime(), t) });
    }
  }
  return { logs, cards };
}

/** Same-day reviews use the fraction of a day (the true curve is continuous); later ones whole days, as FSRS. */
function elapsedDays(last: number, now: number): number {
  const days = wholeDays(last, now);
  return days > 0 ? days : (now - last) / DAY;
}

/** Calendar days between two instants (UTC), as ts-fsrs counts them. */
function wholeDays(last: number, now: number): number {
  return Math.floor(now / DAY) - Math.floor(last / DAY);
}

function firstGrade(rand: () => number): SrsGrade {
  const x = rand();
  return x < 0.25 ? 1 : x < 0.35 ? 2 : x < 0.9 ? 3 : 4;
}

function recallGrade(rand: () => number, p: number): SrsGrade {
  if (rand() >= p) return 1;
  const x = rand();
  return x < 0.1 ? 2 : x < 0.95 ? 3 : 4;
}

/** A simulated answer as a review-log row of a learner backup (lib/db/portability.ts), to store a history through restore. */
export function simulatedLogRow(l: SimulatedLog, id: string) {
  return {
    id,
    cardId: l.cardId,
    rating: l.rating,
    state: l.state,
    due: l.due.toISOString(),
    previousDue: l.previous_due.toISOString(),
    stability: l.stability,
    difficulty: l.difficulty,
    elapsedDays: l.elapsed_days,
    lastElapsedDays: l.last_elapsed_days,
    scheduledDays: l.scheduled_days,
    learningSteps: l.learning_steps,
    review: l.review.toISOString(),
    durationMs: l.durationMs,
    kind: "review" as const,
  };
}
