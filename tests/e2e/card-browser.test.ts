import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startApp, type AppServer } from "../helpers/app-server";
import { launchBrowser, reviewReady, screenshotPath } from "../helpers/browser";
import { HttpClient, signUp } from "../helpers/auth";
import { writeContent } from "../helpers/db";

/**
 * Issue 14 in a real browser: a learner (time zone from the browser) reviews, suspends, undoes,
 * finds the card with is:suspended, opens its info, unsuspends it and bulk-forgets two cards; the
 * actions' HTTP errors; screenshots at 1280 and 375 px, light and dark.
 */

const DECK = `---
deck: Attention
tags: [basics]
---
Q: Why divide attention scores by the square root of d_k?
A: To keep their variance near one.

Q: What does the causal mask hide?
A: Later positions.

Q: What is a KV cache?
A: Stored keys and values of earlier positions.

Q: What is perplexity?
A: The exponential of the cross-entropy.

Q: What is Perplexity?
A: A geometric mean of inverse probabilities.
`;

let app: AppServer;
let browser: Browser;
let dir: string;
let learner: BrowserContext;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  dir = writeContent({ "attention.md": DECK });
  app = await startApp({ content: dir });
  browser = await launchBrowser();
  await signUp(app.url, { email: "author@example.com" }); // the first account is the author
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const question = (page: Page) => page.getByRole("region", { name: "Question" }).innerText();
const gradeGroup = (page: Page) => page.getByRole("group", { name: "Grade your answer" });
const doneToday = (page: Page) => page.getByTestId("done-today").textContent();

async function waitForDone(page: Page, n: number) {
  await page.waitForFunction((n) => document.querySelector("[data-testid=done-today]")?.textContent === String(n), n);
}

async function expectNoOverflow(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

async function shoot(path: string, name: string) {
  for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [375, "light"], [375, "dark"]] as const) {
    const ctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, storageState: await learner.storageState(), timezoneId: "Asia/Tokyo" });
    const page = await ctx.newPage();
    await page.goto(app.url + path);
    await page.locator("main").waitFor();
    await expectNoOverflow(page, width);
    await page.screenshot({ path: screenshotPath(`${name}-${width}-${scheme}`), fullPage: true });
    await ctx.close();
  }
}

