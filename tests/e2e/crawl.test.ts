import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startApp, type AppServer } from "../helpers/app-server";
import { launchBrowser, screenshotPath } from "../helpers/browser";
import { signInBrowser, signUp } from "../helpers/auth";
import { recentHistoryEnd, seedHistory } from "../helpers/stats";
import { getAttempt, gradePart, startAttempt, submitAttempt } from "@/lib/db/exams";

/**
 * Issue 17: every page, as a visitor, a learner and an author, at 375, 768, 1024 and 1280 px in
 * light and dark. One shared app server and browser; one page load per (page, width, theme), and
 * axe-core plus a keyboard walk once per (page, theme). Each load: no horizontal overflow, no
 * console error, a full-page screenshot in test-results/screenshots/crawl/ for a person to look at.
 * Then the single checks: icons, titles, math scrolling, list nesting, remote images, the error
 * page, reduced motion and the review screen's announcements.
 */

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const WIDTHS = [375, 768, 1024, 1280] as const;
const THEMES = ["light", "dark"] as const;
const PASSWORD = "correct horse battery staple";
const ROOT = path.resolve(import.meta.dirname, "../..");
/** A card of its own with an image from another host, beside a copy of the seed content. */
const REMOTE_CARD = `---
deck: Remote
---
Q: What does the figure show?
A: A diagram, hosted elsewhere:

![The diagram](https://images.example.org/diagram.png)
`;
type Role = "visitor" | "learner" | "author";

interface Target {
  name: string;
  path: () => string;
  /** The page answers 404 on purpose (its own document load is the one allowed console error). */
  notFound?: boolean;
  /** Wait for client-drawn content before measuring. */
  ready?: (page: Page) => Promise<unknown>;
}

let app: AppServer;
let browser: Browser;
let content: string;
/** Where the crawl's time goes (printed at the end), to keep it cheap enough for every CI run. */
const timing: Record<string, number> = {};
async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await work();
  } finally {
    timing[what] = (timing[what] ?? 0) + performance.now() - t;
  }
}
const ids: Record<string, string> = {};
const states: Partial<Record<Role, Awaited<ReturnType<import("playwright-core").BrowserContext["storageState"]>>>> = {};

const cardId = (name: string) => () => `/cards/${ids[name]}`;
const PAGES: Record<Role, Target[]> = {
  visitor: [
    { name: "home", path: () => "/" },
    { name: "cards", path: () => "/cards" },
    { name: "card-nested-list", path: cardId("transformer") },
    { name: "card-math", path: cardId("mcc") },
    { name: "card-display-math", path: cardId("projection") },
    { name: "card-remote-image", path: cardId("remote") },
    { name: "login", path: () => "/login" },
    { name: "register", path: () => "/register" },
    { name: "not-found", path: () => "/no-such-page", notFound: true },
    { name: "card-not-found", path: () => "/cards/no-such-card", notFound: true },
  ],
  learner: [
    { name: "home", path: () => "/" },
    { name: "review", path: () => "/review", ready: (p) => p.locator("[data-testid=done-today], [role=status]").first().waitFor() },
    { name: "cards", path: () => "/cards?deck=" + ids.deck },
    { name: "card", path: cardId("transformer") },
    { name: "tests", path: () => "/tests" },
    { name: "test", path: () => `/tests/${ids.slug}` },
    { name: "attempt", path: () => `/attempts/${ids.running}` },
    { name: "attempt-review", path: () => `/attempts/${ids.submitted}/review` },
    { name: "stats", path: () => "/stats", ready: (p) => p.locator("[data-testid=workload] .recharts-line").first().waitFor() },
    { name: "settings", path: () => "/settings" },
    { name: "account", path: () => "/account" },
    { name: "leeches", path: () => "/leeches" },
  ],
  author: [
    { name: "home", path: () => "/" },
    { name: "author", path: () => "/author" },
    { name: "analysis", path: () => "/author/analysis" },
    { name: "card", path: cardId("mcc") },
  ],
};

