import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startApp, type AppServer } from "../helpers/app-server";
import { launchBrowser, screenshotPath } from "../helpers/browser";
import { signInBrowser, signUp, type HttpClient } from "../helpers/auth";
import { recentHistoryEnd, seedHistory } from "../helpers/stats";

let app: AppServer;
let browser: Browser;
let ada: HttpClient;
let bob: HttpClient;
let adaId: string;
const PASSWORD = "correct horse battery staple";
const CHARTS = ["heatmap", "forecast", "retention", "states", "buttons", "time", "workload"];

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  ada = await signUp(app.url, { email: "ada@example.com", name: "Ada" });
  bob = await signUp(app.url, { email: "bob@example.com", name: "Bob" });
  adaId = (await app.db.user.findUniqueOrThrow({ where: { email: "ada@example.com" } })).id;
  const cardIds = (await app.db.card.findMany({ where: { retiredAt: null }, orderBy: { position: "asc" }, select: { id: true } })).map((c) => c.id);
  // 120 days of a simulated learner, ending this morning (09:00 UTC), seeded through the backup restore (lib functions)
  await seedHistory(app.db, adaId, { cardIds, end: recentHistoryEnd(), days: 120, newPerDay: 8 });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function contextFor(email: string, width: number, colorScheme: "light" | "dark" = "light"): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  await signInBrowser(context, app.url, email, PASSWORD);
  return context;
}

async function openStats(page: Page, query = "") {
  await page.goto(app.url + "/stats" + query);
  await page.getByRole("heading", { name: "Statistics", level: 1 }).waitFor();
  // recharts draws after it has measured its container
  await page.locator("[data-testid=workload] .recharts-line").first().waitFor();
}

describe("the statistics page", () => {
  it("renders every chart for a seeded history, at 1200 px and 375 px, light and dark", async () => {
    for (const [width, scheme] of [[1200, "light"], [375, "light"], [1200, "dark"], [375, "dark"]] as const) {
      const context = await contextFor("ada@example.com", width, scheme);
      const page = await context.newPage();
      await openStats(page);
      for (const id of CHARTS) {
        const card = page.getByTestId(id);
        expect(await card.isVisible(), id).toBe(true);
        expect(await card.locator("svg").count(), id).toBeGreaterThan(0);
      }
      expect(await page.locator("[data-testid=heatmap] rect").count()).toBeGreaterThanOrEqual(365);
      for (const id of CHARTS.slice(1)) expect(await page.locator(`[data-testid=${id}] .recharts-surface`).count(), id).toBeGreaterThan(0);
      expect(await page.locator("[data-testid=forecast] .recharts-bar-rectangle").count()).toBeGreaterThan(0);
      expect(await page.locator("[data-testid=retention] .recharts-bar-rectangle").count()).toBeGreaterThan(0);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(width);
      await page.screenshot({ path: screenshotPath(`stats-${width}-${scheme}`), fullPage: true });
      if (width < 500) for (const id of CHARTS) await page.getByTestId(id).screenshot({ path: screenshotPath(`stats-${width}-${scheme}-${id}`) });
      await context.close();
    }
  });

  it("shows each chart as a table", async () => {
    const context = await contextFor("ada@example.com", 1200);
    const page = await context.newPage();
    await openStats(page);
    const retention = page.getByTestId("retention");
    await retention.getByText("Show as table").click();
    const table = retention.getByRole("table");
    expect(await table.isVisible()).toBe(true);
    expect(await table.getByRole("row").count()).toBe(9); // header + 8 interval buckets
    expect(await page.getByText("Show as table").count()).toBe(CHARTS.length);
    await context.close();
  });

  it("optimizes the learner's parameters with progress, then applies them", async () => {
    const context = await contextFor("ada@example.com", 1200);
    const page = await context.newPage();
    await openStats(page);
    await page.getByRole("button", { name: "Optimize my parameters" }).click();
    await page.getByTestId("optimizer-metrics").waitFor({ timeout: 60_000 });
    const text = await page.getByTestId("optimizer-metrics").innerText();
    expect(text).toMatch(/Before/);
    expect(text).toMatch(/After/);
    await page.screenshot({ path: screenshotPath("stats-optimizer"), fullPage: false, clip: await page.getByTestId("optimizer").boundingBox().then((b) => b!) });
    await page.getByLabel("Also reschedule my existing review cards").check();
    // Rescheduling asks for the password again: a wrong one is refused and nothing is saved.
    await page.getByLabel("Your password, to confirm").fill("not my password at all");
    await page.getByRole("button", { name: "Use these parameters" }).click();
    await page.getByText("The current password is wrong.").waitFor();
    expect(JSON.parse((await app.db.user.findUniqueOrThrow({ where: { id: adaId } })).settings).weights ?? null).toBeNull();
    await page.getByLabel("Your password, to confirm").fill(PASSWORD);
    await page.getByRole("button", { name: "Use these parameters" }).click();
    await page.getByText(/review cards rescheduled/).waitFor();
    const settings = JSON.parse((await app.db.user.findUniqueOrThrow({ where: { id: adaId } })).settings) as { weights: number[] | null };
    expect(settings.weights).toHaveLength(21);
    await context.close();
  });

  it("tells a learner with little history how many more reviews are needed", async () => {
    const context = await contextFor("bob@example.com", 1200);
    const page = await context.newPage();
    await openStats(page);
    await page.getByRole("button", { name: "Optimize my parameters" }).click();
    await page.getByText(/more\s+to go/).waitFor();
    expect(await page.getByText(/needs 400 reviews/).isVisible()).toBe(true);
    await context.close();
  });
});

