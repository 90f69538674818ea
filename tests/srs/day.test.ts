import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { dayKey, dayStart, nextDayStart } from "@/lib/srs";
import { wallTime } from "@/lib/srs/day";

const Z = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

describe("study day", () => {
  it("starts at the rollover hour local time; earlier hours belong to the previous day", () => {
    expect(dayStart(Z("2026-06-10T12:00:00Z"), "UTC", 4)).toEqual(Z("2026-06-10T04:00:00Z"));
    expect(dayStart(Z("2026-06-10T03:59:59Z"), "UTC", 4)).toEqual(Z("2026-06-09T04:00:00Z"));
    expect(dayKey(Z("2026-06-10T03:59:59Z"), "UTC", 4)).toBe("2026-06-09");
    expect(dayKey(Z("2026-06-10T04:00:00Z"), "UTC", 4)).toBe("2026-06-10");
    expect(dayKey(Z("2026-01-01T02:00:00Z"), "UTC", 4)).toBe("2025-12-31");
    // India is UTC+5:30: 04:00 IST is 22:30 UTC the day before
    expect(dayStart(Z("2026-06-10T12:00:00Z"), "Asia/Kolkata", 4)).toEqual(Z("2026-06-09T22:30:00Z"));
  });

  it("Europe/Berlin: the spring-forward day is 23 hours, the fall-back day 25", () => {
    const tz = "Europe/Berlin";
    // 2026-03-29 02:00 CET → 03:00 CEST
    expect(dayStart(Z("2026-03-28T10:00:00Z"), tz, 4)).toEqual(Z("2026-03-28T03:00:00Z")); // 04:00 CET
    expect(nextDayStart(Z("2026-03-28T10:00:00Z"), tz, 4)).toEqual(Z("2026-03-29T02:00:00Z")); // 04:00 CEST
    expect(dayStart(Z("2026-03-29T10:00:00Z"), tz, 4)).toEqual(Z("2026-03-29T02:00:00Z"));
    expect(dayKey(Z("2026-03-29T01:30:00Z"), tz, 4)).toBe("2026-03-28"); // 03:30 CEST, before rollover
    const short = nextDayStart(Z("2026-03-28T10:00:00Z"), tz, 4).getTime() - dayStart(Z("2026-03-28T10:00:00Z"), tz, 4).getTime();
    expect(short).toBe(23 * HOUR);
    // 2026-10-25 03:00 CEST → 02:00 CET
    const long = nextDayStart(Z("2026-10-24T12:00:00Z"), tz, 4).getTime() - dayStart(Z("2026-10-24T12:00:00Z"), tz, 4).getTime();
    expect(long).toBe(25 * HOUR);
    expect(dayStart(Z("2026-10-25T12:00:00Z"), tz, 4)).toEqual(Z("2026-10-25T03:00:00Z"));
  });

  it("America/New_York: rollover inside the skipped and the repeated hour", () => {
    const tz = "America/New_York";
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00Z). A 2 am rollover starts the day at that jump.
    expect(dayStart(Z("2026-03-08T07:30:00Z"), tz, 2)).toEqual(Z("2026-03-08T07:00:00Z"));
    expect(dayKey(Z("2026-03-08T06:59:00Z"), tz, 2)).toBe("2026-03-07");
    expect(dayKey(Z("2026-03-08T07:00:00Z"), tz, 2)).toBe("2026-03-08");
    expect(nextDayStart(Z("2026-03-07T12:00:00Z"), tz, 2)).toEqual(Z("2026-03-08T07:00:00Z"));
    // 2026-11-01: 01:00–02:00 happens twice (EDT 05:00Z, then EST 06:00Z). The day starts at the first.
    expect(dayStart(Z("2026-11-01T05:30:00Z"), tz, 1)).toEqual(Z("2026-11-01T05:00:00Z"));
    expect(dayStart(Z("2026-11-01T06:30:00Z"), tz, 1)).toEqual(Z("2026-11-01T05:00:00Z"));
    expect(dayKey(Z("2026-11-01T06:30:00Z"), tz, 1)).toBe("2026-11-01");
    // default 4 am rollover: 23 h and 25 h days
    const len = (iso: string) => nextDayStart(Z(iso), tz, 4).getTime() - dayStart(Z(iso), tz, 4).getTime();
    expect(len("2026-03-07T18:00:00Z")).toBe(23 * HOUR);
    expect(len("2026-10-31T18:00:00Z")).toBe(25 * HOUR);
    expect(len("2026-07-01T18:00:00Z")).toBe(24 * HOUR);
  });

  it("refuses a bad rollover hour or zone", () => {
    expect(() => dayStart(new Date(), "UTC", 24)).toThrow(RangeError);
    expect(() => dayStart(new Date(), "Mars/Olympus", 4)).toThrow(RangeError);
  });

  it("handles a rollover hour just before Chatham's DST change (offset +12:45 to +13:45)", () => {
    // 02:00 on 2025-09-28 in Pacific/Chatham is still standard time (+12:45): 13:15 UTC the day before.
    const now = new Date(Date.UTC(2025, 8, 26, 13, 15));
    expect(nextDayStart(now, "Pacific/Chatham", 2).toISOString()).toBe("2025-09-27T13:15:00.000Z");
    expect(dayStart(nextDayStart(now, "Pacific/Chatham", 2), "Pacific/Chatham", 2).toISOString()).toBe("2025-09-27T13:15:00.000Z");
  });

  it("property: dayStart <= now < nextDayStart, and both ends agree with dayKey", () => {
    const zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata", "Pacific/Chatham"];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        (t, tz, hour) => {
          const now = new Date(t);
          const start = dayStart(now, tz, hour);
          const next = nextDayStart(now, tz, hour);
          expect(start.getTime()).toBeLessThanOrEqual(t);
          expect(next.getTime()).toBeGreaterThan(t);
          expect(next.getTime() - start.getTime()).toBeGreaterThanOrEqual(22 * HOUR);
          expect(next.getTime() - start.getTime()).toBeLessThanOrEqual(26 * HOUR);
          expect(dayKey(start, tz, hour)).toBe(dayKey(now, tz, hour));
          expect(dayStart(next, tz, hour)).toEqual(next);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("reads the wall clock as Intl does, next to every kind of offset change (remembered offsets are exact)", () => {
    const intl = (t: number, timeZone: string) => {
      const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" }).formatToParts(t);
      const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
      return { year: n("year"), month: n("month"), day: n("day"), hour: n("hour") % 24, minute: n("minute"), second: n("second") };
    };
    // Changes on a quarter hour (Berlin, New York, Lord Howe's half hour, Chatham's +12:45), and
    // one that is not: Addis Ababa went from +2:27:16 to +2:30 at 1908-04-30T21:32:44Z.
    const changes: [string, string][] = [
      ["Europe/Berlin", "2026-03-29T01:00:00Z"],
      ["America/New_York", "2026-11-01T06:00:00Z"],
      ["Australia/Lord_Howe", "2026-04-04T15:00:00Z"],
      ["Pacific/Chatham", "2025-09-27T14:00:00Z"],
      ["Africa/Addis_Ababa", "1908-04-30T21:32:44Z"],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...changes), fc.integer({ min: -3600, max: 3600 }), fc.integer({ min: 0, max: 999 }), ([tz, at], seconds, ms) => {
        const t = Date.parse(at) + seconds * 1000 + ms;
        expect(wallTime(t, tz)).toEqual(intl(t, tz));
      }),
      { numRuns: 4000 },
    );
    const zones = ["UTC", "Asia/Kolkata", "America/Santiago", "Europe/Dublin", "Africa/Casablanca", "Asia/Kathmandu"];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...zones), (t, tz) => {
        expect(wallTime(t, tz)).toEqual(intl(t, tz));
      }),
      { numRuns: 3000 },
    );
  });
});
