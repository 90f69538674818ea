import { afterAll, describe, expect, it } from "vitest";
import path from "node:path";
import { createDb, createPostgresDb, type Db } from "@/lib/db/client";
import { autoSubmitExpired } from "@/lib/db/exams";
import { migrateDatabase } from "@/lib/db/migrate";
import { freshDb } from "../helpers/db";
import { tempPostgres } from "../helpers/postgres";

/**
 * Several app instances share one database: every instance runs the deadline sweep, and each
 * expired attempt must be submitted exactly once, at its deadline plus grace (the claim is a
 * conditional update, so whichever instance gets there first wins and the others change nothing).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const T0 = new Date("2026-11-23T09:00:00Z");

async function seedAttempts(db: Db, n: number): Promise<void> {
  await db.user.create({ data: { id: "u1", email: "ada@example.com", name: "Ada", passwordHash: "x" } });
  await db.testAttempt.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      id: `a${i}`,
      userId: "u1",
      kind: "quick",
      title: `Quick test ${i}`,
      snapshot: "[]",
      limitMinutes: 1,
      startedAt: T0,
      // half have run out, half are still open at the sweep's `now`
      deadline: new Date(T0.getTime() + (i % 2 === 0 ? 60_000 : 3_600_000)),
      graceMs: 10_000,
      maxScore: 0,
    })),
  });
}

async function sweepFromInstances(instances: Db[], now: Date): Promise<number> {
  let submitted = 0;
  // Several rounds, all instances at once, as their 5-second timers would overlap.
  for (let round = 0; round < 3; round++) submitted += (await Promise.all(instances.map((db) => autoSubmitExpired(db, now)))).reduce((a, b) => a + b, 0);
  return submitted;
}

async function expectSubmittedOnce(db: Db, submitted: number, n: number): Promise<void> {
  expect(submitted).toBe(n / 2);
  const rows = await db.testAttempt.findMany({ orderBy: { id: "asc" } });
  for (const r of rows) {
    if (r.deadline.getTime() < T0.getTime() + 3_600_000) {
      expect(r.submitReason).toBe("deadline");
      expect(r.submittedAt).toEqual(new Date(r.deadline.getTime() + r.graceMs));
    } else expect(r.submittedAt).toBeNull();
  }
}

describe("the deadline sweep on several instances", () => {
  it("submits each expired attempt exactly once on one PostgreSQL", async () => {
    const pg = await tempPostgres("attend_sweep");
    cleanups.push(pg.drop);
    await migrateDatabase(pg.url, ROOT);
    const instances = [createPostgresDb(pg.url), createPostgresDb(pg.url), createPostgresDb(pg.url)];
    cleanups.push(async () => void (await Promise.all(instances.map((d) => d.$disconnect()))));
    await seedAttempts(instances[0], 40);
    await expectSubmittedOnce(instances[0], await sweepFromInstances(instances, new Date(T0.getTime() + 120_000)), 40);
  });

  it("submits each expired attempt exactly once on one SQLite file", async () => {
    const { db, url, cleanup } = await freshDb();
    cleanups.push(cleanup);
    const other = createDb(url);
    cleanups.push(() => other.$disconnect());
    await seedAttempts(db, 40);
    await expectSubmittedOnce(db, await sweepFromInstances([db, other], new Date(T0.getTime() + 120_000)), 40);
  });
});