describe("export and import over HTTP", () => {
  it("downloads a learner's own logs; import errors come back with line numbers; no one writes into another account", async () => {
    const res = await ada.fetch("/api/portability/reviews");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="attend-reviews-\d{4}-\d{2}-\d{2}\.csv"$/);
    const csv = await res.text();
    expect(csv.split("\n")[0]).toBe("card_id,review_time,review_rating,review_state,review_duration");
    const adaRows = csv.trimEnd().split("\n").length - 1;
    expect(adaRows).toBe(await app.db.reviewLog.count({ where: { userId: adaId } }));

    const bobCsv = await (await bob.fetch("/api/portability/reviews")).text();
    expect(bobCsv.trimEnd()).toBe("card_id,review_time,review_rating,review_state,review_duration");
    const backup = await (await bob.fetch("/api/portability/backup")).json();
    expect(backup.reviewLogs).toEqual([]);
    expect((await bob.fetch("/api/portability/cards")).headers.get("content-type")).toMatch(/^text\/csv/);

    const lines = csv.trimEnd().split("\n");
    const broken = [...lines.slice(0, 4), lines[4].replace(/,\d+$/, ",-5"), ...lines.slice(5, 8)].join("\n");
    const bad = await bob.fetch("/api/portability/reviews", { method: "POST", headers: { "content-type": "text/csv" }, body: broken });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.problems).toEqual([{ line: 5, message: expect.stringMatching(/review_duration "-5"/) }]);

    // Bob imports Ada's file: it lands in Bob's account, Ada's is untouched
    const ok = await bob.fetch("/api/portability/reviews", { method: "POST", headers: { "content-type": "text/csv" }, body: lines.slice(0, 50).join("\n") });
    expect(await ok.json()).toEqual({ ok: true, imported: 49, skipped: 0 });
    expect(await app.db.reviewLog.count({ where: { userId: adaId } })).toBe(adaRows);
    const bobId = (await app.db.user.findUniqueOrThrow({ where: { email: "bob@example.com" } })).id;
    expect(await app.db.reviewLog.count({ where: { userId: bobId } })).toBe(49);

    expect((await new (await import("../helpers/auth")).HttpClient(app.url).fetch("/api/portability/reviews")).status).toBe(401);
  });
});
