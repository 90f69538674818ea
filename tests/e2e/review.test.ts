import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { startApp, type AppServer } from "../helpers/app-server";
import { launchBrowser, reviewReady, screenshotPath } from "../helpers/browser";

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

const PASSWORD = "correct horse battery";

async function newContext(width = 1200, colorScheme: "light" | "dark" = "light", from?: BrowserContext): Promise<BrowserContext> {
  const storageState = from ? await from.storageState() : undefined;
  return browser.newContext({ viewport: { width, height: 900 }, colorScheme, storageState });
}

const doneToday = (page: Page) => page.getByTestId("done-today").textContent();
const question = (page: Page) => page.getByRole("region", { name: "Question" }).innerText();
const gradeGroup = (page: Page) => page.getByRole("group", { name: "Grade your answer" });

async function waitForDone(page: Page, n: number) {
  await page.waitForFunction((n) => document.querySelector("[data-testid=done-today]")?.textContent === String(n), n);
}

/**
 * Hold Turbopack's runtime (no module of the page runs without it), so the server-rendered page
 * can be looked at and used before hydration; the page's other scripts only register modules.
 * Use a context of its own: a service worker of an earlier visit would answer for the scripts.
 */
async function holdScripts(page: Page): Promise<{ held: Promise<void>; release: () => Promise<void> }> {
  const routes: Route[] = [];
  let heldOne: () => void = () => {};
  const held = new Promise<void>((resolve) => (heldOne = resolve));
  await page.route(/\/_next\/static\/chunks\/turbopack-[^/]*\.js$/, (route) => {
    routes.push(route);
    heldOne();
  });
  // Continued, not unrouted: unrouting first leaves them "already handled".
  return { held, release: async () => void (await Promise.all(routes.map((route) => route.continue()))) };
}

/** Nothing sticks out sideways on a phone. */
async function expectNoOverflow(page: Page, width: number) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

