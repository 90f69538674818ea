import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startApp, type AppServer } from "../helpers/app-server";
import { launchBrowser, screenshotPath } from "../helpers/browser";
import { signInBrowser, signUp, type HttpClient } from "../helpers/auth";
import { getAttempt, gradePart, startAttempt, submitAttempt } from "@/lib/db/exams";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TEST_FILE = "tests/building-a-gpt-from-scratch.md";

/**
 * A copy of content/ whose seed test has a two-minute limit in its front matter (as an author would
 * write it), and a related-card link with a typo in question 12.
 */
function contentWithTwoMinuteTest(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-exam-content-"));
  fs.cpSync(path.join(ROOT, "content"), dir, { recursive: true });
  const file = path.join(dir, TEST_FILE);
  fs.writeFileSync(file, "---\ntime_limit_minutes: 2\n---\n" + fs.readFileSync(file, "utf8").replace("Why this offset?", "Why this offset? <!-- related: autoregresive -->"));
  return dir;
}

let app: AppServer;
let browser: Browser;
let content: string;
let ada: HttpClient;
let eve: HttpClient;

beforeAll(async () => {
  content = contentWithTwoMinuteTest();
  app = await startApp({ content });
  browser = await launchBrowser();
  await signUp(app.url, { email: "author@example.com" }); // the first account is the author; learners follow
  ada = await signUp(app.url, { email: "ada@example.com", name: "Ada" });
  eve = await signUp(app.url, { email: "eve@example.com", name: "Eve" });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (content) fs.rmSync(content, { recursive: true, force: true });
});

async function newContext(width: number, colorScheme: "light" | "dark" = "light", email = "ada@example.com"): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  await signInBrowser(context, app.url, email);
  return context;
}

async function expectNoOverflow(page: Page, width: number) {
  await page.waitForLoadState("networkidle");
  const widest = await page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((e) => !e.closest("svg, .katex-mathml"))
      .map((e) => `${e.tagName}.${String(e.className).slice(0, 40)} "${(e.textContent ?? "").slice(0, 40)}" right=${Math.round(e.getBoundingClientRect().right)}`)
      .filter((d) => Number(d.split("right=")[1]) > window.innerWidth)
      .slice(0, 5),
  );
  expect(await page.evaluate(() => document.documentElement.scrollWidth), widest.join("\n")).toBeLessThanOrEqual(width);
}