beforeAll(async () => {
  content = fs.mkdtempSync(path.join(os.tmpdir(), "attend-crawl-content-"));
  fs.cpSync(path.join(ROOT, "content"), content, { recursive: true });
  fs.writeFileSync(path.join(content, "remote-image.md"), REMOTE_CARD);
  app = await startApp({ content });
  fs.rmSync(path.join(shotDir(), "problems.txt"), { force: true });
  browser = await launchBrowser();
  await signUp(app.url, { email: "author@example.com", name: "Author" }); // the first account is the author
  await signUp(app.url, { email: "ada@example.com", name: "Ada Lovelace" });
  const ada = await app.db.user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
  const cards = await app.db.card.findMany({ where: { retiredAt: null }, orderBy: { position: "asc" }, select: { id: true, question: true, answer: true, deckId: true } });
  const find = (re: RegExp) => cards.find((c) => re.test(c.question))!.id;
  ids.transformer = find(/^What is a Transformer\?$/);
  ids.mcc = find(/Matthews correlation coefficient/);
  ids.projection = find(/vector projection/);
  ids.remote = find(/What does the figure show/);
  ids.deck = cards.find((c) => c.id === ids.mcc)!.deckId;
  await seedHistory(app.db, ada.id, { cardIds: cards.map((c) => c.id), end: recentHistoryEnd(), days: 60, newPerDay: 8 });
  const state = await app.db.cardState.findFirstOrThrow({ where: { userId: ada.id } });
  await app.db.cardState.update({ where: { userId_cardId: { userId: ada.id, cardId: state.cardId } }, data: { leech: true, suspended: true, lapses: 8 } });
  ids.slug = (await app.db.test.findFirstOrThrow()).slug;
  ids.submitted = (await startAttempt(app.db, ada.id, { slug: ids.slug }, new Date())).id;
  await submitAttempt(app.db, ada.id, ids.submitted, new Date());
  const attempt = (await getAttempt(app.db, ada.id, ids.submitted, new Date()))!;
  for (const q of attempt.questions.slice(0, 3)) for (const p of q.parts) await gradePart(app.db, ada.id, ids.submitted, p.key, q.number % 2 ? p.maxPoints : 0, new Date());
  ids.running = (await startAttempt(app.db, ada.id, { slug: ids.slug }, new Date())).id;
  for (const [role, email] of [["learner", "ada@example.com"], ["author", "author@example.com"]] as const) {
    const context = await browser.newContext();
    await signInBrowser(context, app.url, email, PASSWORD);
    states[role] = await context.storageState();
    await context.close();
  }
});
afterAll(async () => {
  console.log("crawl time (s): " + Object.entries(timing).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(", "));
  await browser?.close();
  await app?.stop();
  if (content) fs.rmSync(content, { recursive: true, force: true });
});

/** Elements whose right edge passes the viewport (skipping the insides of scrollers, SVG and MathML). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const scrolls = (e: Element) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(e).overflowX);
    return [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .filter((e) => !e.closest(".katex-mathml, svg") && ![...ancestors(e)].some(scrolls))
      .slice(0, 5)
      .map((e) => `<${e.tagName.toLowerCase()} class="${String(e.getAttribute("class") ?? "").slice(0, 60)}"> "${(e.textContent ?? "").trim().slice(0, 50)}" right=${Math.round(e.getBoundingClientRect().right)}`);
    function* ancestors(e: Element) {
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) yield a;
    }
  });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core in the page: every rule, or (in the second theme, where only colours change) the colour rules. */
async function axeViolations(page: Page, colourOnly: boolean): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (colourOnly) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ["violations"], ...(colourOnly ? { runOnly: { type: "rule", values: ["color-contrast", "link-in-text-block"] } } : {}) });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  }, colourOnly);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
}

/** Tab through the first interactive elements; each must show a focus ring (outline or box-shadow). */
async function focusWithoutRing(page: Page, tabs = 12): Promise<string[]> {
  const missing: string[] = [];
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < tabs; i++) {
    await page.keyboard.press("Tab");
    const r = await page.evaluate(() => {
      const e = document.activeElement as HTMLElement | null;
      if (!e || e === document.body) return null;
      const s = getComputedStyle(e);
      const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || (s.boxShadow !== "none" && s.boxShadow !== "");
      return { ring, what: `<${e.tagName.toLowerCase()}> "${(e.textContent ?? e.getAttribute("aria-label") ?? "").trim().slice(0, 30)}"` };
    });
    if (!r) break;
    if (!r.ring) missing.push(r.what);
  }
  return missing;
}

const shotDir = () => {
  const dir = path.dirname(screenshotPath("crawl/x"));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};

