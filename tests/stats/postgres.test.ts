import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { registerUser } from "@/lib/auth/users";
import { createDb } from "@/lib/db/client";
import { copyDatabase } from "@/lib/db/copy";
import { migrateDatabase } from "@/lib/db/migrate";
import { saveSettings, getSettings } from "@/lib/db/settings";
import { applyWeights, getStats } from "@/lib/db/stats";
import { ingestDirectory } from "@/lib/ingest";
import { DEFAULT_SETTINGS } from "@/lib/srs";
import { rescheduleFromHistory } from "@/lib/stats";
import { freshDb, writeContent } from "../helpers/db";
import { tempPostgres } from "../helpers/postgres";
import { seedHistory, TRUE_WEIGHTS } from "../helpers/stats";

const ROOT = path.resolve(import.meta.dirname, "../..");
const END = new Date("2026-06-01T12:00:00Z");
const deck = ["---", "deck: Stats", "---", ...Array.from({ length: 80 }, (_, i) => `Q: Question number ${i}?\nA: Answer ${i}.\n`)].join("\n");

describe("statistics on PostgreSQL", () => {
  it("gives the same page and the same rescheduling as SQLite for the same history", async () => {
    const { db, cleanup } = await freshDb();
    const pg = await tempPostgres("attend_stats");
    const dir = writeContent({ "stats.md": deck });
    let other: Awaited<ReturnType<typeof createDb>> | null = null;
    try {
      await ingestDirectory(db, dir);
      const cardIds = (await db.card.findMany({ orderBy: { position: "asc" }, select: { id: true } })).map((c) => c.id);
      const alice = (await registerUser(db, { email: "alice@example.com", name: "Alice", password: "correct horse battery" })).id;
      await seedHistory(db, alice, { cardIds, end: END, days: 60 });
      // A zone with a half-hour offset, so day buckets are not UTC days.
      const s = await getSettings(db, alice);
      await saveSettings(db, alice, s.settings, "Asia/Kolkata");
      await migrateDatabase(pg.url, ROOT);
      other = createDb(pg.url);
      await copyDatabase(db, other, pg.url);

      const onSqlite = await getStats(db, alice, { now: END });
      const onPostgres = await getStats(other, alice, { now: END });
      expect(onSqlite!.totalReviews).toBeGreaterThan(100);
      expect(onSqlite!.heatmap.some((d) => d.count > 0)).toBe(true);
      expect(onPostgres).toEqual(onSqlite);

      const a = await applyWeights(db, alice, TRUE_WEIGHTS, { reschedule: true, now: END });
      const b = await applyWeights(other, alice, TRUE_WEIGHTS, { reschedule: true, now: END });
      expect(a.rescheduled).toBeGreaterThan(0);
      expect(b).toEqual(a);
      const states = (d: typeof db) => d.cardState.findMany({ where: { userId: alice }, orderBy: { cardId: "asc" } });
      expect(await states(other)).toEqual(await states(db));
    } finally {
      await other?.$disconnect();
      await pg.drop();
      await cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("rescheduling after new parameters", () => {
  it("counts elapsed time in the learner's study days, not UTC days", () => {
    // Two reviews 5 hours apart that straddle UTC's 4 am rollover but fall on one study day in Tokyo
    // (rollover 4 am local): 0 days elapsed there, 1 in UTC.
    const first = Date.UTC(2026, 4, 1, 23, 30); // 08:30 on 2 May in Tokyo, 1 May's study day in UTC
    const second = Date.UTC(2026, 4, 2, 5, 0); // 14:00 on 2 May in Tokyo, 2 May's in UTC
    const logs = [
      { cardId: "c", review: first, rating: 3, state: 0 },
      { cardId: "c", review: second, rating: 3, state: 1 },
    ];
    const cards = [{ cardId: "c", lastReview: new Date(second) }];
    const tokyo = rescheduleFromHistory(cards, logs, TRUE_WEIGHTS, DEFAULT_SETTINGS, "Asia/Tokyo");
    const utc = rescheduleFromHistory(cards, logs, TRUE_WEIGHTS, DEFAULT_SETTINGS, "UTC");
    expect(tokyo).toHaveLength(1);
    expect(tokyo[0].stability).not.toBeCloseTo(utc[0].stability, 6);
    // A history that never started as new keeps its schedule.
    expect(rescheduleFromHistory(cards, [{ cardId: "c", review: second, rating: 3, state: 2 }], TRUE_WEIGHTS, DEFAULT_SETTINGS, "UTC")).toEqual([]);
  });
});
