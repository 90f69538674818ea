import { fsrs } from "ts-fsrs";
import type { SrsSettings } from "@/lib/srs";
import { dayNumberer, type HistoryLog } from "./fsrs-items";

/**
 * New memory states and due dates after the learner's FSRS parameters change ("apply and
 * reschedule"): each review-state card's history, from its last time as a new card, is replayed
 * with the new parameters, and the card comes due last review + I(desired retention, S) days.
 * Elapsed time counts study days in the learner's zone and rollover hour, as the optimizer's
 * items do (lib/stats/fsrs-items.ts), not UTC days. Cards whose history does not start as new keep
 * their schedule. Pure: the caller loads and writes.
 */
export interface RescheduleCard {
  cardId: string;
  lastReview: Date | null;
}

export interface Rescheduled {
  cardId: string;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  due: Date;
}

const DAY_MS = 86_400_000;

export function rescheduleFromHistory(
  cards: RescheduleCard[],
  logs: HistoryLog[],
  weights: number[],
  settings: Pick<SrsSettings, "desiredRetention" | "maximumIntervalDays" | "dayRolloverHour">,
  timeZone: string,
): Rescheduled[] {
  const f = fsrs({ w: weights, request_retention: settings.desiredRetention, maximum_interval: settings.maximumIntervalDays, enable_short_term: true, enable_fuzz: false });
  const dayOf = dayNumberer(timeZone, settings.dayRolloverHour);
  const byCard = new Map<string, HistoryLog[]>();
  for (const l of [...logs].sort((a, b) => a.review - b.review)) {
    let list = byCard.get(l.cardId);
    if (!list) byCard.set(l.cardId, (list = []));
    list.push(l);
  }
  const out: Rescheduled[] = [];
  for (const c of cards) {
    const history = byCard.get(c.cardId);
    if (!history || !c.lastReview) continue;
    const start = history.map((h) => h.state).lastIndexOf(0);
    if (start < 0) continue;
    let mem: { stability: number; difficulty: number } | null = null;
    let lastDay = 0;
    for (const h of history.slice(start)) {
      const day = dayOf(h.review);
      mem = f.next_state(mem, mem ? day - lastDay : 0, h.rating);
      lastDay = day;
    }
    if (!mem) continue;
    const interval = f.next_interval(mem.stability, 0);
    out.push({ cardId: c.cardId, stability: mem.stability, difficulty: mem.difficulty, scheduledDays: interval, due: new Date(c.lastReview.getTime() + interval * DAY_MS) });
  }
  return out;
}
