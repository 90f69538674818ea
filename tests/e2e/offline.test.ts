import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startApp, type AppServer } from "../helpers/app-server";
import { launchBrowser, reviewReady, screenshotPath } from "../helpers/browser";
import { signInBrowser, signUp } from "../helpers/auth";
import { getSettings, settingsForDeck } from "@/lib/db/settings";
import { decideGrade, seenOf, type LearnerCardState } from "@/lib/srs/actions";
import type { SrsGrade } from "@/lib/srs";

/**
 * Offline review in a real browser (docs/offline.md): the app installs (manifest, service worker),
 * the review page keeps working with no connection, through a reload, and the grades made offline
 * reach the database exactly once, in the states an online session would have left.
 */

let app: AppServer;
let browser: Browser;
let device: BrowserContext;
let userId: string;
const EMAIL = "commuter@example.com";

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  await signUp(app.url, { email: EMAIL, name: "Commuter" });
  userId = (await app.db.user.findUniqueOrThrow({ where: { email: EMAIL } })).id;
  device = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await signInBrowser(device, app.url, EMAIL);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const doneToday = async (page: Page) => Number(await page.getByTestId("done-today").textContent());
const gradeGroup = (page: Page) => page.getByRole("group", { name: "Grade your answer" });
const reviews = () => app.db.reviewLog.count({ where: { userId, kind: "review" } });

/** Load the review page online and wait until today's queue is kept and the page is cached. */
async function openReviewReady(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(app.url + "/review");
  await page.getByRole("region", { name: "Question" }).waitFor();
  await reviewReady(page);
  await page.locator("[data-offline-ready=true]").waitFor({ timeout: 30_000 });
  return page;
}

/**
 * Reload while offline: the worker's copy of the page paints first (with the queue as it was when
 * the page was kept), then the screen goes on from the device's queue, where the count is `done`.
 */
async function reloadOffline(page: Page, done: number) {
  await page.reload();
  await page.getByTestId("offline-status").waitFor();
  await waitForDone(page, done);
}

async function waitForDone(page: Page, n: number) {
  await page.waitForFunction((n) => Number(document.querySelector("[data-testid=done-today]")?.textContent) === n, n);
}

/** Reveal and grade the card on screen by keyboard; wait until the count moves. */
async function gradeByKeyboard(page: Page, key: "1" | "2" | "3" | "4"): Promise<string> {
  const before = await doneToday(page);
  const question = await page.getByRole("region", { name: "Question" }).innerText();
  await page.keyboard.press("Space");
  await gradeGroup(page).waitFor();
  await page.keyboard.press(key);
  await page.waitForFunction((n) => Number(document.querySelector("[data-testid=done-today]")?.textContent) === n + 1, before);
  return question;
}

/**
 * The state each card must have: its answers in the order they were given, through the same
 * rules the online loop uses (decideGrade), from a card never seen.
 */
async function expectOnlineStates() {
  const learner = await getSettings(app.db, userId);
  const logs = await app.db.reviewLog.findMany({ where: { userId }, orderBy: [{ review: "asc" }, { id: "asc" }], include: { card: { include: { deck: true } } } });
  const byCard = new Map<string, typeof logs>();
  for (const l of logs) byCard.set(l.cardId, [...(byCard.get(l.cardId) ?? []), l]);
  for (const [cardId, answers] of byCard) {
    let state: LearnerCardState | null = null;
    const settings = settingsForDeck(learner, answers[0].card.deck.path);
    for (const a of answers) {
      const d = decideGrade(state, { cardId, grade: a.rating as SrsGrade, seen: seenOf(state) }, a.id, a.review, settings);
      expect(a.state).toBe(d.log.state); // each log row says what the card was when that answer was given
      expect(a.stability).toBeCloseTo(d.log.stability, 9);
      state = d.state;
    }
    const row = await app.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId, cardId } } });
    expect({ due: row.due, stability: row.stability, difficulty: row.difficulty, reps: row.reps, lapses: row.lapses, state: row.state, lastReview: row.lastReview }).toEqual({
      due: state!.due,
      stability: state!.stability,
      difficulty: state!.difficulty,
      reps: state!.reps,
      lapses: state!.lapses,
      state: state!.state,
      lastReview: state!.lastReview,
    });
  }
  return byCard;
}

async function shoot(page: Page, name: string) {
  for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [375, "light"], [375, "dark"]] as const) {
    await page.setViewportSize({ width, height: width === 375 ? 760 : 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: screenshotPath(`${name}-${width}-${scheme}`) });
    if (width === 375) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
}

