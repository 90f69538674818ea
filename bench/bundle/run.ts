/**
 * node --import tsx bench/bundle/run.ts [--write]
 * Needs a production build (`npx next build`). Serves it with the seed content, then in headless Chromium:
 *   1. first-load JavaScript of /review for a signed-in learner, before any widget opens: every script
 *      response, gzip-compressed here (level 9 — what a server's gzip would roughly send), summed. Target < 250 KB.
 *      Also checks that no TF.js / model chunk is among them.
 *   2. time from clicking "Show me" to the widget's first result (badge shows "… ms"), on a card page:
 *      cold (new browser context: empty HTTP cache, model not loaded), warm-cache (reload: HTTP cache full,
 *      model loaded again), warm (close and reopen on the same page: model already in memory).
 * --write replaces the "## Widgets" section of bench/RESULTS.md.
 */
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startApp } from "../../tests/helpers/app-server";
import { launchBrowser } from "../../tests/helpers/browser";
import { signInBrowser, signUp } from "../../tests/helpers/auth";

const root = path.resolve(import.meta.dirname, "../..");
const WIDGETS: { widget: string; query: string; link: RegExp }[] = [
  { widget: "attention-scaling", query: "divide by √d", link: /Why does scaled dot-product attention divide/ },
  { widget: "sampling", query: "top-k sampling", link: /^What is top-k sampling\?/ },
  { widget: "kv-cache", query: "KV cache in Transformers", link: /What is the KV cache in Transformers\?/ },
  { widget: "causal-mask", query: "causal masking", link: /^What is causal masking\?/ },
  { widget: "multi-head", query: "multi-head attention", link: /^What is multi-head attention\?/ },
  { widget: "perplexity", query: "perplexity", link: /^What is perplexity\?$/ },
  { widget: "positional-encoding", query: "positional encoding in Transformers", link: /What is positional encoding in Transformers\?/ },
  { widget: "layer-norm", query: "layer normalization", link: /^What is layer normalization\?/ },
  { widget: "gradient-descent", query: "3 iterations of gradient descent", link: /Walk through 3 iterations of gradient descent/ },
  { widget: "parameter-count", query: "total parameter count", link: /calculate the total parameter count/ },
];

async function reviewFirstLoad(browser: Browser, base: string): Promise<{ files: number; raw: number; gzip: number; heavy: string[] }> {
  const email = `bundle-${Date.now()}@example.com`;
  await signUp(base, { email });
  const ctx = await browser.newContext();
  await signInBrowser(ctx, base, email);
  const page = await ctx.newPage();
  const scripts: Promise<{ url: string; raw: number; gzip: number }>[] = [];
  page.on("response", (res) => {
    if (res.request().resourceType() !== "script") return;
    scripts.push(res.body().then((b) => ({ url: res.url(), raw: b.length, gzip: gzipSync(b, { level: 9 }).length })));
  });
  await page.goto(base + "/review", { waitUntil: "networkidle" });
  const all = await Promise.all(scripts);
  await ctx.close();
  const heavy = all.filter((s) => /tfjs|tensorflow|widget-host/i.test(s.url)).map((s) => s.url);
  return { files: all.length, raw: all.reduce((a, s) => a + s.raw, 0), gzip: all.reduce((a, s) => a + s.gzip, 0), heavy };
}

