import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { getSettings, saveSettings } from "@/lib/db/settings";
import { startApp, type AppServer } from "../helpers/app-server";
import { launchBrowser, reviewReady, screenshotPath } from "../helpers/browser";
import { HttpClient, signInBrowser, signUp } from "../helpers/auth";
import { writeContent } from "../helpers/db";

/**
 * Issue 14's custom study in a real browser: with today's two new cards done, "more new cards"
 * shows two more and leaves tomorrow's limit alone; "cards failed today" brings back the card
 * answered Again although its step is not due; the API refuses bad input with a message.
 */

const DECK = `---
deck: Attention
---
Q: Why divide attention scores by the square root of d_k?
A: To keep their variance near one.

Q: What does the causal mask hide?
A: Later positions.

Q: What is a KV cache?
A: Stored keys and values of earlier positions.

Q: What is perplexity?
A: The exponential of the cross-entropy.
`;

let app: AppServer;
let browser: Browser;
let dir: string;
let api: HttpClient;
let learner: BrowserContext;

beforeAll(async () => {
  dir = writeContent({ "attention.md": DECK });
  app = await startApp({ content: dir });
  browser = await launchBrowser();
  await signUp(app.url, { email: "author@example.com" });
  api = await signUp(app.url, { email: "kei@example.com" });
  const user = await app.db.user.findUniqueOrThrow({ where: { email: "kei@example.com" } });
  const learnerSettings = await getSettings(app.db, user.id);
  await saveSettings(app.db, user.id, { ...learnerSettings.settings, newPerDay: 2 }, learnerSettings.timeZone);
  learner = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await signInBrowser(learner, app.url, "kei@example.com");
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const question = (page: Page) => page.getByRole("region", { name: "Question" }).innerText();
async function waitForDone(page: Page, n: number) {
  await page.waitForFunction((n) => document.querySelector("[data-testid=done-today]")?.textContent === String(n), n);
}
/** The card is in the server's HTML: wait until the page's keys work. */
async function answer(page: Page, key: string, done: number) {
  await reviewReady(page);
  await page.keyboard.press("Space");
  await page.getByRole("group", { name: "Grade your answer" }).waitFor();
  await page.keyboard.press(key);
  await waitForDone(page, done);
}

async function shoot(path: string, name: string, open = false) {
  for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [375, "light"], [375, "dark"]] as const) {
    const ctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, storageState: await learner.storageState() });
    const page = await ctx.newPage();
    await page.goto(app.url + path);
    await page.locator("main").waitFor();
    if (open) await page.getByText("Custom study", { exact: true }).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: screenshotPath(`${name}-${width}-${scheme}`), fullPage: true });
    await ctx.close();
  }
}

describe("custom study", () => {
  it("refuses bad input with a message, and needs a session", async () => {
    for (const [body, message] of [
      [{ kind: "new", count: 0 }, "Add at least 1 new card"],
      [{ kind: "ahead", days: "x" }, "Days ahead must be a number"],
      [{ kind: "cram" }, 'Pick "study ahead", "more new cards" or "cards failed today"'],
    ] as const) {
      const res = await api.json("/api/review/custom", body);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toContain(message);
    }
    const anonymous = await fetch(app.url + "/api/review/custom", { method: "POST", headers: { "content-type": "application/json", origin: app.url }, body: JSON.stringify({ kind: "failed" }) });
    expect(anonymous.status).toBe(401);
  });

  it("more new cards today: two more after the day's two, and the regular limit stays", async () => {
    const page = await learner.newPage();
    await page.goto(app.url + "/review");
    expect(await question(page)).toContain("square root");
    await answer(page, "1", 1); // Again: this card is "failed today"
    expect(await question(page)).toContain("causal mask");
    await answer(page, "3", 2);
    await page.getByText(/All done|Nothing due|come back/i).first().waitFor();
    await shoot("/review", "custom-study-form", true);

    await page.getByText("Custom study", { exact: true }).click();
    await page.getByLabel("More new cards today").check();
    await page.getByLabel("Extra new cards").fill("2");
    await page.getByRole("button", { name: "Start custom study" }).click();
    await page.getByTestId("custom-study-active").waitFor();
    expect(await page.getByTestId("custom-study-active").innerText()).toContain("2 more new cards today");
    expect(await question(page)).toContain("KV cache");
    await shoot("/review", "custom-study-active");
    await answer(page, "3", 3);
    // The grade's answer carries the next card of the same session (the cookie reaches the grade route).
    expect(await question(page)).toContain("perplexity");
    await answer(page, "3", 4);
    await page.getByText(/All done|Nothing due|come back/i).first().waitFor();

    await page.getByRole("button", { name: "End custom study" }).click();
    await page.getByText("Custom study", { exact: true }).waitFor();
    expect(await page.getByTestId("custom-study-active").count()).toBe(0);
    // The regular queue: no new card left today (the extra one did not raise the setting).
    const next = await learner.request.get(app.url + "/api/review/next");
    expect((await next.json()).counts.new).toBe(0);
    const user = await app.db.user.findUniqueOrThrow({ where: { email: "kei@example.com" } });
    expect((await getSettings(app.db, user.id)).settings.newPerDay).toBe(2);
    await page.close();
  });

  it("cards failed today: the card answered Again comes back now, once", async () => {
    const page = await learner.newPage();
    await page.goto(app.url + "/review");
    await page.getByText("Custom study", { exact: true }).click();
    await page.getByLabel("Go over the cards I failed today").check();
    await page.getByRole("button", { name: "Start custom study" }).click();
    await page.getByTestId("custom-study-active").waitFor();
    expect(await question(page)).toContain("square root");
    await answer(page, "3", 5);
    await page.getByText(/All done|Nothing due|come back/i).first().waitFor();
    expect(await page.getByRole("region", { name: "Question" }).count()).toBe(0);
    await page.getByRole("button", { name: "End custom study" }).click();
    await page.getByText("Custom study", { exact: true }).waitFor();
    await page.close();
  });

  it("the settings page explains and saves the load balancer, easy days and automatic fits", async () => {
    const page = await learner.newPage();
    await page.goto(app.url + "/settings");
    const balancer = page.getByLabel("Load balancer");
    expect(await balancer.isChecked()).toBe(true);
    expect(await page.locator("#loadBalancer-hint").innerText()).toContain("fewer reviews already due");
    expect(await page.getByLabel("Keep FSRS parameters fitted").isChecked()).toBe(true);
    await balancer.uncheck();
    await page.getByLabel("Keep FSRS parameters fitted").uncheck();
    await page.getByLabel("Saturday").selectOption("0.5");
    await page.getByLabel("Sunday").selectOption("0");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Settings saved.").waitFor();
    const user = await app.db.user.findUniqueOrThrow({ where: { email: "kei@example.com" } });
    const saved = (await getSettings(app.db, user.id)).settings;
    expect(saved).toMatchObject({ loadBalancer: false, autoOptimize: false, easyDays: [1, 1, 1, 1, 1, 0.5, 0], newPerDay: 2 });
    await page.reload();
    expect(await page.getByLabel("Load balancer").isChecked()).toBe(false);
    expect(await page.getByLabel("Sunday").inputValue()).toBe("0");
    await shoot("/settings", "settings-balancer");
    await page.close();
  });
});
