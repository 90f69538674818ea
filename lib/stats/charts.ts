// The statistics page's numbers, from rows the database has already aggregated (lib/db/stats).
// Pure: every function takes the rows, the learner's days and settings, and returns chart data.
import { sumPerDay, type BucketRow, type StudyDay } from "./days";

export interface DayCount {
  day: string; // "YYYY-MM-DD" study day
  count: number;
}

/** Reviews per study day (the calendar heatmap), one entry per day, oldest first. */
export function reviewHeatmap(days: StudyDay[], rows: BucketRow[]): DayCount[] {
  return sumPerDay(days, rows, 1).map(([count], i) => ({ day: days[i].key, count }));
}

export interface TimeSpent {
  day: string;
  minutes: number; // time answering, rounded to 0.1 min
  reviews: number;
}

/** Minutes spent answering per study day; rows carry [reviews, durationMs]. */
export function timePerDay(days: StudyDay[], rows: BucketRow[]): TimeSpent[] {
  return sumPerDay(days, rows, 2).map(([reviews, ms], i) => ({ day: days[i].key, reviews, minutes: Math.round(ms / 6000) / 10 }));
}

export interface ForecastDay {
  day: string;
  learning: number; // learning and relearning cards
  review: number;
}

/** Cards coming due per study day; overdue cards count on the first day (today). Rows: [learning, review]. */
export function dueForecast(days: StudyDay[], rows: BucketRow[]): ForecastDay[] {
  return sumPerDay(days, rows, 2, { clampBefore: true }).map(([learning, review], i) => ({ day: days[i].key, learning, review }));
}

/** Interval buckets (days since the previous review) for true retention, Anki-like. */
export const RETENTION_BUCKETS: readonly { label: string; min: number; max: number }[] = [
  { label: "1 d", min: 0, max: 1 },
  { label: "2–3 d", min: 2, max: 3 },
  { label: "4–7 d", min: 4, max: 7 },
  { label: "8–15 d", min: 8, max: 15 },
  { label: "16–30 d", min: 16, max: 30 },
  { label: "1–3 mo", min: 31, max: 90 },
  { label: "3–6 mo", min: 91, max: 180 },
  { label: "6+ mo", min: 181, max: Infinity },
];

export interface RetentionBucket {
  label: string;
  reviews: number;
  passed: number;
  retention: number | null; // passed / reviews; null when no review fell in the bucket
  desired: number;
}

/** SQL for the bucket index of an elapsed-days column (same edges as RETENTION_BUCKETS). */
export function retentionBucketCase(column: string): string {
  const parts = RETENTION_BUCKETS.map((b, i) => (Number.isFinite(b.max) ? `WHEN ${column} <= ${b.max} THEN ${i}` : `ELSE ${i}`));
  return `CASE ${parts.join(" ")} END`;
}

/** True retention of review-state answers (pass = not Again) per interval bucket. */
export function trueRetention(rows: { bucket: number; reviews: number; passed: number }[], desired: number): RetentionBucket[] {
  return RETENTION_BUCKETS.map((b, i) => {
    const r = rows.find((x) => x.bucket === i);
    const reviews = r?.reviews ?? 0;
    const passed = r?.passed ?? 0;
    return { label: b.label, reviews, passed, retention: reviews ? passed / reviews : null, desired };
  });
}

export interface CardStateCounts {
  new: number;
  learning: number;
  review: number;
  relearning: number;
  suspended: number; // suspended cards are counted here only, not under their state
  leech: number; // leeches (suspended or not); overlaps the others
}

/** One row per (state, suspended, leech) combination with its count; `fresh` = active cards with no state row. */
export function cardStates(rows: { state: number; suspended: boolean; leech: boolean; n: number }[], fresh: number): CardStateCounts {
  const c: CardStateCounts = { new: fresh, learning: 0, review: 0, relearning: 0, suspended: 0, leech: 0 };
  for (const r of rows) {
    if (r.leech) c.leech += r.n;
    if (r.suspended) c.suspended += r.n;
    else if (r.state === 0) c.new += r.n;
    else if (r.state === 1) c.learning += r.n;
    else if (r.state === 2) c.review += r.n;
    else c.relearning += r.n;
  }
  return c;
}

export const BUTTON_GROUPS = ["Learning", "Young", "Mature", "Relearning"] as const;
export type ButtonGroup = (typeof BUTTON_GROUPS)[number];
/** Mature = the review came at least this many days after the previous one (Anki: 21). */
export const MATURE_DAYS = 21;

export interface ButtonCounts {
  group: ButtonGroup;
  again: number;
  hard: number;
  good: number;
  easy: number;
  total: number;
}

/** SQL for the button group of a log row (state before the answer, days since the previous review). */
export function buttonGroupCase(state: string, elapsed: string): string {
  return `CASE WHEN ${state} IN (0, 1) THEN 0 WHEN ${state} = 3 THEN 3 WHEN ${elapsed} < ${MATURE_DAYS} THEN 1 ELSE 2 END`;
}

/** Answer-button counts per group; rows carry the group index from buttonGroupCase. */
export function answerButtons(rows: { group: number; rating: number; n: number }[]): ButtonCounts[] {
  return BUTTON_GROUPS.map((group, i) => {
    const count = (rating: number) => rows.filter((r) => r.group === i && r.rating === rating).reduce((s, r) => s + r.n, 0);
    const b = { group, again: count(1), hard: count(2), good: count(3), easy: count(4) };
    return { ...b, total: b.again + b.hard + b.good + b.easy };
  });
}