describe("reviewing, then fixing cards in the browser", () => {
  it("registers with the browser's time zone", async () => {
    learner = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "Asia/Tokyo" });
    const page = await learner.newPage();
    await page.goto(app.url + "/register");
    await page.getByTestId("register-time-zone").getByText("Asia/Tokyo").waitFor();
    await page.getByLabel("Name").fill("Kei");
    await page.getByLabel("E-mail").fill("kei@example.com");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Today" }).waitFor();
    expect((await app.db.user.findUniqueOrThrow({ where: { email: "kei@example.com" } })).timeZone).toBe("Asia/Tokyo");
    await page.close();
  });

  it("has the first card in the review page's HTML and shows a learner no file:line", async () => {
    const res = await learner.request.get(app.url + "/review");
    const html = await res.text();
    expect(html).toContain("Why divide attention scores");
    expect(html).not.toContain("Loading your next card");
    expect(html).not.toContain("attention.md");
  });

  it("reviews two cards, suspends the third, undoes, suspends it again", async () => {
    const page = await learner.newPage();
    await page.goto(app.url + "/review");
    await page.getByRole("region", { name: "Question" }).waitFor();
    await reviewReady(page);
    expect(await page.getByTestId("card-source").count()).toBe(0);
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press("Space");
      await gradeGroup(page).waitFor();
      expect(await page.locator("main").innerText()).not.toContain("attention.md");
      await page.keyboard.press("3");
      await waitForDone(page, i + 1);
    }
    // The two graded cards come back in 10 minutes; the third new card is on screen.
    const third = await question(page);
    expect(third).toContain("KV cache");
    await page.keyboard.press("s");
    await page.getByText(/Card suspended/).waitFor();
    expect(await question(page)).not.toContain("KV cache");
    await page.keyboard.press("u");
    await page.getByText("Undid “suspend”").waitFor();
    expect(await question(page)).toContain("KV cache");
    expect(await doneToday(page)).toBe("2");
    await page.keyboard.press("s");
    await page.getByText(/Card suspended/).waitFor();
    await page.close();
  });

  it("finds the card with is:suspended, opens its info and unsuspends it", async () => {
    const page = await learner.newPage();
    await page.goto(app.url + "/cards");
    await page.getByRole("searchbox").fill("is:suspended");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/q=is%3Asuspended/);
    const rows = page.getByTestId("card-row");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain("suspended");
    await page.getByRole("link", { name: "What is a KV cache?" }).click();
    await page.waitForURL(/\/cards\/[\w-]+$/);
    const cardUrl = page.url();
    const state = page.getByTestId("card-state");
    expect(await state.innerText()).toMatch(/New, suspended/);
    expect(await page.locator("main").innerText()).not.toContain("attention.md"); // learners see no sources
    await page.getByRole("button", { name: "Unsuspend" }).click();
    await page.locator("main").getByRole("status").getByText("Unsuspended.").waitFor();
    await page.getByRole("button", { name: "Suspend", exact: true }).waitFor();
    expect(await state.innerText()).not.toContain("suspended");

    // A studied card's page: history in the learner's zone, set due, undo.
    await page.goto(app.url + "/cards?q=" + encodeURIComponent("rated:1 divide"));
    await page.getByRole("link", { name: /Why divide attention scores/ }).click();
    await page.waitForURL(/\/cards\/[\w-]+$/);
    const history = page.getByRole("table", { name: "Review history" });
    expect(await history.innerText()).toContain("Good");
    expect(await history.innerText()).toContain("GMT+9");
    await page.getByLabel("Due in").fill("three");
    await page.getByRole("button", { name: "Set due" }).click();
    await page.locator("main").getByRole("alert").getByText(/whole number/).waitFor();
    await page.getByLabel("Due in").fill("3");
    await page.getByRole("button", { name: "Set due" }).click();
    await page.locator("main").getByRole("status").getByText("Due in 3 days.").waitFor();
    await page.getByRole("button", { name: "Undo set due" }).click();
    await page.locator("main").getByRole("status").getByText("Undid “set due”.").waitFor();
    await shoot(new URL(page.url()).pathname, "card-info");
    await page.goto(cardUrl);
    await page.close();
  });

  it("bulk-forgets the two studied cards from a search", async () => {
    const page = await learner.newPage();
    await page.goto(app.url + "/cards?q=" + encodeURIComponent("-is:new"));
    const rows = page.getByTestId("card-row");
    expect(await rows.count()).toBe(2);
    await page.getByRole("button", { name: "Select all on this page" }).click();
    await page.getByRole("button", { name: "Forget" }).click();
    await page.locator("main").getByRole("status").getByText("Forgot 2 cards.").waitFor();
    await page.getByText("No cards match.").waitFor(); // the page refreshed: none is studied any more
    const states = await app.db.cardState.findMany({ where: { user: { email: "kei@example.com" } } });
    expect(states.filter((s) => s.state !== 0)).toEqual([]);
    expect(await app.db.reviewLog.count({ where: { user: { email: "kei@example.com" }, kind: "manual" } })).toBe(2);

    // A mistake in the search is shown with its column and the syntax is on the page.
    await page.goto(app.url + "/cards?q=" + encodeURIComponent("is:later geometric"));
    expect(await page.locator("main").getByRole("alert").innerText()).toContain("Column 1: Unknown “is:later”");
    await page.getByText("Search syntax").click();
    await page.getByText("prop:due<3").waitFor();
    await page.goto(app.url + "/cards?q=geometric&sort=due");
    expect(await rows.count()).toBe(1); // found in the merged alternative answer
    await page.close();
    await shoot("/cards?q=" + encodeURIComponent("deck:attention"), "card-browser");
  });

  it("answers bad card actions with a 4xx and a message", async () => {
    const kei = new HttpClient(app.url);
    await kei.signIn("kei@example.com", PASSWORD);
    const card = await app.db.card.findFirstOrThrow({ where: { question: { contains: "causal" } } });
    const post = (body: unknown) => kei.json("/api/cards/actions", body);
    const cases: [unknown, number, RegExp][] = [
      [{ cardIds: [], action: "forget" }, 400, /at least one card/],
      [{ cardIds: [card.id], action: "explode" }, 400, /action: one of/],
      [{ cardIds: [card.id], action: "set-due" }, 400, /set-due needs/],
      [{ cardIds: [card.id], action: "set-due", days: -1 }, 400, /0 or more/],
      [{ cardIds: [card.id], action: "set-due", days: 2 }, 400, /new card has no schedule/],
      [{ cardIds: [card.id], action: "forget" }, 400, /already new/],
      [{ cardIds: ["nope"], action: "suspend" }, 404, /No such card/],
    ];
    for (const [body, status, message] of cases) {
      const res = await post(body);
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
    const ok = await post({ cardIds: [card.id, "nope"], action: "suspend" });
    expect(await ok.json()).toEqual({ done: 1, skipped: [{ cardId: "nope", reason: "No such card." }], undoLabel: "suspend" });
    expect((await new HttpClient(app.url).json("/api/cards/actions", { cardIds: [card.id], action: "suspend" })).status).toBe(401);
    const badZone = await new HttpClient(app.url).json("/api/account/register", { email: "z@example.com", name: "Z", password: "correct horse battery staple", timeZone: "Mars/Olympus" });
    expect(badZone.status).toBe(400);
    expect(((await badZone.json()) as { error: string }).error).toMatch(/Unknown time zone "Mars\/Olympus"/);
  });
});
