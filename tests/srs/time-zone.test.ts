import { describe, expect, it } from "vitest";
import { canonicalTimeZone, timeZoneSchema } from "@/lib/srs/time-zone";

describe("time zones from the browser", () => {
  it("accepts IANA names in their canonical spelling and refuses anything else with a message", () => {
    expect(canonicalTimeZone("Asia/Tokyo")).toBe("Asia/Tokyo");
    expect(canonicalTimeZone("asia/tokyo")).toBe("Asia/Tokyo");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    for (const bad of ["", "Mars/Olympus_Mons", "x".repeat(65), "Europe/Berlin; DROP TABLE"]) expect(canonicalTimeZone(bad)).toBeNull();
    expect(timeZoneSchema.parse(" America/New_York ")).toBe("America/New_York");
    const refused = timeZoneSchema.safeParse("Mars/Olympus_Mons");
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0].message).toMatch(/Unknown time zone "Mars\/Olympus_Mons"/);
  });
});