describe("the daily review loop", () => {
  let learner: BrowserContext;

  it("registers and lands on the learner home", async () => {
    learner = await newContext();
    const page = await learner.newPage();
    await page.goto(app.url + "/");
    await page.getByRole("link", { name: "Create account" }).click();
    await page.waitForURL(/\/register/);
    await page.getByLabel("Name").fill("Ada");
    await page.getByLabel("E-mail").fill("ada@example.com");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Today" }).waitFor();
    expect(await page.getByRole("link", { name: "Ada" }).isVisible()).toBe(true);
    expect(await page.getByRole("link", { name: /^Review \(\d+\)$/ }).isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath("review-home"), fullPage: true });
    await page.close();
  });

  it("reviews ten cards with the keyboard, undoes one, reloads and goes on", async () => {
    const page = await learner.newPage();
    await page.goto(app.url + "/");
    await page.getByRole("link", { name: /^Review \(\d+\)$/ }).click();
    await page.waitForURL(/\/review$/);
    await page.getByRole("region", { name: "Question" }).waitFor();
    await reviewReady(page);
    expect(await doneToday(page)).toBe("0");
    await page.screenshot({ path: screenshotPath("review-question") });

    let last = "";
    for (let i = 0; i < 10; i++) {
      last = await question(page);
      expect(await gradeGroup(page).count()).toBe(0); // digits do nothing before the answer is shown
      await page.keyboard.press("Space");
      await gradeGroup(page).waitFor();
      if (i === 0) await page.screenshot({ path: screenshotPath("review-answer") });
      await page.keyboard.press(i % 4 === 1 ? "1" : "3"); // a few Agains among the Goods
      await waitForDone(page, i + 1);
    }
    const remainingAfterTen = await page.getByTestId("remaining").getAttribute("aria-label");

    // u brings the tenth card back, from its question, and the count goes down
    await page.keyboard.press("u");
    await waitForDone(page, 9);
    await page.getByText(/Undid “(Good|Again)”/).waitFor();
    await page.screenshot({ path: screenshotPath("review-undo-toast") });
    expect(await question(page)).toBe(last);
    expect(await gradeGroup(page).count()).toBe(0);
    expect(await page.getByTestId("remaining").getAttribute("aria-label")).not.toBe(remainingAfterTen);

    // reload with the answer shown but not graded: same card, same count
    await page.keyboard.press("Space");
    await gradeGroup(page).waitFor();
    await page.reload();
    await page.getByRole("region", { name: "Question" }).waitFor();
    await reviewReady(page);
    expect(await doneToday(page)).toBe("9");
    expect(await question(page)).toBe(last);

    await page.keyboard.press("Enter");
    await gradeGroup(page).waitFor();
    await page.keyboard.press("3");
    await waitForDone(page, 10);
    expect(await question(page)).not.toBe(last);

    // a double press records one grade
    await page.keyboard.press("Space");
    await gradeGroup(page).waitFor();
    await page.keyboard.press("3");
    await page.keyboard.press("4");
    await waitForDone(page, 11);
    await page.waitForTimeout(500);
    expect(await doneToday(page)).toBe("11");
    const logs = await app.db.reviewLog.count();
    expect(logs).toBe(11);
    await page.close();
  });

  it("retries a lost grade with the same id, and moves on when another tab answered first", async () => {
    const page = await learner.newPage();
    await page.goto(app.url + "/review");
    await page.getByRole("region", { name: "Question" }).waitFor();
    await reviewReady(page);
    const done = Number(await doneToday(page));
    const logs = await app.db.reviewLog.count();
    const sent: string[] = [];
    await page.route("**/api/review/grade", async (route) => {
      sent.push(route.request().postDataJSON().reviewId);
      if (sent.length === 1) await route.abort("failed");
      else await route.continue();
    });
    await page.keyboard.press("Space");
    await gradeGroup(page).waitFor();
    await page.keyboard.press("3");
    await waitForDone(page, done + 1);
    expect(sent.length).toBe(2);
    expect(sent[1]).toBe(sent[0]);
    expect(await app.db.reviewLog.count()).toBe(logs + 1);
    await page.unroute("**/api/review/grade");

    // two tabs on the same card: the second grade is refused as stale and the tab goes on
    const other = await learner.newPage();
    await other.goto(app.url + "/review");
    await other.getByRole("region", { name: "Question" }).waitFor();
    await reviewReady(other);
    const shown = await question(page);
    expect(await question(other)).toBe(shown);
    await other.keyboard.press("Space");
    await gradeGroup(other).waitFor();
    await other.keyboard.press("3");
    await waitForDone(other, done + 2);
    await page.keyboard.press("Space");
    await gradeGroup(page).waitFor();
    await page.keyboard.press("1");
    await page.getByText("That card was already answered elsewhere — moving on.").waitFor();
    await waitForDone(page, done + 2);
    expect(await question(page)).not.toBe(shown);
    expect(await app.db.reviewLog.count()).toBe(logs + 2);
    await other.close();
    await page.close();
  });

  it("keeps digits typed into an open card's answer box out of grading", async () => {
    const page = await learner.newPage();
    await page.goto(app.url + "/");
    await page.getByRole("link", { name: "Review Study questions and sentence starters" }).click();
    await page.waitForURL(/\/review\?deck=/);
    const box = page.getByLabel("Type your answer (optional)");
    await box.waitFor();
    await reviewReady(page);
    const before = await doneToday(page);
    await box.focus();
    await page.keyboard.type("1 2 3 4 u b s: softmax turns scores into weights");
    expect(await box.inputValue()).toBe("1 2 3 4 u b s: softmax turns scores into weights");
    expect(await gradeGroup(page).count()).toBe(0);
    expect(await doneToday(page)).toBe(before);

    // the draft survives a reload
    await page.reload();
    await box.waitFor();
    await reviewReady(page);
    expect(await box.inputValue()).toBe("1 2 3 4 u b s: softmax turns scores into weights");

    await box.focus();
    await page.keyboard.press("Control+Enter");
    await gradeGroup(page).waitFor();
    await page.getByText("No reference answer — grade yourself.").waitFor();
    expect(await page.getByRole("region", { name: "Answer" }).innerText()).toContain("softmax turns scores into weights");
    await page.screenshot({ path: screenshotPath("review-open-card") });
    await page.keyboard.press("2");
    await waitForDone(page, Number(before) + 1);
    await page.close();
  });

  it("buries with b and says when to come back once a deck is done", async () => {
    const deck = await app.db.deck.findUniqueOrThrow({ where: { path: "Transformers / Practice Problems / Architecture Analysis" } });
    const page = await learner.newPage();
    await page.goto(`${app.url}/review?deck=${deck.id}`);
    await page.getByRole("region", { name: "Question" }).waitFor();
    await reviewReady(page);
    await page.keyboard.press("b");
    await page.getByText("Card buried until tomorrow.").waitFor();
    for (let i = 0; i < 6 && (await page.getByRole("heading", { name: "All done for now" }).count()) === 0; i++) {
      const done = Number(await doneToday(page));
      await page.keyboard.press("Space");
      await gradeGroup(page).waitFor();
      await page.keyboard.press("3");
      await waitForDone(page, done + 1);
    }
    await page.getByRole("heading", { name: "All done for now" }).waitFor();
    await page.getByText(/comes back in \d+ minutes?/).waitFor();
    await page.screenshot({ path: screenshotPath("review-all-done") });
    await page.close();
  });

  it("fits a phone, in light and dark", async () => {
    for (const scheme of ["light", "dark"] as const) {
      const ctx = await newContext(375, scheme, learner);
      const page = await ctx.newPage();
      await page.goto(app.url + "/review");
      await page.getByRole("region", { name: "Question" }).waitFor();
      await reviewReady(page);
      await expectNoOverflow(page, 375);
      await page.screenshot({ path: screenshotPath(`review-question-375-${scheme}`) });
      await page.getByRole("button", { name: "Show answer" }).click();
      await gradeGroup(page).waitFor();
      await expectNoOverflow(page, 375);
      // four grade buttons side by side, each a comfortable tap target
      const boxes = await Promise.all(["Again", "Hard", "Good", "Easy"].map((g) => page.getByRole("button", { name: new RegExp(`^${g}`) }).boundingBox()));
      expect(new Set(boxes.map((b) => Math.round(b!.y))).size).toBe(1);
      for (const b of boxes) expect(b!.height).toBeGreaterThanOrEqual(44);
      await page.screenshot({ path: screenshotPath(`review-answer-375-${scheme}`) });
      await page.goto(app.url + "/");
      await expectNoOverflow(page, 375);
      await page.screenshot({ path: screenshotPath(`review-home-375-${scheme}`), fullPage: true });
      await ctx.close();
    }
    const dark = await newContext(1200, "dark", learner);
    const page = await dark.newPage();
    await page.goto(app.url + "/review");
    await page.getByRole("region", { name: "Question" }).waitFor();
    await reviewReady(page);
    await page.keyboard.press("Space");
    await gradeGroup(page).waitFor();
    await page.screenshot({ path: screenshotPath("review-answer-dark") });
    await dark.close();
  });

  it("shows the first card before its scripts run, and says when its keys work", async () => {
    // A context of its own: no service worker of an earlier visit answers for the scripts.
    const ctx = await newContext(1200, "light", learner);
    const page = await ctx.newPage();
    const scripts = await holdScripts(page);
    await page.goto(app.url + "/review", { waitUntil: "commit" });
    await page.getByRole("region", { name: "Question" }).waitFor();
    await scripts.held;
    expect(await page.locator("[data-keys-ready]").count()).toBe(0);
    await page.keyboard.press("Space"); // nothing listens yet
    expect(await gradeGroup(page).count()).toBe(0);
    await scripts.release();
    await reviewReady(page);
    await page.keyboard.press("Space");
    await gradeGroup(page).waitFor();
    await ctx.close();
  });

  it("keeps an answer typed into the box before the page's scripts ran", async () => {
    const ctx = await newContext(1200, "light", learner);
    const page = await ctx.newPage();
    const scripts = await holdScripts(page);
    const deck = await app.db.deck.findUniqueOrThrow({ where: { path: "Study questions and sentence starters" } });
    await page.goto(`${app.url}/review?deck=${encodeURIComponent(deck.id)}`, { waitUntil: "commit" });
    const box = page.getByLabel("Type your answer (optional)");
    await box.waitFor();
    await scripts.held;
    await box.fill("queries meet keys");
    await scripts.release();
    await reviewReady(page);
    expect(await box.inputValue()).toBe("queries meet keys");
    await box.focus();
    await page.keyboard.press("Control+Enter");
    await gradeGroup(page).waitFor();
    expect(await page.getByRole("region", { name: "Answer" }).innerText()).toContain("queries meet keys");
    await ctx.close();
  });

  it("acts on the card on screen for a key pressed the moment it appears", async () => {
    const page = await learner.newPage();
    await page.goto(app.url + "/review");
    await reviewReady(page);
    const before = Number(await doneToday(page));
    await page.keyboard.press("Space");
    await gradeGroup(page).waitFor();
    const first = await question(page);
    // The instant the grade's answer is on screen (the count changes), press Space: the same
    // task as React's commit, before anything React defers. CI's card-browser test hit this
    // window: its keys went to the card just graded, and Space did nothing.
    await page.evaluate(() => {
      const count = document.querySelector("[data-testid=done-today]")!;
      const seen = count.textContent;
      const observer = new MutationObserver(() => {
        if (count.textContent === seen) return;
        observer.disconnect();
        document.body.dispatchEvent(new KeyboardEvent("keydown", { key: " ", bubbles: true, cancelable: true }));
      });
      observer.observe(count, { childList: true, characterData: true, subtree: true });
    });
    await page.keyboard.press("3");
    await waitForDone(page, before + 1);
    await gradeGroup(page).waitFor({ timeout: 5_000 });
    expect(await question(page)).not.toBe(first);
    await page.close();
  });

  it("explains desired retention live and saves settings", async () => {
    const page = await learner.newPage();
    await page.goto(app.url + "/settings");
    const retention = page.getByLabel("Desired retention (%)");
    await retention.fill("95");
    await page.getByText(/At 95% you will do about [\d.]+× the reviews of 90%/).waitFor();
    await page.getByLabel("New cards per day").fill("7");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Settings saved.").waitFor();
    const user = await app.db.user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    expect(JSON.parse(user.settings)).toMatchObject({ desiredRetention: 0.95, newPerDay: 7 });
    await page.getByLabel("Learning steps", { exact: true }).fill("1m banana");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText(/"banana" is not a step/).waitFor();
    expect(await page.getByLabel("Learning steps", { exact: true }).inputValue()).toBe("1m banana"); // what was typed stays
    await page.screenshot({ path: screenshotPath("settings"), fullPage: true });

    // a deck override: blank fields inherit, the learner's values show as placeholders
    const deck = await app.db.deck.findUniqueOrThrow({ where: { path: "Transformers" } });
    await page.getByLabel("Deck", { exact: true }).selectOption(deck.id);
    const form = page.getByRole("form", { name: "Deck override" });
    expect(await form.getByLabel("New cards per day").getAttribute("placeholder")).toBe("7");
    await form.getByLabel("New cards per day").fill("3");
    await form.getByRole("button", { name: "Save deck override" }).click();
    await page.getByText("Deck override saved.").waitFor();
    const override = await app.db.deckSettings.findUniqueOrThrow({ where: { userId_deckId: { userId: user.id, deckId: deck.id } } });
    expect(JSON.parse(override.settings)).toEqual({ newPerDay: 3 });
    await page.screenshot({ path: screenshotPath("settings-deck-override"), fullPage: true });
    await page.close();
    const phone = await newContext(375, "dark", learner);
    const small = await phone.newPage();
    await small.goto(app.url + "/settings");
    await expectNoOverflow(small, 375);
    await small.screenshot({ path: screenshotPath("settings-375-dark"), fullPage: true });
    await phone.close();
  });

  it("lists leeches and unsuspends one", async () => {
    const user = await app.db.user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    const state = await app.db.cardState.findFirstOrThrow({ where: { userId: user.id } });
    await app.db.cardState.update({ where: { userId_cardId: { userId: user.id, cardId: state.cardId } }, data: { leech: true, suspended: true, lapses: 8 } });
    const page = await learner.newPage();
    await page.goto(app.url + "/leeches");
    await page.getByText("8 lapses").waitFor();
    expect(await page.getByText("suspended", { exact: true }).count()).toBe(1);
    await page.screenshot({ path: screenshotPath("leeches") });
    await page.getByRole("button", { name: /^Unsuspend/ }).click();
    await page.getByText("in your queue").waitFor();
    const after = await app.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: user.id, cardId: state.cardId } } });
    expect(after.suspended).toBe(false);
    await page.close();
  });
});

