// Today's queue, built from plain card rows. Pure: rebuild it after every answer (cheap), so
// learning cards whose step has come due join at the front.
import { State } from "ts-fsrs";
import type { SrsSettings } from "./settings";

export interface QueueCard {
  id: string;
  state: State;
  due: Date;
  groupKey: string | null; // siblings share a key (one source group / one block's follow-ups)
  suspended: boolean;
  buriedUntil: Date | null; // buried while now < buriedUntil
  position: number; // source order: new cards are introduced in this order
}

export interface QueueInput {
  now: Date;
  dayStart: Date; // start of the current study day (dayStart())
  /** End of the study day. Defaults to dayStart + 24 h; pass nextDayStart() to be exact on DST days. */
  nextDayStart?: Date;
  cards: readonly QueueCard[];
  doneToday: { newCount: number; reviewCount: number }; // answered since dayStart (first answers of new cards; answers of review-state cards)
  groupsAnsweredToday: ReadonlySet<string>; // groupKeys with any card answered since dayStart
  settings: Pick<SrsSettings, "newPerDay" | "maxReviewsPerDay">;
}

export interface QueueResult {
  queue: string[]; // card ids in the order to show them
  counts: { learning: number; review: number; new: number };
  /** Earliest learning step due later today (not yet in the queue), or null: "come back in 8 minutes". */
  nextLearningDue: Date | null;
}

/**
 * Order: (1) learning/relearning cards due now, by due; (2) review cards due before the next day
 * starts, overdue first, up to maxReviewsPerDay − reviewCount; (3) new cards by position, up to
 * newPerDay − newCount. Suspended and currently buried cards never appear. Siblings: at most one
 * new/review card per groupKey per day, and none from a group already answered today; learning
 * cards are never held back, but they do claim their group.
 */
export function buildQueue(input: QueueInput): QueueResult {
  const now = input.now.getTime();
  const dayEnd = (input.nextDayStart ?? new Date(input.dayStart.getTime() + 86_400_000)).getTime();
  const available = input.cards.filter((c) => !c.suspended && !(c.buriedUntil && c.buriedUntil.getTime() > now));
  const claimed = new Set<string>(input.groupsAnsweredToday);
  const byDue = (a: QueueCard, b: QueueCard) => a.due.getTime() - b.due.getTime() || a.position - b.position || cmp(a.id, b.id);
  const byPosition = (a: QueueCard, b: QueueCard) => a.position - b.position || cmp(a.id, b.id);

  // 1. Learning and relearning steps that are due.
  const learningCards = available.filter((c) => c.state === State.Learning || c.state === State.Relearning);
  const learning = learningCards.filter((c) => c.due.getTime() <= now).sort(byDue);
  for (const c of learning) if (c.groupKey !== null) claimed.add(c.groupKey);
  let nextLearningDue: number | null = null;
  for (const c of learningCards) {
    const t = c.due.getTime();
    if (t > now && t < dayEnd && (nextLearningDue === null || t < nextLearningDue)) nextLearningDue = t;
  }

  // 2. Reviews due today, overdue first.
  const reviewLimit = Math.max(0, input.settings.maxReviewsPerDay - input.doneToday.reviewCount);
  const reviews = take(available.filter((c) => c.state === State.Review && c.due.getTime() < dayEnd).sort(byDue), reviewLimit, claimed);

  // 3. New cards in source order.
  const newLimit = Math.max(0, input.settings.newPerDay - input.doneToday.newCount);
  const fresh = take(available.filter((c) => c.state === State.New).sort(byPosition), newLimit, claimed);

  return {
    queue: [...learning, ...reviews, ...fresh].map((c) => c.id),
    counts: { learning: learning.length, review: reviews.length, new: fresh.length },
    nextLearningDue: nextLearningDue === null ? null : new Date(nextLearningDue),
  };
}

/** Up to `limit` cards in order, skipping any whose group is already claimed; claims the groups taken. */
function take(sorted: QueueCard[], limit: number, claimed: Set<string>): QueueCard[] {
  const out: QueueCard[] = [];
  for (const c of sorted) {
    if (out.length >= limit) break;
    if (c.groupKey !== null) {
      if (claimed.has(c.groupKey)) continue;
      claimed.add(c.groupKey);
    }
    out.push(c);
  }
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
