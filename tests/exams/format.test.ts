import { describe, expect, it } from "vitest";
import { formatInZone, plural } from "@/lib/exams/format";

describe("plural", () => {
  it("uses the singular for exactly one", () => {
    expect(plural(1, "minute")).toBe("1 minute");
    expect(plural(0, "minute")).toBe("0 minutes");
    expect(plural(2, "minute")).toBe("2 minutes");
    expect(plural(1, "answer box", "answer boxes")).toBe("1 answer box");
    expect(plural(3, "answer box", "answer boxes")).toBe("3 answer boxes");
    expect(plural(1440, "minute")).toBe("1,440 minutes");
  });
});

describe("formatInZone", () => {
  const t = new Date("2026-12-03T14:05:00Z");
  it("shows the time in the learner's zone, not UTC", () => {
    expect(formatInZone(t, "America/New_York")).toBe("2026-12-03 09:05 EST");
    expect(formatInZone(t, "Europe/Berlin")).toBe("2026-12-03 15:05 GMT+1");
    expect(formatInZone(t, "UTC")).toBe("2026-12-03 14:05 UTC");
  });
  it("follows daylight saving time and crosses midnight", () => {
    expect(formatInZone(new Date("2026-07-01T02:30:00Z"), "America/Los_Angeles")).toBe("2026-06-30 19:30 PDT");
    expect(formatInZone(new Date("2026-07-01T23:30:00Z"), "Asia/Tokyo")).toBe("2026-07-02 08:30 GMT+9");
  });
});
