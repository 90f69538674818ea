// Study days for the charts: the learner's days (zone + rollover hour, lib/srs/day) as instant
// ranges, and sums of time-bucketed SQL rows per day. SQL cannot apply an IANA zone, so the
// queries group by 15-minute buckets (every zone offset is a multiple of 15 min, so no bucket
// straddles a day boundary) and the days are assembled here.
import { dayKey, dayStart, nextDayStart } from "@/lib/srs/day";

export const BUCKET_MS = 15 * 60_000;

export interface StudyDay {
  key: string; // "YYYY-MM-DD"
  start: number; // ms, inclusive
  end: number; // ms, exclusive
}

/** `count` consecutive study days starting with the one containing `from` (count < 0: ending with it). */
export function studyDays(from: Date, count: number, timeZone: string, rolloverHour: number): StudyDay[] {
  const days: StudyDay[] = [];
  let start = dayStart(from, timeZone, rolloverHour);
  if (count >= 0) {
    for (let i = 0; i < count; i++) {
      const end = nextDayStart(start, timeZone, rolloverHour);
      days.push({ key: dayKey(start, timeZone, rolloverHour), start: start.getTime(), end: end.getTime() });
      start = end;
    }
    return days;
  }
  for (let i = 0; i < -count; i++) {
    const end = nextDayStart(start, timeZone, rolloverHour);
    days.push({ key: dayKey(start, timeZone, rolloverHour), start: start.getTime(), end: end.getTime() });
    // the previous day's start, found from its middle (days are 23–25 h long around DST changes)
    start = dayStart(new Date(start.getTime() - 12 * 3_600_000), timeZone, rolloverHour);
  }
  return days.reverse();
}

/** A row from SQL: the bucket's start (ms) and the values to add up. */
export interface BucketRow {
  t: number;
  values: number[];
}

/**
 * Per-day sums of bucketed rows (days ascending, contiguous). Rows before the first day go to
 * `before` when given (e.g. overdue cards count as due today), rows after the last are dropped.
 */
export function sumPerDay(days: StudyDay[], rows: BucketRow[], width: number, opts: { clampBefore?: boolean } = {}): number[][] {
  const out = days.map(() => new Array<number>(width).fill(0));
  if (days.length === 0) return out;
  const first = days[0].start;
  const last = days[days.length - 1].end;
  for (const r of rows) {
    let i: number;
    if (r.t < first) {
      if (!opts.clampBefore) continue;
      i = 0;
    } else if (r.t >= last) continue;
    else i = findDay(days, r.t);
    for (let k = 0; k < width; k++) out[i][k] += r.values[k] ?? 0;
  }
  return out;
}

function findDay(days: StudyDay[], t: number): number {
  let lo = 0;
  let hi = days.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (days[mid].start <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
