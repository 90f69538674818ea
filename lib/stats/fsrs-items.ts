// Review logs → FSRS training items, as the FSRS tools build them (fsrs-rs, the binding's
// convertCsvToFsrsItems): per card, in time order, each review's delta_t is the number of study
// days since the previous review (days start at the learner's rollover hour in their zone), and
// every review after the first yields one item holding the card's history up to and including it.
// Only a card's history since its last "new" entry counts (a reset starts over), and a card whose
// history does not start as new (imported mid-way) is skipped: its first memory state is unknown.
import { dayKey } from "@/lib/srs/day";

export interface HistoryLog {
  cardId: string;
  review: number; // ms since epoch
  rating: number; // 1–4
  state: number; // state before the answer: 0 new, 1 learning, 2 review, 3 relearning
}

export interface FsrsReviewData {
  rating: number;
  deltaT: number; // study days since the previous review; 0 for the first
}

export interface FsrsItemData {
  reviews: FsrsReviewData[];
  time: number; // ms of the last review (items are returned in this order: time-series splits rely on it)
}

/** Days since the epoch of the study day containing t (cached per hour: offsets change on the hour). */
export function dayNumberer(timeZone: string, rolloverHour: number): (t: number) => number {
  const cache = new Map<number, number>();
  const H = 3_600_000;
  return (t) => {
    // Offsets of :30/:45 exist, so cache per quarter hour rather than per hour.
    const q = Math.floor(t / (H / 4));
    let d = cache.get(q);
    if (d === undefined) {
      const [y, m, day] = dayKey(new Date(t), timeZone, rolloverHour).split("-").map(Number);
      d = Date.UTC(y, m - 1, day) / 86_400_000;
      cache.set(q, d);
    }
    return d;
  };
}

/**
 * Logs of one learner (kind "manual" already left out) → items sorted by time. `logs` need not be
 * sorted. Ratings outside 1–4 are ignored.
 */
export function toFsrsItems(logs: HistoryLog[], timeZone = "UTC", rolloverHour = 4): FsrsItemData[] {
  const dayOf = dayNumberer(timeZone, rolloverHour);
  const byCard = new Map<string, HistoryLog[]>();
  for (const l of logs) {
    if (!(l.rating >= 1 && l.rating <= 4)) continue;
    let list = byCard.get(l.cardId);
    if (!list) byCard.set(l.cardId, (list = []));
    list.push(l);
  }
  const items: FsrsItemData[] = [];
  for (const list of byCard.values()) {
    list.sort((a, b) => a.review - b.review);
    let from = -1;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i].state === 0) {
        from = i;
        break;
      }
    }
    if (from < 0) continue;
    const reviews: FsrsReviewData[] = [];
    let prevDay = 0;
    for (let i = from; i < list.length; i++) {
      const day = dayOf(list[i].review);
      reviews.push({ rating: list[i].rating, deltaT: i === from ? 0 : Math.max(0, day - prevDay) });
      prevDay = day;
      if (reviews.length >= 2) items.push({ reviews: reviews.slice(), time: list[i].review });
    }
  }
  return items.sort((a, b) => a.time - b.time);
}

/** Reviews that count toward the optimizer's minimum: items whose last review came on a later day. */
export function longTermReviewCount(items: FsrsItemData[]): number {
  let n = 0;
  for (const it of items) if (it.reviews[it.reviews.length - 1].deltaT > 0) n++;
  return n;
}