async function cardPage(ctx: BrowserContext, base: string, query: string, link: RegExp): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${base}/cards?q=${encodeURIComponent(query)}`);
  await page.getByRole("link", { name: link }).first().click();
  await page.waitForURL(/\/cards\/[\w-]+/);
  await page.waitForLoadState("networkidle");
  return page;
}

/** ms from the click to the badge's first finished run; the widget is revealed through the URL (reveal=1). */
async function openAndTime(page: Page, widget: string): Promise<{ ms: number; backend: string }> {
  const t0 = Date.now();
  await page.locator(`[data-widget-open="${widget}"]`).click();
  await page.waitForFunction(() => / ms$/.test(document.querySelector("[data-testid=widget-ms]")?.textContent ?? ""), undefined, { timeout: 120_000 });
  const ms = Date.now() - t0;
  return { ms, backend: (await page.getByTestId("widget-backend").textContent()) ?? "?" };
}

async function widgetTimes(browser: Browser, base: string) {
  const rows: { widget: string; backend: string; cold: number; warmCache: number; warm: number; coldWasm: number }[] = [];
  for (const w of WIDGETS) {
    const ctx = await browser.newContext();
    const page = await cardPage(ctx, base, w.query, w.link);
    const cold = await openAndTime(page, w.widget);
    await page.locator(`[data-widget-open="${w.widget}"]`).click(); // close
    await page.locator(`[data-widget-panel="${w.widget}"]`).waitFor({ state: "detached" });
    const warm = await openAndTime(page, w.widget);
    const url = page.url().replace(/\?.*$/, "");
    await page.goto(url, { waitUntil: "networkidle" }); // same context: HTTP cache warm, model reloaded
    const warmCache = await openAndTime(page, w.widget);
    await ctx.close();
    // Cold again with the wasm backend pinned (?backend=wasm): on a machine without a GPU, webgl is emulated in software.
    const ctxWasm = await browser.newContext();
    const pw = await ctxWasm.newPage();
    await pw.goto(`${url}?backend=wasm`, { waitUntil: "networkidle" });
    const coldWasm = await openAndTime(pw, w.widget);
    if (coldWasm.backend !== "wasm") throw new Error(`expected wasm, got ${coldWasm.backend}`);
    await ctxWasm.close();
    rows.push({ widget: w.widget, backend: cold.backend, cold: cold.ms, warmCache: warmCache.ms, warm: warm.ms, coldWasm: coldWasm.ms });
  }
  return rows;
}

const app = await startApp();
const browser = await launchBrowser();
try {
  const first = await reviewFirstLoad(browser, app.url);
  const kb = (n: number) => (n / 1024).toFixed(1);
  console.log(`/review first load: ${first.files} scripts, ${kb(first.raw)} KB raw, ${kb(first.gzip)} KB gzip (target < 250 KB)`);
  if (first.heavy.length) console.log(`  heavy chunks loaded without a widget: ${first.heavy.join(", ")}`);
  const times = await widgetTimes(browser, app.url);
  console.table(times);
  const chromium = browser.version();
  const section = [
    "## Widgets",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} with \`node --import tsx bench/bundle/run.ts --write\` against \`next start\` (production build) on loopback,`,
    `headless Chromium ${chromium} (default flags: no WebGPU adapter, so the chain lands on ${times[0]?.backend ?? "?"}).`,
    "",
    `- First-load JavaScript of \`/review\` (signed-in learner, no widget open): **${kb(first.gzip)} KB gzip** (${kb(first.raw)} KB raw, ${first.files} scripts; target < 250 KB). ` +
      (first.heavy.length ? `Heavy chunks present: ${first.heavy.join(", ")}.` : "No TF.js or model chunk among them: they load when a widget opens."),
    "- Time from clicking \"Show me\" to the widget's first computed result (ms). Cold: new browser context (downloads the TF.js chunk, starts the backend, fetches the 1.7 MB weights). Warm-cache: page reloaded, HTTP cache full. Warm: closed and reopened on the same page (model in memory). Last column: cold with \`?backend=wasm\`. This machine has no GPU: Chromium's webgl is SwiftShader (software), so the webgl figures are CPU-bound.",
    "",
    "| widget | backend | cold | warm-cache | warm | cold, wasm pinned |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
    ...times.map((t) => `| ${t.widget} | ${t.backend} | ${t.cold} | ${t.warmCache} | ${t.warm} | ${t.coldWasm} |`),
    "",
  ].join("\n");
  console.log("\n" + section);
  if (process.argv.includes("--write")) {
    const file = path.join(root, "bench/RESULTS.md");
    const text = fs.readFileSync(file, "utf8");
    const start = text.indexOf("\n## Widgets");
    let next = start < 0 ? -1 : text.indexOf("\n## ", start + 1);
    if (next < 0) next = text.length;
    const updated = start < 0 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, start).trimEnd()}\n\n${section}${text.slice(next)}`;
    fs.writeFileSync(file, updated.endsWith("\n") ? updated : updated + "\n");
    console.log("bench/RESULTS.md updated");
  }
} finally {
  await browser.close();
  await app.stop();
}
