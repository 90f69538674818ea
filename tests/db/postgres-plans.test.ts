import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { createPool, pgQuery, pgRead, pgWrite } from "@/lib/db/postgres";
import { queuePlans } from "@/lib/db/review";
import { get } from "@/lib/db/sql";
import { tempPostgres } from "../helpers/postgres";

/**
 * How the review queue's statements are planned on PostgreSQL (lib/db/postgres.ts, PgPlans): kept
 * plans only inside the transactions that ask for them, and only for the queue over every deck.
 * The speed itself is a benchmark figure (bench/RESULTS.md), not a test.
 */
let db: Awaited<ReturnType<typeof tempPostgres>>;
let pool: pg.Pool;
beforeAll(async () => {
  db = await tempPostgres("attend_plans");
  pool = createPool(db.url);
  pool.options.max = 1; // one connection: what one transaction set, the next one sees
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

function* planMode() {
  return String((yield* get(`SELECT current_setting('plan_cache_mode') AS "m"`))!.m);
}

describe("planning the review queue's statements on PostgreSQL", () => {
  it("keeps plans inside a transaction that asks for it, and only there", async () => {
    expect(await pgRead(pool, planMode(), { genericPlans: true })).toBe("force_generic_plan");
    expect(await pgQuery(pool, planMode())).toBe("auto"); // the same connection, after COMMIT
    expect(await pgWrite(pool, "learner-1", planMode(), { genericPlans: true })).toBe("force_generic_plan");
    expect(await pgWrite(pool, "learner-1", planMode())).toBe("auto");
    expect(await pgRead(pool, planMode())).toBe("auto");
    await expect(pgWrite(pool, null, (function* () {
      yield* planMode();
      throw new Error("refused");
    })(), { genericPlans: true })).rejects.toThrow("refused");
    expect(await pgQuery(pool, planMode())).toBe("auto"); // after ROLLBACK too
  });

  it("asks for kept plans for the queue over every deck, not within a deck or a custom study session", () => {
    const now = new Date();
    expect(queuePlans({ now })).toEqual({ genericPlans: true });
    expect(queuePlans({ now, deckId: "d1" })).toEqual({ genericPlans: false });
    expect(queuePlans({ now, custom: { kind: "ahead", days: 2, startedAt: now } })).toEqual({ genericPlans: false });
  });
});
