import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { ingestDirectory } from "@/lib/ingest";
import { registerUser } from "@/lib/auth/users";
import { getNext, gradeCard } from "@/lib/db/review";
import { getSettings, saveSettings } from "@/lib/db/settings";
import { formatInterval, preview, State, type SrsCard } from "@/lib/srs";
import { studyDayStart } from "@/lib/srs/actions";
import { dayKey } from "@/lib/srs/day";
import { fuzzRange } from "@/lib/srs/load-balancer";
import path from "node:path";
import { createDb } from "@/lib/db/client";
import { copyDatabase } from "@/lib/db/copy";
import { migrateDatabase } from "@/lib/db/migrate";
import { freshDb, writeContent } from "../helpers/db";
import { tempPostgres } from "../helpers/postgres";

/**
 * The load balancer on the grade path: the per-day due counts come from the database (one query
 * over the candidate days) and the Good interval lands on the one light day of its fuzz range;
 * the Good button showed that very interval. With the balancer off, the same grade ignores the counts.
 */
const CARDS = 120;
const deck = ["---", "deck: Balance", "---", ...Array.from({ length: CARDS }, (_, i) => `Q: Question number ${i}?\nA: Answer ${i}.\n`)].join("\n");
const NOW = new Date("2026-03-02T10:00:00Z");
const DAY = 86_400_000;

let db: Db;
let cleanup: () => Promise<void>;
let dir: string;
let cardIds: string[];

beforeAll(async () => {
  ({ db, cleanup } = await freshDb());
  dir = writeContent({ "balance.md": deck });
  await ingestDirectory(db, dir);
  cardIds = (await db.card.findMany({ orderBy: { position: "asc" }, select: { id: true } })).map((c) => c.id);
});
afterAll(async () => {
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The target card: a review card due now, stability 20, last seen 20 days ago. */
const target: SrsCard = { due: NOW, stability: 20, difficulty: 5, elapsed_days: 20, scheduled_days: 20, learning_steps: 0, reps: 5, lapses: 0, state: State.Review, last_review: new Date(NOW.getTime() - 20 * DAY) };

async function learnerWithLoad(email: string, loadBalancer: boolean): Promise<{ userId: string; light: number; range: { min: number; max: number } }> {
  const userId = (await registerUser(db, { email, name: email, password: "correct horse battery" })).id;
  const learner = await getSettings(db, userId);
  await saveSettings(db, userId, { ...learner.settings, loadBalancer }, "UTC");
  const settings = (await getSettings(db, userId)).settings;
  const range = fuzzRange(preview(target, NOW, { ...settings, enableFuzz: false }).good.card, settings)!;
  expect(range.max - range.min).toBeGreaterThanOrEqual(2);
  const light = range.min + 1;
  const state = (cardId: string, due: Date, s: Partial<Record<string, unknown>> = {}) => ({
    userId, cardId, due, stability: 20, difficulty: 5, elapsedDays: 10, scheduledDays: 10, learningSteps: 0, reps: 3, lapses: 0, state: 2,
    lastReview: new Date(NOW.getTime() - 10 * DAY), updatedAt: new Date(NOW.getTime() - 10 * DAY), ...s,
  });
  const rows = [state(cardIds[0], target.due, { stability: 20, elapsedDays: 20, scheduledDays: 20, reps: 5, lastReview: target.last_review, updatedAt: target.last_review })];
  // Three reviews due on days 2 and 3 (for study ahead) and on every day around the fuzz range, except the light day.
  let next = 1;
  const days = [2, 3, ...Array.from({ length: range.max - range.min + 7 }, (_, i) => range.min - 3 + i)];
  for (const d of new Set(days)) {
    if (d === light) continue;
    for (let k = 0; k < 3; k++) rows.push(state(cardIds[next++], new Date(studyDayStart(NOW, d, "UTC", 4).getTime() + 3_600_000)));
  }
  await db.cardState.createMany({ data: rows });
  return { userId, light, range };
}

const dayOffset = (due: Date) => Math.round((Date.parse(dayKey(due, "UTC", 4)) - Date.parse(dayKey(NOW, "UTC", 4))) / DAY);

describe("load balancer on the grade path", () => {
  it("puts the Good interval on the light day of its fuzz range, as the Good button said", async () => {
    const { userId, light } = await learnerWithLoad("ada@example.com", true);
    const shown = await getNext(db, userId, { now: NOW });
    expect(shown.card?.id).toBe(cardIds[0]);
    const seen = shown.card!.seen;
    await gradeCard(db, userId, { cardId: cardIds[0], grade: 3, reviewId: "balance-ada-1", seenReps: seen.reps, seenUpdatedAt: seen.updatedAt, durationMs: 3000 }, NOW);
    const after = await db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId, cardId: cardIds[0] } } });
    expect(dayOffset(after.due)).toBe(light);
    expect(after.scheduledDays).toBe(light);
    expect(shown.card!.intervals.good).toBe(formatInterval(NOW, after.due));
  });

  it("with the balancer off, the counts are not read and plain fuzz decides", async () => {
    const { userId, range } = await learnerWithLoad("bob@example.com", false);
    const settings = (await getSettings(db, userId)).settings;
    const shown = await getNext(db, userId, { now: NOW });
    const seen = shown.card!.seen;
    await gradeCard(db, userId, { cardId: cardIds[0], grade: 3, reviewId: "balance-bob-1", seenReps: seen.reps, seenUpdatedAt: seen.updatedAt, durationMs: 3000 }, NOW);
    const after = await db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId, cardId: cardIds[0] } } });
    const plain = preview({ ...target }, NOW, settings, { cardId: cardIds[0] }).good.card;
    expect(after.due.getTime()).toBe(plain.due.getTime());
    expect(after.scheduledDays).toBeGreaterThanOrEqual(range.min);
    expect(after.scheduledDays).toBeLessThanOrEqual(range.max);
  });
});

describe("the balancer's and custom study's queries on PostgreSQL", () => {
  it("give the same grade and the same custom-study queue as on SQLite", async () => {
    const { userId, light } = await learnerWithLoad("pg@example.com", true);
    const shown = await getNext(db, userId, { now: NOW });
    const pg = await tempPostgres("attend_balance");
    await migrateDatabase(pg.url, path.resolve(import.meta.dirname, "../.."));
    const other = createDb(pg.url);
    try {
      await copyDatabase(db, other, pg.url);
      const seen = shown.card!.seen;
      await gradeCard(other, userId, { cardId: cardIds[0], grade: 3, reviewId: "balance-pg-1", seenReps: seen.reps, seenUpdatedAt: seen.updatedAt, durationMs: 3000 }, NOW);
      const after = await other.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId, cardId: cardIds[0] } } });
      expect(dayOffset(after.due)).toBe(light);
      const ahead = { kind: "ahead" as const, days: 3, startedAt: NOW };
      const [onSqlite, onPg] = await Promise.all([getNext(db, userId, { now: NOW, custom: ahead }), getNext(other, userId, { now: NOW, custom: ahead })]);
      expect(onPg.counts).toEqual(onSqlite.counts);
      expect(onPg.card?.id).toBe(onSqlite.card?.id);
      // Days 1–3 ahead (light day excluded if it is among them): three cards each from day 2.
      expect(onPg.counts.review).toBe([2, 3].filter((d) => d !== light).length * 3);
    } finally {
      await other.$disconnect();
      await pg.drop();
    }
  }, 60_000);
});
