import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser } from "@/lib/auth/users";
import { createDb, createPostgresDb, type Db } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { CLAIM_MS, claimFit, listFits, releaseFitClaim } from "@/lib/db/optimizer-fits";
import { getSettings, saveSettings } from "@/lib/db/settings";
import { ingestDirectory } from "@/lib/ingest";
import { AUTO_FIT_EVERY, MAX_RECENT_REVIEWS, MIN_RECENT_REVIEWS, autoFitDue, fitImproves, recentItems } from "@/lib/stats/auto-optimize";
import { runAutoFit } from "@/lib/stats/auto-optimize-job";
import { MIN_REVIEWS } from "@/lib/stats/optimizer";
import type { FsrsItemData } from "@/lib/stats";
import { freshDb, writeContent } from "../helpers/db";
import { tempPostgres } from "../helpers/postgres";
import { seedHistory } from "../helpers/stats";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("automatic re-optimization rules", () => {
  it("a fit is due with the setting on, a minimum history and enough new reviews", () => {
    const ok = { enabled: true, totalReviews: MIN_REVIEWS, reviewsSinceLastFit: AUTO_FIT_EVERY };
    expect(autoFitDue(ok)).toBe(true);
    expect(autoFitDue({ ...ok, enabled: false })).toBe(false);
    expect(autoFitDue({ ...ok, totalReviews: MIN_REVIEWS - 1 })).toBe(false);
    expect(autoFitDue({ ...ok, reviewsSinceLastFit: AUTO_FIT_EVERY - 1 })).toBe(false);
  });

  it("judges a fit on the reviews since the last one, or at least the latest MIN_RECENT_REVIEWS", () => {
    const items: FsrsItemData[] = Array.from({ length: 1000 }, (_, i) => ({ time: i, reviews: [{ rating: 3, deltaT: 0 }, { rating: 3, deltaT: i % 10 === 0 ? 0 : 2 }] }));
    const usable = (it: FsrsItemData) => it.reviews[1].deltaT > 0;
    const since = recentItems(items, 500, usable);
    expect(since.every((it) => it.time > 500 && usable(it))).toBe(true);
    expect(since).toHaveLength(450); // 501..999 (499) less the 49 same-day ones (510, 520 … 990)
    const few = recentItems(items, 950, usable);
    expect(few).toHaveLength(MIN_RECENT_REVIEWS);
    expect(few[few.length - 1].time).toBe(999);
    expect(recentItems(items, null, usable)).toEqual(few);
    const many: FsrsItemData[] = Array.from({ length: MAX_RECENT_REVIEWS + 300 }, (_, i) => ({ time: i, reviews: [{ rating: 3, deltaT: 0 }, { rating: 3, deltaT: 1 }] }));
    const capped = recentItems(many, -1, () => true);
    expect(capped).toHaveLength(MAX_RECENT_REVIEWS);
    expect(capped[0].time).toBe(300);
  });

  it("applies only a strictly lower log loss", () => {
    expect(fitImproves({ logLoss: 0.4, rmseBins: 0.1 }, { logLoss: 0.39, rmseBins: 0.2 })).toBe(true);
    expect(fitImproves({ logLoss: 0.4, rmseBins: 0.1 }, { logLoss: 0.4, rmseBins: 0.01 })).toBe(false);
    expect(fitImproves({ logLoss: 0.4, rmseBins: 0.1 }, { logLoss: NaN, rmseBins: 0 })).toBe(false);
  });
});

const deck = ["---", "deck: Auto", "---", ...Array.from({ length: 300 }, (_, i) => `Q: Question number ${i}?\nA: Answer ${i}.\n`)].join("\n");
const END = new Date("2026-06-01T12:00:00Z");
const DAY = 86_400_000;

