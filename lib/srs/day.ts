// The study day: from `rolloverHour` local time in the learner's IANA zone to the same hour the
// next calendar day (23 or 25 hours long across a DST change). Intl based, no clock inside.

interface WallTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone: validate the learner's zone at the edge.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at instant t, read by Intl (slow: ~20 µs a call). */
function wallTimeByIntl(t: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(t)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
}

/** ms, the zone's offset from UTC at instant t (e.g. +3_600_000 for CET), read by Intl. */
function offsetByIntl(t: number, timeZone: string): number {
  const w = wallTimeByIntl(t, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (t - (((t % 1000) + 1000) % 1000));
}

// Offsets are remembered per zone and quarter of an hour: a quarter whose first and last second
// have the same offset has no change inside it (a zone changes at most a few times a year), so
// every instant in it has that offset; a quarter with a change inside (old local mean times
// changed on odd seconds) is read by Intl each time. The review loop asks for a dozen study-day
// bounds per request: this makes them arithmetic.
const QUARTER = 15 * 60_000;
const offsets = new Map<string, number>();

function offsetAt(t: number, timeZone: string): number {
  const quarter = Math.floor(t / QUARTER);
  const key = `${timeZone} ${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const first = offsetByIntl(quarter * QUARTER, timeZone);
    offset = first === offsetByIntl(quarter * QUARTER + QUARTER - 1000, timeZone) ? first : NaN;
    if (offsets.size >= 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return Number.isNaN(offset) ? offsetByIntl(t, timeZone) : offset;
}

/** What a wall clock in `timeZone` shows at instant t (to the second). */
export function wallTime(t: number, timeZone: string): WallTime {
  const w = new Date(t + offsetAt(t, timeZone));
  return { year: w.getUTCFullYear(), month: w.getUTCMonth() + 1, day: w.getUTCDate(), hour: w.getUTCHours(), minute: w.getUTCMinutes(), second: w.getUTCSeconds() };
}

/**
 * The instant at which the wall clock in `timeZone` shows year-month-day hour:00.
 * Repeated hour (DST ends): the earlier instant. Skipped hour (DST starts): the instant the clock
 * jumps past it, i.e. the wall time read with the offset in force before the change.
 */
function zonedHourToInstant(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const target = Date.UTC(year, month - 1, day, hour); // the wall time, as if it were UTC
  // Offsets a day on each side of the target: offsets reach ±14 h (Pacific/Chatham is +13:45 in
  // summer), so half a day is not enough to be sure of landing on both sides of a DST change.
  const DAY = 24 * 3_600_000;
  const before = target - offsetAt(target - DAY, timeZone);
  const after = target - offsetAt(target + DAY, timeZone);
  const shows = (t: number) => {
    const w = wallTime(t, timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) === target;
  };
  const valid = [before, after].filter(shows);
  return valid.length > 0 ? Math.min(...valid) : before;
}

/** Calendar date (UTC-normalised) of the study day containing `now`. */
function studyDate(now: Date, timeZone: string, rolloverHour: number): { year: number; month: number; day: number } {
  const w = wallTime(now.getTime(), timeZone);
  const d = new Date(Date.UTC(w.year, w.month - 1, w.hour < rolloverHour ? w.day - 1 : w.day));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function checkHour(rolloverHour: number): void {
  if (!Number.isInteger(rolloverHour) || rolloverHour < 0 || rolloverHour > 23) throw new RangeError(`rolloverHour must be 0–23, got ${rolloverHour}`);
}

/** Start of the study day containing `now` (always <= now). */
export function dayStart(now: Date, timeZone: string, rolloverHour: number): Date {
  checkHour(rolloverHour);
  const { year, month, day } = studyDate(now, timeZone, rolloverHour);
  let start = zonedHourToInstant(year, month, day, rolloverHour, timeZone);
  // Inside a skipped hour the wall clock can read past the rollover before the instant we chose.
  if (start > now.getTime()) start = zonedHourToInstant(year, month, day - 1, rolloverHour, timeZone);
  return new Date(start);
}

/** Start of the next study day: where today's limits reset and "due today" ends. */
export function nextDayStart(now: Date, timeZone: string, rolloverHour: number): Date {
  checkHour(rolloverHour);
  const { year, month, day } = studyDate(now, timeZone, rolloverHour);
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return new Date(zonedHourToInstant(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), rolloverHour, timeZone));
}

/** "YYYY-MM-DD" of the study day containing `now` (for daily counts and streaks). */
export function dayKey(now: Date, timeZone: string, rolloverHour: number): string {
  checkHour(rolloverHour);
  const { year, month, day } = studyDate(now, timeZone, rolloverHour);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
