import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Browser } from "playwright-core";
import { startApp, type AppServer } from "../helpers/app-server";
import { launchBrowser, screenshotPath } from "../helpers/browser";
import { signInBrowser, signUp, type HttpClient } from "../helpers/auth";
import { recentHistoryEnd, seedHistory } from "../helpers/stats";

/**
 * Automatic re-optimization over HTTP: a learner with enough history grades one card; the grade
 * route starts a fit in the background; it is recorded with log loss before and after, the new
 * parameters are applied, and the stats page lists it. (Turned off: tests/stats/auto-optimize.test.ts.)
 */
let app: AppServer;
let browser: Browser;
let ada: HttpClient;
let adaId: string;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  ada = await signUp(app.url, { email: "ada@example.com", name: "Ada" });
  adaId = (await app.db.user.findUniqueOrThrow({ where: { email: "ada@example.com" } })).id;
  const cardIds = (await app.db.card.findMany({ where: { retiredAt: null }, orderBy: { position: "asc" }, select: { id: true } })).map((c) => c.id);
  await seedHistory(app.db, adaId, { cardIds, end: recentHistoryEnd(), days: 120, newPerDay: 8 });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function gradeOne(client: HttpClient): Promise<void> {
  const next = await (await client.fetch("/api/review/next")).json();
  expect(next.card).not.toBeNull();
  const res = await client.json("/api/review/grade", {
    cardId: next.card.id,
    grade: 3,
    reviewId: `auto-${Math.random().toString(36).slice(2, 12)}`,
    seenReps: next.card.seen.reps,
    seenUpdatedAt: next.card.seen.updatedAt,
    durationMs: 2000,
  });
  expect(res.status).toBe(200);
}

describe("automatic re-optimization", () => {
  it("a grade starts a background fit that applies better parameters and shows on the stats page", async () => {
    await gradeOne(ada);
    await vi.waitFor(async () => expect(await app.db.optimizerFit.count({ where: { userId: adaId } })).toBe(1), { timeout: 60_000, interval: 200 });
    const fit = await app.db.optimizerFit.findFirstOrThrow({ where: { userId: adaId } });
    expect(fit.outcome).toBe("applied");
    expect(fit.logLossAfter!).toBeLessThan(fit.logLossBefore!);
    expect(JSON.parse((await app.db.user.findUniqueOrThrow({ where: { id: adaId } })).settings).weights).toEqual(JSON.parse(fit.weightsAfter!));
    // The claim goes once the fit is recorded.
    await vi.waitFor(async () => expect(await app.db.optimizerClaim.count()).toBe(0), { timeout: 10_000, interval: 100 });

    for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [375, "light"], [375, "dark"]] as const) {
      const ctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      await signInBrowser(ctx, app.url, "ada@example.com");
      const page = await ctx.newPage();
      await page.goto(app.url + "/stats");
      const history = page.getByTestId("fit-history");
      await history.waitFor();
      const text = await history.innerText();
      expect(text).toContain("Applied");
      expect(text).toContain(`${fit.logLossBefore!.toFixed(4)} → ${fit.logLossAfter!.toFixed(4)}`);
      // The section fits the screen (the charts' own layout is tests/e2e/stats.test.ts's).
      const box = (await history.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      expect(await history.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
      await history.scrollIntoViewIfNeeded();
      await history.screenshot({ path: screenshotPath(`fit-history-${width}-${scheme}`) });
      await ctx.close();
    }
  }, 120_000);
});