async function crawl(role: Role, target: Target) {
  const problems: string[] = [];
  for (const theme of THEMES) {
    const context = await timed("context", () => browser.newContext({ viewport: { width: WIDTHS[0], height: 800 }, colorScheme: theme, storageState: states[role] }));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() !== "error") return;
      // The one expected error on a 404 page: the browser reporting the document's own status.
      if (target.notFound && m.location().url === app.url + target.path() && /404/.test(m.text())) return;
      errors.push(`${m.text()} (${m.location().url})`);
    });
    page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      const res = await timed("load", () => page.goto(app.url + target.path(), { waitUntil: "load" }));
      expect(res?.status(), `${role} ${target.name}`).toBe(target.notFound ? 404 : 200);
      await timed("ready", async () => {
        await target.ready?.(page);
        await page.evaluate(() => document.fonts.ready);
      });
      const where = `${role} ${target.name} ${width}px ${theme}`;
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scrollWidth > width) problems.push(`${where}: page is ${scrollWidth} px wide:\n    ${(await overflowing(page)).join("\n    ")}`);
      // The 375 and 1280 px shots always; 768 and 1024 too with CRAWL_SCREENSHOTS=all (full-page
      // shots are much of the crawl's time, and those widths' layout is checked above either way).
      if (width === 375 || width === 1280 || process.env.CRAWL_SCREENSHOTS === "all")
        await timed("screenshot", () => page.screenshot({ path: path.join(shotDir(), `${role}-${target.name}-${width}-${theme}.png`), fullPage: true }));
      if (width === 1280) {
        for (const v of await timed("axe", () => axeViolations(page, theme === "dark"))) problems.push(`${where}: axe ${v}`);
        if (theme === "light") for (const f of await timed("focus", () => focusWithoutRing(page))) problems.push(`${where}: no visible focus on ${f}`);
      }
    }
    for (const e of errors) problems.push(`${role} ${target.name} ${theme}: console error: ${e}`);
    await context.close();
  }
  if (problems.length) fs.appendFileSync(path.join(shotDir(), "problems.txt"), problems.join("\n") + "\n");
  expect(problems, problems.join("\n")).toEqual([]);
}

for (const role of ["visitor", "learner", "author"] as const) {
  describe(`every page as ${role === "visitor" ? "a visitor" : `the ${role}`}, at 375–1280 px, light and dark`, () => {
    for (const target of PAGES[role]) it(target.name, () => crawl(role, target));
  });
}

