import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startApp, type AppServer } from "../helpers/app-server";
import { launchBrowser, screenshotPath } from "../helpers/browser";
import { signInBrowser, signUp } from "../helpers/auth";

let app: AppServer;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function openPage(width = 1200, colorScheme: "light" | "dark" = "light"): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  return ctx.newPage();
}

describe("browsing content", () => {
  it("goes from the deck tree to a card with display math", async () => {
    const page = await openPage();
    await page.goto(app.url + "/");
    await expect(page.getByRole("heading", { name: "Decks" }).isVisible()).resolves.toBe(true);
    await page.getByRole("link", { name: "Transformers", exact: true }).click();
    await page.waitForURL(/\/cards\?deck=/);
    await page.getByRole("searchbox").fill("cosine similarity");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/q=cosine/);
    await page.getByRole("link", { name: /What is cosine similarity\? Derive it/ }).click();
    await page.waitForURL(/\/cards\/[\w-]+$/);
    const display = page.locator(".katex-display");
    expect(await display.count()).toBeGreaterThan(0);
    // KaTeX laid the formula out (a fraction with height), not raw TeX.
    const box = await display.first().boundingBox();
    expect(box!.height).toBeGreaterThan(20);
    expect(await page.locator(".katex-error").count()).toBe(0);
    // Source positions are for authors (issue 14): a visitor who is not signed in sees none.
    expect(await page.textContent("body")).not.toContain("transformers-review-outline.md:");
    await page.screenshot({ path: screenshotPath("card-display-math"), fullPage: true });
  });

  it("shows a card with highlighted code, on a phone in dark mode", async () => {
    const page = await openPage(375, "dark");
    await page.goto(app.url + "/cards?q=torch.nn");
    await page.getByRole("link", { name: "What is a Transformer?" }).click();
    await page.waitForURL(/\/cards\/[\w-]+$/);
    const code = page.locator("pre code.hljs");
    expect(await code.count()).toBeGreaterThan(0);
    expect(await page.locator("pre code .hljs-keyword").count()).toBeGreaterThan(0);
    // nothing overflows a 375 px screen
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await page.screenshot({ path: screenshotPath("card-code-mobile-dark"), fullPage: true });
  });

  it("filters open cards and shows the author diagnostics", async () => {
    await signUp(app.url, { email: "author@example.com" }); // the first account is the author
    const page = await openPage();
    await signInBrowser(page.context(), app.url, "author@example.com");
    await page.goto(app.url + "/cards?answered=no");
    const count = await page.locator("main tr[data-testid=card-row]").count();
    expect(count).toBeGreaterThan(0);
    expect(await page.locator("main tr[data-testid=card-row]", { hasText: "open" }).count()).toBe(count);
    await page.goto(app.url + "/author");
    expect(await page.textContent("main")).toContain("outline-unindented-answer");
    await page.getByRole("link", { name: /author-todo/ }).click();
    await page.waitForURL(/rule=author-todo/);
    expect(await page.locator("main li", { hasText: "TODO" }).count()).toBeGreaterThan(5);
    await page.screenshot({ path: screenshotPath("author-diagnostics"), fullPage: true });
  });

  it("answers an unknown card with 404", async () => {
    const res = await fetch(app.url + "/cards/does-not-exist");
    expect(res.status).toBe(404);
  });
});
