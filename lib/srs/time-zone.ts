import { z } from "zod";

/**
 * An IANA time zone as the study day needs it ("Asia/Tokyo"), checked against the zones this
 * runtime's ICU knows and put in its canonical spelling ("asia/tokyo" → "Asia/Tokyo"); null when
 * unknown. Every day boundary (lib/srs/day.ts) is computed in it, so an unknown zone is refused at
 * the edge rather than failing later.
 */
export function canonicalTimeZone(tz: string): string | null {
  if (!tz || tz.length > 64) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** A time zone from a form or a request body, canonical, or a message that says what is wrong. */
export const timeZoneSchema = z
  .string()
  .max(64, "A time zone name is at most 64 characters.")
  .transform((tz, ctx) => {
    const canonical = canonicalTimeZone(tz.trim());
    if (!canonical) {
      ctx.addIssue({ code: "custom", message: `Unknown time zone "${tz.slice(0, 64)}": use an IANA name such as Europe/Berlin.` });
      return z.NEVER;
    }
    return canonical;
  });