describe("the single checks", () => {
  async function pageAs(role: Role, options: { width?: number; theme?: "light" | "dark"; reducedMotion?: "reduce" | "no-preference" } = {}) {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1280, height: 800 },
      colorScheme: options.theme ?? "light",
      reducedMotion: options.reducedMotion ?? "no-preference",
      storageState: states[role],
    });
    return { context, page: await context.newPage() };
  }

  it("serves a favicon and app icons, and every page links them", async () => {
    for (const [file, type] of [["/favicon.ico", "image/x-icon"], ["/icon.svg", "image/svg+xml"], ["/icon-192.png", "image/png"], ["/icon-512.png", "image/png"], ["/icon-maskable-512.png", "image/png"], ["/apple-touch-icon.png", "image/png"]]) {
      const res = await fetch(app.url + file);
      expect(res.status, file).toBe(200);
      expect(res.headers.get("content-type"), file).toContain(type);
    }
    const html = await (await fetch(app.url + "/login")).text();
    expect(html).toMatch(/<link rel="icon" href="\/favicon.ico"/);
    expect(html).toMatch(/<link rel="apple-touch-icon" href="\/apple-touch-icon.png"/);
  });

  it("names the card, the deck and the test in the tab title", async () => {
    const { context, page } = await pageAs("learner");
    await page.goto(app.url + `/cards/${ids.mcc}`);
    expect(await page.title()).toBe("What is Matthews correlation coefficient (MCC)? · LLM interview chat export · Attend");
    await page.goto(app.url + `/cards?deck=${ids.deck}`);
    expect(await page.title()).toBe("LLM interview chat export · Cards · Attend");
    await page.goto(app.url + `/tests/${ids.slug}`);
    expect(await page.title()).toMatch(/^Start: .*Building a GPT from scratch.* · Attend$/i);
    await page.goto(app.url + `/attempts/${ids.submitted}/review`);
    expect(await page.title()).toMatch(/^Results: .*Building a GPT from scratch.* · Attend$/i);
    await context.close();
  });

  it("scrolls a formula wider than a phone inside its own box, with shadows at the edge that has more", async () => {
    const { context, page } = await pageAs("visitor", { width: 375 });
    await page.goto(app.url + `/cards/${ids.mcc}`);
    const math = await page.locator(".prose-card .katex").evaluateAll((els) =>
      els.map((e) => {
        const s = getComputedStyle(e);
        return { overflow: s.overflowX, wider: e.scrollWidth > e.clientWidth + 1, cue: (s.backgroundImage.match(/gradient/g) ?? []).length, right: e.getBoundingClientRect().right };
      }),
    );
    const wide = math.filter((m) => m.wider);
    expect(wide.length).toBeGreaterThan(0); // the MCC formula is wider than 375 px
    for (const m of wide) {
      expect(m.overflow).toBe("auto");
      expect(m.cue).toBe(4); // two covers that scroll with the content, two shadows that stay
      expect(m.right).toBeLessThanOrEqual(375);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await context.close();
  });

  it("keeps the sub-points of an answer nested under their point", async () => {
    const { context, page } = await pageAs("visitor");
    await page.goto(app.url + `/cards/${ids.transformer}`);
    const answer = page.getByRole("region", { name: "Answer" });
    const structure = answer.locator("li", { hasText: /^Structure:/ });
    expect(await structure.locator(":scope > ul > li").allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^Encoder \(used in models like BERT\)/), expect.stringMatching(/^Decoder/)]));
    expect(await answer.locator(":scope .prose-card > ul > li", { hasText: /^Encoder/ }).count()).toBe(0);
    await context.close();
  });

  it("loads a remote image only when asked, and tells the author where it is", async () => {
    const diagnostics = await app.db.diagnostic.findMany({ where: { rule: "remote-image" } });
    // this card's image, and the seed's figure (the seeds stay byte for byte as they were given)
    expect(diagnostics.map((d) => `${d.file}:${d.line}`).sort()).toEqual(["remote-image.md:7", "transformers-review-outline.md:44"]);
    const { context, page } = await pageAs("visitor", { width: 375 });
    const asked: string[] = [];
    await page.route("https://images.example.org/**", (route) => {
      asked.push(route.request().url());
      return route.fulfill({ contentType: "image/svg+xml", body: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>' });
    });
    await page.goto(app.url + `/cards/${ids.remote}`, { waitUntil: "networkidle" });
    const button = page.getByRole("button", { name: "Load image from images.example.org" });
    await button.waitFor();
    expect(asked).toEqual([]);
    expect(await page.locator("img[src*='example.org']").count()).toBe(0);
    await button.click();
    const img = page.getByRole("img", { name: "The diagram" });
    await img.waitFor();
    await page.waitForFunction(() => (document.querySelector("img[src*='example.org']") as HTMLImageElement | null)?.complete);
    expect(asked).toEqual(["https://images.example.org/diagram.png"]);
    await context.close();
  });

  it("asks before loading the seed card's figure from Wikimedia", async () => {
    const { context, page } = await pageAs("visitor");
    const remote: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(app.url) && !r.url().startsWith("data:")) remote.push(r.url());
    });
    await page.goto(app.url + `/cards/${ids.projection}`, { waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Load image from upload.wikimedia.org" }).waitFor();
    expect(remote).toEqual([]);
    await context.close();
  });

  it("turns motion off for those who asked", async () => {
    const transition = async (reducedMotion: "reduce" | "no-preference") => {
      const { context, page } = await pageAs("visitor", { reducedMotion });
      await page.goto(app.url + "/");
      const d = await page.getByRole("button", { name: /Sub-decks of/ }).first().locator("span").evaluate((e) => getComputedStyle(e).transitionDuration);
      await context.close();
      return parseFloat(d);
    };
    expect(await transition("no-preference")).toBeGreaterThan(0.1);
    expect(await transition("reduce")).toBeLessThan(0.001);
  });

  it("announces the grade and the next card to screen readers", async () => {
    const { context, page } = await pageAs("learner");
    await page.goto(app.url + "/review");
    const announcer = page.getByTestId("review-announcer");
    await page.waitForFunction(() => /^Next card: \S/.test(document.querySelector("[data-testid=review-announcer]")?.textContent ?? ""));
    expect(await announcer.getAttribute("aria-live")).toBe("polite");
    const first = (await page.getByRole("region", { name: "Question" }).innerText()).replace(/\s+/g, " ").trim();
    expect(await announcer.textContent()).toContain(first.slice(0, 30));
    await page.locator("body").press("Space");
    await page.getByRole("group", { name: "Grade your answer" }).waitFor();
    await page.locator("body").press("3");
    await page.waitForFunction(() => /^Graded Good\. (Next card: \S|No more cards)/.test(document.querySelector("[data-testid=review-announcer]")?.textContent ?? ""));
    await context.close();
  });

  it("shows the branded error page when a page fails, in both themes", async () => {
    // Hide a table the home page reads: the page throws on the server, as a broken database would.
    await app.db.$executeRawUnsafe('ALTER TABLE "Deck" RENAME TO "DeckHidden"');
    try {
      for (const theme of THEMES) {
        const { context, page } = await pageAs("visitor", { theme, width: 375 });
        const res = await page.goto(app.url + "/");
        expect(res?.status()).toBe(500);
        await page.getByRole("heading", { name: "Something went wrong on this page" }).waitFor();
        expect(await page.getByRole("link", { name: "Attend" }).count()).toBe(1); // inside the app's frame
        expect(await page.title()).toBe("Something went wrong · Attend");
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await page.screenshot({ path: path.join(shotDir(), `visitor-error-375-${theme}.png`), fullPage: true });
        await context.close();
      }
    } finally {
      await app.db.$executeRawUnsafe('ALTER TABLE "DeckHidden" RENAME TO "Deck"');
    }
  });
});
