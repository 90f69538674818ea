/**
 * Words around numbers and times on the test pages: "1 minute", "2 minutes"; dates in the
 * learner's time zone (their settings), never the server's or UTC.
 */

const RULES = new Intl.PluralRules("en-US");

/** "1 minute", "0 minutes", "2 cards"; `many` for irregular plurals ("1 query", "2 queries"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${RULES.select(n) === "one" ? one : many}`;
}

/** "2026-12-03 09:05 EST": a date and time in the given IANA zone, with its short name ("GMT+1" where English has none). */
export function formatInZone(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")} ${get("timeZoneName")}`;
}