describe("an installable app that keeps working offline", () => {
  it("has a manifest an installer accepts and a service worker that controls the page", async () => {
    const page = await device.newPage();
    await page.goto(app.url + "/");
    const href = await page.locator("link[rel=manifest]").getAttribute("href");
    expect(href).toBeTruthy();
    const manifest = await page.evaluate(async (url) => (await fetch(url)).json(), href!);
    expect(manifest).toMatchObject({ name: "Attend", short_name: "Attend", start_url: "/", display: "standalone" });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    // Chromium's installability: a 192 px and a 512 px PNG icon that really have those sizes, and a maskable one.
    const sizes = await page.evaluate(async (icons: { src: string; type: string; purpose?: string }[]) => {
      const out: string[] = [];
      for (const icon of icons.filter((i) => i.type === "image/png")) {
        const bitmap = await createImageBitmap(await (await fetch(icon.src)).blob());
        out.push(`${bitmap.width}x${bitmap.height}:${icon.purpose ?? "any"}`);
      }
      return out;
    }, manifest.icons);
    expect(sizes).toEqual(expect.arrayContaining(["192x192:any", "512x512:any", "512x512:maskable"]));
    // The worker takes control of the page it was registered from (clientsClaim), scope "/".
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    const sw = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return { scope: reg.scope, script: navigator.serviceWorker.controller?.scriptURL ?? "" };
    });
    expect(sw.scope).toBe(app.url + "/");
    expect(sw.script).toBe(app.url + "/serwist/sw.js");
    await page.close();
  });

  it("reviews ten cards offline by keyboard with one undo, through a reload, and syncs exactly nine", async () => {
    const page = await openReviewReady(device);
    expect(await reviews()).toBe(0);
    await device.setOffline(true);

    const graded: string[] = [];
    for (let i = 0; i < 10; i++) {
      if (i === 5) {
        // The page reloads from the service worker's copy and goes on from the device's queue.
        await reloadOffline(page, 5);
        await page.getByRole("region", { name: "Question" }).waitFor();
        await reviewReady(page);
      }
      graded.push(await gradeByKeyboard(page, i === 2 ? "1" : "3"));
      if (i === 0) await page.getByTestId("offline-status").getByText("1 grade saved on this device").waitFor();
    }
    expect(new Set(graded).size).toBeGreaterThanOrEqual(9);
    await page.getByTestId("offline-status").getByText("10 grades saved on this device").waitFor();
    await page.getByRole("button", { name: "Undo good" }).waitFor();
    await page.keyboard.press("u");
    await page.getByText(/Undid “Good” on this device/).waitFor();
    await page.getByTestId("offline-status").getByText("9 grades saved on this device").waitFor();
    expect(await doneToday(page)).toBe(9);
    expect(await page.getByRole("region", { name: "Question" }).innerText()).toBe(graded[9]); // the undone card is back
    await page.keyboard.press("Space");
    await gradeGroup(page).waitFor();
    await shoot(page, "offline-review");
    expect(await reviews()).toBe(0); // nothing reached the server

    // Home, offline: what waits to sync.
    const home = await device.newPage();
    await home.goto(app.url + "/");
    await home.getByTestId("pending-sync").getByText("9 grades saved on this device, waiting to sync.").waitFor();
    await shoot(home, "offline-home-pending");
    // and from there, offline, to the review page (the router's fetch fails; the worker serves the kept page)
    await home.getByRole("link", { name: "Review", exact: true }).click();
    await home.getByTestId("offline-status").getByText("9 grades saved on this device").waitFor();
    await waitForDone(home, 9);
    await home.close();

    await device.setOffline(false);
    await page.getByText(/9 grades saved on this device are now synced/).waitFor({ timeout: 30_000 });
    expect(await reviews()).toBe(9);
    await page.getByTestId("offline-status").waitFor({ state: "detached" });
    const byCard = await expectOnlineStates();
    expect([...byCard.values()].flat().map((l) => l.id).length).toBe(9);
    await page.close();
  });

  it("merges a card another device graded online meanwhile, by review time, with nothing lost or counted twice", async () => {
    const before = await reviews();
    const start = new Date();
    const page = await openReviewReady(device);
    await device.setOffline(true);
    const first = await gradeByKeyboard(page, "3");

    // Another device (online) grades the same card after the phone did, offline.
    const laptop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await signInBrowser(laptop, app.url, EMAIL);
    const other = await laptop.newPage();
    await other.goto(app.url + "/review");
    await reviewReady(other);
    expect(await other.getByRole("region", { name: "Question" }).innerText()).toBe(first);
    await gradeByKeyboard(other, "1");
    expect(await reviews()).toBe(before + 1);
    await laptop.close();

    for (let i = 1; i < 10; i++) {
      if (i === 4) await reloadOffline(page, await doneToday(page));
      await gradeByKeyboard(page, "3");
    }
    await page.keyboard.press("u");
    await page.getByTestId("offline-status").getByText("9 grades saved on this device").waitFor();
    await device.setOffline(false);
    await page.getByText(/9 grades saved on this device are now synced/).waitFor({ timeout: 30_000 });
    expect(await reviews()).toBe(before + 10);
    const byCard = await expectOnlineStates();
    const shared = [...byCard.values()].map((answers) => answers.filter((a) => a.review >= start)).find((answers) => answers.some((a) => a.rating === 1));
    expect(shared).toBeDefined();
    // the phone's Good came first, the laptop's Again after it, whatever order they reached the server in
    expect(shared!.map((a) => a.rating).slice(0, 2)).toEqual([3, 1]);
    await page.close();
  });
});