describe("signing in", () => {
  it("says when the password is wrong, then rate-limits", async () => {
    const res = await fetch(app.url + "/api/account/register", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "bob@example.com", name: "Bob", password: PASSWORD }),
    });
    expect(res.status).toBe(201);
    const ctx = await newContext(375);
    const page = await ctx.newPage();
    await page.goto(app.url + "/review");
    await page.waitForURL(/\/login\?callbackUrl=%2Freview/);

    const attempt = async (password: string) => {
      await page.getByLabel("E-mail").fill("bob@example.com");
      await page.getByLabel("Password").fill(password);
      await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials")),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
      await page.getByRole("button", { name: "Sign in" }).and(page.locator(":enabled")).waitFor();
    };
    await attempt("wrong password 1");
    await page.getByText("Wrong e-mail or password.").waitFor();
    await page.screenshot({ path: screenshotPath("login-wrong-375") });
    for (let i = 2; i <= 6; i++) await attempt(`wrong password ${i}`);
    // Issue 13's policy: after 5 failures the wait starts at 30 s and doubles (lib/auth/throttle-policy.ts).
    await page.getByText(/Too many attempts, try again in \d+ seconds\./).waitFor();
    // the limit holds even for the right password
    await attempt(PASSWORD);
    await page.getByText(/Too many attempts, try again in \d+ seconds\./).waitFor();
    expect(page.url()).toContain("/login");
    await ctx.close();
  });

  it("signs in and returns to the page that asked", async () => {
    await fetch(app.url + "/api/account/register", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "cy@example.com", name: "Cy", password: PASSWORD }),
    });
    const ctx = await newContext();
    const page = await ctx.newPage();
    await page.goto(app.url + "/settings");
    await page.waitForURL(/\/login/);
    await page.getByLabel("E-mail").fill("cy@example.com");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/settings$/);
    await page.getByRole("heading", { name: "Study settings" }).waitFor();
    await page.goto(app.url + "/account");
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(app.url + "/");
    await page.getByRole("link", { name: "Sign in" }).first().waitFor();
    await ctx.close();
  });

  it("changes the password: a mistyped current one is refused and kept out, then the new one signs in", async () => {
    await fetch(app.url + "/api/account/register", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "di@example.com", name: "Di", password: PASSWORD }),
    });
    const ctx = await newContext(375);
    const page = await ctx.newPage();
    await page.goto(app.url + "/account");
    await page.waitForURL(/\/login/);
    await page.getByLabel("E-mail").fill("di@example.com");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/account$/);

    const NEW = "a brand new passphrase";
    const change = async (current: string) => {
      await page.getByLabel("Current password").fill(current);
      await page.getByLabel("New password", { exact: true }).fill(NEW);
      await page.getByLabel("New password again").fill(NEW);
      await page.getByRole("button", { name: "Change password" }).click();
    };
    await change("not my password");
    await expect.poll(() => page.getByLabel("Current password").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("New password", { exact: true }).inputValue()).toBe(NEW); // the form keeps what was typed
    await change(PASSWORD);
    await page.getByRole("status").getByText("Password changed.").waitFor();
    await page.screenshot({ path: screenshotPath("account-password-changed-375") });
    await ctx.close();

    const signIn = async (password: string) => {
      const c = await newContext();
      const p = await c.newPage();
      await p.goto(app.url + "/login");
      await p.getByLabel("E-mail").fill("di@example.com");
      await p.getByLabel("Password").fill(password);
      await p.keyboard.press("Enter");
      await p.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 5000 }).catch(() => undefined);
      const ok = !new URL(p.url()).pathname.startsWith("/login");
      await c.close();
      return ok;
    };
    expect(await signIn(NEW)).toBe(true);
    expect(await signIn(PASSWORD)).toBe(false);
  });
});