const answerRows = (attemptId: string) => app.db.attemptAnswer.findMany({ where: { attemptId }, orderBy: { key: "asc" } });
async function waitSaved(page: Page, attemptId: string, keys: string[]) {
  const deadline = Date.now() + 15_000;
  while ((await answerRows(attemptId)).filter((r) => keys.includes(r.key)).length < keys.length) {
    if (Date.now() > deadline) throw new Error(`answers ${keys} not saved`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await page.waitForSelector("[data-testid=save-status][data-status=saved]", { timeout: 15_000 });
}

describe("a timed attempt at the seed test (two-minute limit)", () => {
  let desktop: BrowserContext;
  let page: Page;
  let attemptId: string;
  let unattendedId: string;

  it("shows the time limit before starting, and starts with a server deadline", async () => {
    // an attempt nobody opens: the server's sweep must submit it on its own
    const res = await ada.json("/api/exams/start", { slug: (await app.db.test.findFirstOrThrow()).slug });
    expect(res.status).toBe(201);
    unattendedId = ((await res.json()) as { id: string }).id;

    desktop = await newContext(1280);
    page = await desktop.newPage();
    await page.goto(app.url + "/");
    await page.getByRole("link", { name: "Tests", exact: true }).click();
    await page.waitForURL(/\/tests$/);
    expect(await page.getByText("time limit 2 minutes").isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath("exams-list-1280"), fullPage: true });
    await page.getByRole("link", { name: /Building a GPT from Scratch/ }).first().click();
    await page.waitForURL(/\/tests\/[^/]+$/);
    expect(await page.getByTestId("time-limit").innerText()).toBe("2 minutes");
    await page.screenshot({ path: screenshotPath("exams-start-1280") });
    const started = Date.now();
    await page.getByRole("button", { name: /Start the test/ }).click();
    await page.waitForURL(/\/attempts\/[^/]+$/);
    attemptId = page.url().split("/").pop()!;
    const row = await app.db.testAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(row.deadline.getTime() - row.startedAt.getTime()).toBe(2 * 60_000);
    expect(Math.abs(row.startedAt.getTime() - started)).toBeLessThan(10_000);
    const countdown = await page.getByTestId("countdown").innerText();
    expect(countdown).toMatch(/^[12]:\d\d$/);
  });

  it("autosaves typed answers, and a reload brings them back", async () => {
    await page.getByLabel("Answer 1", { exact: true }).fill("Characters: a tiny vocabulary but long sequences; BPE is the opposite.");
    await page.getByLabel("Answer 6a", { exact: true }).fill("Because $e^{-\\infty} = 0$: the masked weight is exactly zero after softmax.");
    await page.getByLabel("Answer 6a", { exact: true }).blur();
    await waitSaved(page, attemptId, ["1", "6a"]);
    expect(await page.getByLabel("Preview of answer 6a").locator(".katex").count()).toBeGreaterThan(0);
    expect(await page.getByRole("link", { name: "Question 1, answered" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Question 6, not answered yet" }).count()).toBe(1); // 6b still empty
    await page.screenshot({ path: screenshotPath("exams-take-1280") });

    await page.reload();
    expect(await page.getByLabel("Answer 1", { exact: true }).inputValue()).toMatch(/^Characters: a tiny vocabulary/);
    expect(await page.getByLabel("Answer 6a", { exact: true }).inputValue()).toMatch(/e\^\{-\\infty\}/);
    const rows = await answerRows(attemptId);
    expect(rows.map((r) => r.key)).toEqual(["1", "6a"]);
  });

  it("keeps typing offline on this device and syncs when the connection returns", async () => {
    await desktop.setOffline(true);
    await page.getByLabel("Answer 6b", { exact: true }).fill("Generation only ever sees the past, so training must not peek at the future.");
    await page.waitForSelector("[data-testid=save-status][data-status=offline]", { timeout: 15_000 });
    await page.screenshot({ path: screenshotPath("exams-offline-1280") });
    expect((await answerRows(attemptId)).map((r) => r.key)).toEqual(["1", "6a"]);
    const local = await page.evaluate((id) => localStorage.getItem(`attend.attempt.${id}`), attemptId);
    expect(local).toContain("Generation only ever sees the past");

    await desktop.setOffline(false);
    await waitSaved(page, attemptId, ["1", "6a", "6b"]);
    const rows = await answerRows(attemptId);
    expect(rows.find((r) => r.key === "6b")?.text).toMatch(/^Generation only ever sees the past/);
    expect(await page.getByRole("link", { name: "Question 6, answered" }).count()).toBe(1);
  });

  it("resumes on a phone-sized screen with the same answers and clock", async () => {
    const phone = await newContext(375);
    const p = await phone.newPage();
    await p.goto(`${app.url}/attempts/${attemptId}`);
    expect(await p.getByLabel("Answer 6b", { exact: true }).inputValue()).toMatch(/^Generation only/);
    expect(await p.getByTestId("countdown").innerText()).toMatch(/^[01]:\d\d$/);
    await expectNoOverflow(p, 375);
    await p.screenshot({ path: screenshotPath("exams-take-375") });
    await phone.close();
  });

  it("another learner can neither see nor save into the attempt", async () => {
    const res = await eve.fetch(`/attempts/${attemptId}`);
    expect(res.status).toBe(404);
    const save = await eve.json("/api/exams/save", { attemptId, answers: [{ key: "1", text: "eve was here", seq: 999, clientTime: Date.now() }] });
    expect(save.status).toBe(404);
    expect((await answerRows(attemptId)).find((r) => r.key === "1")?.text).not.toMatch(/eve/);
  });

  it("submits by itself when the time runs out, then shows the review with related cards", async () => {
    await page.waitForURL(/\/attempts\/[^/]+\/review$/, { timeout: 150_000 });
    const row = await app.db.testAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(row.submitReason).toBe("deadline");
    expect(row.submittedAt!.getTime()).toBeGreaterThanOrEqual(row.deadline.getTime());

    // late saves (past deadline + grace) are refused with a clear message
    await new Promise((r) => setTimeout(r, Math.max(0, row.deadline.getTime() + 10_500 - Date.now())));
    const late = await ada.json("/api/exams/save", { attemptId, answers: [{ key: "2", text: "too late", seq: 9999, clientTime: Date.now() }] });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: "closed", error: expect.stringMatching(/Time is up/) });

    const q6 = page.getByRole("complementary", { name: "Related cards for question 6" });
    expect(await q6.getByTestId("related-card").count()).toBe(5);
    expect((await q6.innerText()).toLowerCase()).toContain("what is causal masking");
    expect(await q6.getByRole("link", { name: "Open card" }).first().getAttribute("href")).toMatch(/^\/cards\//);
    expect(await page.getByTestId("answer-6b").innerText()).toMatch(/^Generation only/);
    // answers render like the preview: the typed $e^{-\infty} = 0$ is math, not dollar signs
    expect(await page.getByTestId("answer-6a").locator(".katex").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("answer-6a").innerText()).not.toContain("$");
    await page.screenshot({ path: screenshotPath("exams-review-1280") });
  });

  it("grades parts, totals them, and sends weak answers' cards to review", async () => {
    // A click before the page has hydrated does nothing (the review page was just server-rendered):
    // click until the radio says it is checked, then the next.
    const choose = async (part: string, points: string) => {
      const radio = page.getByRole("radiogroup", { name: `Points for ${part}`, exact: true }).getByRole("radio", { name: points });
      for (let attempt = 0; (await radio.getAttribute("aria-checked")) !== "true"; attempt++) {
        if (attempt === 20) throw new Error(`Points for ${part}: ${points} never became checked`);
        await radio.click();
        await page.waitForFunction((el) => el?.getAttribute("aria-checked") === "true", await radio.elementHandle(), { timeout: 1000 }).catch(() => undefined);
      }
    };
    await choose("1", "2");
    await choose("6a", "1");
    await choose("6b", "0");
    await page.waitForFunction(() => document.querySelector("[data-testid=score]")?.textContent?.includes("3 of"));
    expect(await page.getByTestId("score").innerText()).toMatch(/^Score 3 \/ \d+/);
    const user = await app.db.user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    await page.getByRole("button", { name: "Review weak answers now…" }).click();
    // first the cards it would queue, and nothing queued yet
    const listed = page.getByTestId("queue-preview").getByRole("listitem");
    await listed.first().waitFor();
    const n = await listed.count();
    expect(n).toBeGreaterThanOrEqual(2);
    expect((await page.getByTestId("queue-preview").innerText()).toLowerCase()).toContain("what is causal masking");
    expect(await page.getByRole("region", { name: "Cards to queue" }).innerText()).toContain(`${n} cards from 2 weak answers will be due now`);
    expect(await app.db.cardState.count({ where: { userId: user.id } })).toBe(0);
    await page.screenshot({ path: screenshotPath("exams-queue-preview-1280") });
    await page.getByRole("button", { name: `Queue ${n} cards` }).click();
    await page.getByText(`${n} related cards from 2 weak answers are due now.`).waitFor();
    expect(await app.db.cardState.count({ where: { userId: user.id, due: { lte: new Date() } } })).toBe(n);
    await page.screenshot({ path: screenshotPath("exams-graded-1280") });

    const dark = await newContext(1280, "dark");
    const d = await dark.newPage();
    await d.goto(`${app.url}/attempts/${attemptId}/review`);
    expect(await d.getByTestId("answer-6a").locator(".katex").count()).toBeGreaterThan(0);
    await d.screenshot({ path: screenshotPath("exams-review-1280-dark") });
    await dark.close();

    const phone = await newContext(375);
    const p = await phone.newPage();
    await p.goto(`${app.url}/attempts/${attemptId}/review`);
    await expectNoOverflow(p, 375);
    await p.screenshot({ path: screenshotPath("exams-review-375") });
    await p.goto(`${app.url}/tests`);
    await expectNoOverflow(p, 375);
    await p.screenshot({ path: screenshotPath("exams-list-375"), fullPage: true });
    await phone.close();

    const phoneDark = await newContext(375, "dark");
    const pd = await phoneDark.newPage();
    await pd.goto(`${app.url}/attempts/${attemptId}/review`);
    await pd.getByRole("button", { name: "Review weak answers now…" }).click();
    await pd.getByTestId("queue-preview").getByRole("listitem").first().waitFor();
    await expectNoOverflow(pd, 375);
    await pd.screenshot({ path: screenshotPath("exams-queue-preview-375-dark") });
    await phoneDark.close();
  });

  it("the server submitted the attempt nobody had open", async () => {
    const deadline = Date.now() + 30_000;
    let row = await app.db.testAttempt.findUniqueOrThrow({ where: { id: unattendedId } });
    while (!row.submittedAt && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      row = await app.db.testAttempt.findUniqueOrThrow({ where: { id: unattendedId } });
    }
    expect(row.submitReason).toBe("deadline");
    await desktop.close();
  });
});

describe("item analysis for authors", () => {
  /** Five more learners take the test and grade every part (through the app's own functions on its database). */
  beforeAll(async () => {
    const slug = (await app.db.test.findFirstOrThrow()).slug;
    const learners: string[] = [];
    for (const [i, name] of ["Bea", "Cy", "Dee", "Eli", "Flo"].entries()) {
      await signUp(app.url, { email: `${name.toLowerCase()}@example.com`, name });
      const user = await app.db.user.findUniqueOrThrow({ where: { email: `${name.toLowerCase()}@example.com` } });
      learners.push(user.id);
      const { id } = await startAttempt(app.db, user.id, { slug }, new Date());
      await submitAttempt(app.db, user.id, id, new Date());
      const a = (await getAttempt(app.db, user.id, id, new Date()))!;
      // learner i scores 2 on the first i questions' parts, 0 after: question 1 is easy, the last ones hard
      for (const q of a.questions) for (const p of q.parts) await gradePart(app.db, user.id, id, p.key, q.number <= 4 * (i + 1) ? 2 : 0, new Date());
    }
    const card = await app.db.card.findFirstOrThrow({ where: { question: "What is causal masking?" } });
    await app.db.reviewLog.createMany({
      data: learners.flatMap((userId, i) =>
        [3, 1].map((rating, n) => ({
          id: `${userId}-${n}`, userId, cardId: card.id, rating, state: 2, due: new Date(), previousDue: new Date(), stability: 1, difficulty: 5,
          elapsedDays: 1, lastElapsedDays: 1, scheduledDays: 1, learningSteps: 0, review: new Date(Date.now() - (i + n) * 60_000), durationMs: 4000, kind: "review",
        })),
      ),
    });
  }, 60_000);

  it("shows per-question and per-card figures over five learners, naming nobody", async () => {
    for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [375, "light"], [375, "dark"]] as const) {
      const ctx = await newContext(width, scheme, "author@example.com");
      const page = await ctx.newPage();
      await page.goto(`${app.url}/author/analysis`);
      const rows = page.getByTestId("question-stats").getByRole("row");
      expect(await rows.count()).toBe(21); // header + 20 questions
      const q1 = await rows.nth(1).innerText();
      expect(q1).toMatch(/^1\. Tokenization\s+5\s+2\.00 \/ 2\s+100%/);
      const q20 = await rows.nth(20).innerText();
      expect(q20).toMatch(/^20\. The Mechanical Sympathy Question\s+5\s+0\.40 \/ 2\s+20%/);
      expect(await page.getByTestId("broken-links").innerText()).toMatch(/Question 12 links <!-- related: autoregresive -->, but no card has that id/);
      const cards = page.getByRole("table", { name: "Hardest cards" });
      expect(await cards.innerText()).toContain("What is causal masking?");
      const text = await page.locator("main").innerText();
      for (const name of ["Bea", "Cy", "Dee", "Eli", "Flo", "Ada", "example.com"]) expect(text).not.toContain(name);
      await expectNoOverflow(page, width);
      await page.screenshot({ path: screenshotPath(`author-analysis-${width}-${scheme}`), fullPage: width === 375 });
      await ctx.close();
    }
  });

  it("is for authors only", async () => {
    const ctx = await newContext(1280);
    const page = await ctx.newPage();
    await page.goto(`${app.url}/author/analysis`);
    expect(new URL(page.url()).pathname).toBe("/");
    await ctx.close();
  });
});