describe("the automatic fit against the database", () => {
  let db: Db;
  let url: string;
  let cleanup: () => Promise<void>;
  let dir: string;
  let alice: string;
  beforeAll(async () => {
    ({ db, url, cleanup } = await freshDb());
    dir = writeContent({ "auto.md": deck });
    await ingestDirectory(db, dir);
    const cardIds = (await db.card.findMany({ orderBy: { position: "asc" }, select: { id: true } })).map((c) => c.id);
    alice = (await registerUser(db, { email: "alice@example.com", name: "Alice", password: "correct horse battery" })).id;
    await seedHistory(db, alice, { cardIds, end: END, days: 120 });
  }, 60_000);
  afterAll(async () => {
    await cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("does nothing when turned off", async () => {
    const learner = await getSettings(db, alice);
    await saveSettings(db, alice, { ...learner.settings, autoOptimize: false }, learner.timeZone);
    expect(await runAutoFit(db, alice)).toBeNull();
    expect(await listFits(db, alice)).toEqual([]);
    await saveSettings(db, alice, { ...learner.settings, autoOptimize: true }, learner.timeZone);
  });

  it("one of several instances fits, applies parameters that predict recent reviews better, and records before/after", async () => {
    const other = createDb(url);
    try {
      // Pretend the previous fit was 40 days before the history ends: the reviews since are new.
      const clock = () => new Date(END.getTime() - 40 * DAY);
      const outcomes = await Promise.all([runAutoFit(db, alice, { holder: "a", now: clock }), runAutoFit(other, alice, { holder: "b", now: clock }), runAutoFit(db, alice, { holder: "c", now: clock })]);
      expect(outcomes.filter((o) => o !== null)).toEqual(["applied"]);
    } finally {
      await other.$disconnect();
    }
    const fits = await listFits(db, alice);
    expect(fits).toHaveLength(1);
    const [fit] = fits;
    expect(fit.weightsBefore).toBeNull();
    expect(fit.weightsAfter).toHaveLength(21);
    expect(fit.logLossAfter!).toBeLessThan(fit.logLossBefore!);
    expect(fit.recentReviews).toBeGreaterThanOrEqual(MIN_RECENT_REVIEWS);
    expect((await getSettings(db, alice)).settings.weights).toEqual(fit.weightsAfter);
    expect(await db.optimizerClaim.count()).toBe(0);
  }, 120_000);

  it("fits again only after enough new reviews: the reviews since the last fit count", async () => {
    // The last fit "started" 40 days before END: plenty of reviews since, so due again, and this time
    // the current parameters are the fitted ones.
    const again = await runAutoFit(db, alice, { now: () => new Date(END.getTime() + DAY) });
    expect(["applied", "kept"]).toContain(again);
    const fits = await listFits(db, alice);
    expect(fits).toHaveLength(2);
    expect(fits[0].weightsBefore).toEqual(fits[1].weightsAfter);
    // Now the last fit starts after every review: nothing new, nothing to do.
    expect(await runAutoFit(db, alice, { now: () => new Date(END.getTime() + 2 * DAY) })).toBeNull();
    expect(await listFits(db, alice)).toHaveLength(2);
  }, 120_000);
});

describe("the fit claim on PostgreSQL", () => {
  it("goes to exactly one of several instances, and a crashed holder's claim runs out", async () => {
    const pg = await tempPostgres("attend_fitclaim");
    await migrateDatabase(pg.url, ROOT);
    const instances = [0, 1, 2, 3].map(() => createPostgresDb(pg.url));
    try {
      const [db] = instances;
      await db.user.create({ data: { id: "u1", email: "ada@example.com", name: "Ada", passwordHash: "x" } });
      const now = new Date("2026-06-01T12:00:00Z");
      const won = await Promise.all(instances.map((d, i) => claimFit(d, "u1", `i${i}`, now)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await claimFit(db, "u1", "late", new Date(now.getTime() + CLAIM_MS - 1))).toBe(false);
      const later = new Date(now.getTime() + CLAIM_MS + 1);
      const takeover = await Promise.all(instances.map((d, i) => claimFit(d, "u1", `j${i}`, later)));
      expect(takeover.filter(Boolean)).toHaveLength(1);
      const holder = `j${takeover.indexOf(true)}`;
      await releaseFitClaim(db, "u1", "someone-else");
      expect(await db.optimizerClaim.count()).toBe(1);
      await releaseFitClaim(db, "u1", holder);
      expect(await claimFit(db, "u1", "next", later)).toBe(true);
    } finally {
      for (const d of instances) await d.$disconnect();
      await pg.drop();
    }
  }, 60_000);
});
