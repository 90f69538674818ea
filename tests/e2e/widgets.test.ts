// Every built widget in Chromium: open it from a card page, reveal, change an input, check the numbers move the right way.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startApp, type AppServer } from "../helpers/app-server";
import { launchBrowser, reviewReady, screenshotPath } from "../helpers/browser";
import { signInBrowser, signUp } from "../helpers/auth";

let app: AppServer;
let browser: Browser;
const consoleErrors: string[] = [];

// The seeds plus one card that attaches a widget by directive (no seed card asks for the shape journey; the test does).
const content = fs.mkdtempSync(path.join(os.tmpdir(), "attend-widgets-content-"));
fs.cpSync(path.resolve(import.meta.dirname, "../../content"), content, { recursive: true });
fs.writeFileSync(
  path.join(content, "widget-fixtures.md"),
  "# Widget fixtures\n\nQ: Which shapes does one forward pass produce, stage by stage?\nA: Run it and see.\n<!-- widget: shape-journey -->\n",
);

beforeAll(async () => {
  app = await startApp({ content });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  fs.rmSync(content, { recursive: true, force: true });
});

async function openPage(width = 1100, colorScheme: "light" | "dark" = "light"): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  return page;
}

/** Finds the card through the card list's search, opens it and opens the widget. */
async function openWidget(page: Page, query: string, link: RegExp, widget: string): Promise<void> {
  await page.goto(`${app.url}/cards?q=${encodeURIComponent(query)}`);
  await page.getByRole("link", { name: link }).first().click();
  await page.waitForURL(/\/cards\/[\w-]+/);
  await page.locator(`[data-widget-open="${widget}"]`).click();
  await page.getByTestId(`${widget}-reveal`).waitFor({ timeout: 60_000 });
}

/** Waits until the badge shows a finished run (backend and ms), returns them. */
async function settled(page: Page): Promise<{ backend: string; ms: number }> {
  await page.waitForFunction(
    () => {
      const ms = document.querySelector("[data-testid=widget-ms]")?.textContent ?? "";
      return / ms$/.test(ms);
    },
    undefined,
    { timeout: 90_000 },
  );
  await page.waitForTimeout(50);
  const backend = (await page.getByTestId("widget-backend").textContent()) ?? "";
  const ms = parseFloat((await page.getByTestId("widget-ms").textContent()) ?? "");
  return { backend, ms };
}

/** Changes an input and waits for the new run to finish. */
async function change(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).fill(value);
  await page.waitForFunction(() => /running/.test(document.querySelector("[data-testid=widget-ms]")?.textContent ?? ""), undefined, { timeout: 5_000 }).catch(() => {});
  await settled(page);
}

/** The KV-cache widget's second stage (the reruns) has finished for the result on screen. */
async function comparisonDone(page: Page): Promise<void> {
  await page.locator("[data-testid=kv-comparison][data-state=done]").waitFor({ timeout: 60_000 });
}

const num = async (page: Page, testId: string) => parseFloat((await page.getByTestId(testId).first().textContent()) ?? "NaN");

describe("widgets in Chromium", () => {
  it("attention scaling: unscaled attention is sharper; Var(q·k) grows with d, scaled stays near 1", async () => {
    const page = await openPage();
    await openWidget(page, "divide by √d", /Why does scaled dot-product attention divide/, "attention-scaling");
    await page.getByRole("radio", { name: "sharper" }).check();
    await page.getByTestId("attention-scaling-reveal").click();
    const { backend } = await settled(page);
    // Chosen by measurement: on this CPU-only machine WebGL is SwiftShader (software), so wasm wins, and the badge says how it was chosen.
    expect(backend).toBe("wasm");
    expect(await page.getByTestId("widget-backend").getAttribute("data-how")).toBe("measured");
    const how = (await page.getByTestId("widget-backend").getAttribute("title"))!;
    expect(how).toMatch(/^fastest measured/);
    expect(how).toMatch(/webgl \[[^\]]*SwiftShader[^\]]*\] software: software renderer: not timed/);
    expect(how).toMatch(/wasm: [\d.]+ ms/);
    expect(await num(page, "entropy-unscaled")).toBeLessThanOrEqual(await num(page, "entropy-scaled"));
    // Labelled heatmap: the value under the pointer, by character; a click picks the query row of the step view.
    const map = page.getByTestId("scaling-map-scaled").locator("canvas");
    const box = (await map.boundingBox())!;
    await map.hover({ position: { x: box.width - 3, y: box.height - 3 } });
    expect(await page.getByTestId("scaling-map-scaled-hover").textContent()).toMatch(/^query “.+” \(\d+\) → key “.+” \(\d+\): \d\.\d{4}$/);
    const T = (await page.locator("[data-testid=attention-steps] tbody tr").count());
    await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await page.waitForFunction((t) => document.querySelectorAll("[data-testid=attention-steps] tbody tr").length < t, T, { timeout: 30_000 });
    expect(await page.getByTestId("attention-steps-sum").textContent()).toMatch(/differs by at most \d\.\de-\d+/);
    expect(await page.getByTestId("scaling-trained-note").textContent()).toMatch(/variance [\d.]+, not 1: the √d argument assumes/);
    await page.getByTestId("scaling-map-scaled").getByRole("button", { name: "zoom in" }).click();
    expect(await page.getByTestId("scaling-map-scaled").textContent()).toMatch(/\d+ px per character/);
    const var512 = await num(page, "random-raw-var");
    expect(await num(page, "random-scaled-var")).toBeGreaterThan(0.7);
    expect(await num(page, "random-scaled-var")).toBeLessThan(1.3);
    await change(page, "scaling-d", "2048");
    expect(await num(page, "random-raw-var")).toBeGreaterThan(var512 * 2.5);
    expect(await num(page, "random-scaled-var")).toBeLessThan(1.3);
    // The view is in the URL, so it can be shared.
    expect(page.url()).toContain("attention-scaling.d=2048");
    await page.screenshot({ path: screenshotPath("widget-attention-scaling"), fullPage: true });
  });

  it("sampling: lower temperature, fewer likely characters; top-k keeps k", async () => {
    const page = await openPage();
    await openWidget(page, "top-k sampling", /^What is top-k sampling\?/, "sampling");
    await page.getByLabel("Your prediction").fill("10");
    await page.getByTestId("sampling-reveal").click();
    await settled(page);
    await page.getByTestId("sampling-temperature").fill("3");
    await page.waitForTimeout(100);
    const warm = await num(page, "sampling-above1");
    await page.getByTestId("sampling-temperature").fill("0.2");
    await page.waitForTimeout(100);
    const cold = await num(page, "sampling-above1");
    expect(cold).toBeLessThan(warm);
    await page.getByTestId("sampling-topk").fill("3");
    await page.waitForTimeout(100);
    expect(await page.getByTestId("sampling-stage-2").textContent()).toMatch(/^3 ·/);
    // Temperature 0: every sample is the same (argmax) character.
    await page.getByTestId("sampling-temperature").fill("0");
    await page.waitForTimeout(100);
    const samples = ((await page.getByTestId("sampling-samples").textContent()) ?? "").split(" ");
    expect(new Set(samples).size).toBe(1);
    await page.getByTestId("sampling-temperature").fill("0.7");
    await page.waitForTimeout(100);
    await page.screenshot({ path: screenshotPath("widget-sampling"), fullPage: true });
  });

  it("KV cache: identical text with and without the cache; Q is [1,1,D], the cache [1,blockSize,D]", async () => {
    const page = await openPage();
    await openWidget(page, "KV cache in Transformers", /What is the KV cache in Transformers\?/, "kv-cache");
    await page.getByTestId("kv-cache-reveal").click();
    await settled(page);
    // The cached result is shown first (the badge times it); the reruns it is compared with follow.
    expect(await page.getByTestId("kv-with").textContent()).not.toBe("");
    await comparisonDone(page);
    expect(await page.getByTestId("kv-identical").textContent()).toBe("identical");
    expect(await page.getByTestId("kv-q-shape").textContent()).toBe("[1, 1, 32]");
    expect(await page.getByTestId("kv-k-shape").textContent()).toMatch(/^\[1, 128, 32\]/);
    expect(await page.getByTestId("kv-with").textContent()).toBe(await page.getByTestId("kv-without").textContent());
    expect(await page.getByTestId("kv-speedup").textContent()).toMatch(/^[\d.]+× faster$/);
    expect(await page.getByTestId("kv-step-times").locator("polyline").count()).toBe(2);
    const rows = await page.locator("[data-testid=kv-steps] tr").count();
    await change(page, "kv-tokens", "12");
    await comparisonDone(page);
    expect(await page.locator("[data-testid=kv-steps] tr").count()).toBe(11);
    expect(await page.getByTestId("kv-with").textContent()).toBe(await page.getByTestId("kv-without").textContent());
    expect((await page.getByTestId("kv-with").textContent())!.length).toBe(12);
    expect(rows).toBe(7); // 8 new characters by default: 7 decode steps after the prefill
    await page.screenshot({ path: screenshotPath("widget-kv-cache"), fullPage: true });
  });

  it("KV cache at 375 px, dark: the comparison line says when the reruns are done and what they took", async () => {
    const page = await openPage(375, "dark");
    await openWidget(page, "KV cache in Transformers", /What is the KV cache in Transformers\?/, "kv-cache");
    await page.getByTestId("kv-cache-reveal").click();
    await settled(page);
    expect(await page.getByTestId("kv-comparison").getAttribute("data-state")).toMatch(/^(running|done)$/);
    await comparisonDone(page);
    expect(await page.getByTestId("kv-comparison").textContent()).toMatch(/^[\d.]+ ms per character \(8 reruns: [\d.e+]+ ms, run after the cached result\)$/);
    expect(await page.locator("[data-testid=kv-steps] tr td:nth-child(5)").allTextContents()).toHaveLength(7);
    expect(await page.getByTestId("kv-step-times").isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath("widget-kv-cache-375-dark"), fullPage: true });
  });

  it("causal mask: earlier outputs unchanged with the mask, changed without", async () => {
    const page = await openPage(375);
    await openWidget(page, "causal masking", /^What is causal masking\?/, "causal-mask");
    await page.getByRole("radio", { name: "they stay exactly equal" }).check();
    await page.getByTestId("causal-mask-reveal").click();
    await settled(page);
    expect(await num(page, "causal-before-masked")).toBe(0);
    expect(await num(page, "causal-before-unmasked")).toBeGreaterThan(0);
    await change(page, "causal-edit", "30");
    expect(await num(page, "causal-before-masked")).toBe(0);
    expect(await num(page, "causal-before-unmasked")).toBeGreaterThan(0);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await page.screenshot({ path: screenshotPath("widget-causal-mask-375"), fullPage: true });
  });

  it("multi-head: every head's pattern, ablation changes the loss; layer choice changes it again", async () => {
    const page = await openPage();
    await openWidget(page, "multi-head attention", /^What is multi-head attention\?/, "multi-head");
    await page.getByTestId("multi-head-reveal").click();
    await settled(page);
    expect(await page.locator("[data-widget-panel=multi-head] canvas").count()).toBe(4);
    // opened on the layer whose heads differ most, by measurement
    const chosen = (await page.getByTestId("heads-chosen-layer").textContent())!;
    const divergences = [...chosen.matchAll(/layer (\d) ([\d.]+)/g)].map((m) => Number(m[2]));
    expect(divergences).toHaveLength(4);
    expect(chosen).toContain(`Showing layer ${divergences.indexOf(Math.max(...divergences))}:`);
    expect(await page.locator("[data-testid=head-summaries] tbody tr").count()).toBe(4);
    const base = await num(page, "heads-base-loss");
    expect(base).toBeGreaterThan(0);
    const ablate0 = await page.getByTestId("ablate-0").textContent();
    const other = (divergences.indexOf(Math.max(...divergences)) + 1) % 4; // a layer other than the one shown
    await page.getByTestId("heads-layer").selectOption(String(other));
    await page.waitForTimeout(150);
    await settled(page);
    expect(await num(page, "heads-base-loss")).toBeCloseTo(base, 4); // same text, same loss
    expect(await page.getByTestId("ablate-0").textContent()).not.toBe(ablate0);
    await page.screenshot({ path: screenshotPath("widget-multi-head"), fullPage: true });
  });

  it("a shared link reopens the widget with its state, on the wasm backend", async () => {
    const page = await openPage();
    await page.goto(`${app.url}/cards?q=${encodeURIComponent("top-k sampling")}`);
    await page.getByRole("link", { name: /^What is top-k sampling\?/ }).first().click();
    await page.waitForURL(/\/cards\/[\w-]+/);
    await page.goto(page.url() + "?w=sampling&sampling.temperature=0.5&sampling.reveal=1&backend=wasm");
    const { backend } = await settled(page);
    expect(backend).toBe("wasm");
    expect(await page.getByTestId("sampling-temperature").inputValue()).toBe("0.5");
    expect(await page.getByTestId("sampling-stage-1").isVisible()).toBe(true);
    expect(consoleErrors).toEqual([]);
  });

  it("shape journey: the author-attached widget shows real shapes; a 512-wide, 8-head config gives heads of 64", async () => {
    const page = await openPage();
    await page.goto(`${app.url}/cards?q=${encodeURIComponent("forward pass produce")}`);
    await page.getByRole("link", { name: /Which shapes does one forward pass produce/ }).click();
    await page.waitForURL(/\/cards\/[\w-]+/);
    await page.locator('[data-widget-open="shape-journey"]').click();
    await settled(page);
    await page.getByLabel("Your shape for a) after Embeddings.forward()").fill("[2, 10, 128]");
    await page.getByTestId("shape-reveal-embed.out").click();
    expect(await page.getByTestId("shape-embed.out").textContent()).toBe("[2, 10, 128] ✓");
    await change(page, "shape-nembd", "512");
    await page.getByTestId("shape-reveal-all").click();
    expect(await page.getByTestId("shape-h0.attn.head0.out").textContent()).toMatch(/^\[2, 10, 64\]/);
    expect(await page.getByTestId("shape-h0.ffn.hidden").textContent()).toMatch(/^\[2, 10, 2048\]/);
    const vocabSize = (JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../public/model/manifest.json"), "utf8")) as { config: { vocabSize: number } }).config.vocabSize;
    expect(await page.getByTestId("shape-logits").textContent()).toMatch(new RegExp(`^\\[2, 10, ${vocabSize}\\]`));
    await page.screenshot({ path: screenshotPath("widget-shape-journey"), fullPage: true });
  });

  it("shape journey is attached to a seed card by directive", async () => {
    const page = await openPage();
    await page.goto(`${app.url}/cards?q=${encodeURIComponent("Multi-Head Attention block from scratch")}`);
    await page.getByRole("link", { name: /Implement a Multi-Head Attention block from scratch/ }).first().click();
    await page.waitForURL(/\/cards\/[\w-]+/);
    expect(await page.locator('[data-widget-open="shape-journey"]').count()).toBe(1);
  });

  it("attention views at 1280 and 375 px, light and dark", async () => {
    for (const scheme of ["light", "dark"] as const) {
      for (const width of [1280, 375]) {
        const page = await openPage(width, scheme);
        await page.goto(`${app.url}/cards?q=${encodeURIComponent("divide by √d")}`);
        await page.getByRole("link", { name: /Why does scaled dot-product attention divide/ }).first().click();
        await page.waitForURL(/\/cards\/[\w-]+/);
        await page.goto(page.url() + "?w=attention-scaling&attention-scaling.reveal=1&attention-scaling.query=12");
        await settled(page);
        await page.getByTestId("attention-steps").waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await page.screenshot({ path: screenshotPath(`widget-attention-steps-${width}-${scheme}`), fullPage: true });
        await page.goto(`${app.url}/cards?q=${encodeURIComponent("multi-head attention")}`);
        await page.getByRole("link", { name: /^What is multi-head attention\?/ }).first().click();
        await page.waitForURL(/\/cards\/[\w-]+/);
        await page.goto(page.url() + "?w=multi-head&multi-head.reveal=1");
        await settled(page);
        await page.getByTestId("head-summaries").waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await page.screenshot({ path: screenshotPath(`widget-multi-head-${width}-${scheme}`), fullPage: true });
        await page.context().close();
      }
    }
  });

  it("gradient descent: the seed's 5 → 1.8 → 1.16 → 1.032, autodiff agrees; a larger α changes the path", async () => {
    const page = await openPage(375);
    await openWidget(page, "3 iterations of gradient descent", /Walk through 3 iterations of gradient descent/, "gradient-descent");
    await page.getByLabel("Your prediction").fill("1.8");
    await page.getByTestId("gradient-descent-reveal").click();
    await settled(page);
    expect(await page.getByTestId("gd-w-1").textContent()).toBe("1.8000");
    expect(await page.getByTestId("gd-w-3").textContent()).toBe("1.0320");
    expect(await page.getByTestId("gd-momentum-w").textContent()).toBe("0.4710");
    expect(await page.getByTestId("gd-momentum-tf").textContent()).toBe("0.4710");
    await change(page, "gd-lr", "0.3");
    expect(await page.getByTestId("gd-w-1").textContent()).toBe("-4.6000"); // 5 − 0.3·32: overshoots
    await page.screenshot({ path: screenshotPath("widget-gradient-descent-375"), fullPage: true });
  });

  it("parameter count: formula equals the real variables; more layers, more parameters", async () => {
    const page = await openPage();
    await openWidget(page, "total parameter count", /calculate the total parameter count/, "parameter-count");
    await page.getByTestId("parameter-count-reveal").click();
    await settled(page);
    const total = await page.getByTestId("params-total").textContent();
    expect(await page.getByTestId("params-real").textContent()).toBe(total);
    await change(page, "params-nlayer", "2");
    const fewer = await page.getByTestId("params-total").textContent();
    expect(Number(fewer!.replace(/,/g, ""))).toBeLessThan(Number(total!.replace(/,/g, "")));
    expect(await page.getByTestId("params-real").textContent()).toBe(fewer);
    // tied embeddings: the head's C·V weights go, and this MiniGPT (untied) cannot be built to check it
    await page.getByTestId("params-tied").check();
    await settled(page);
    expect(await page.getByTestId("params-real").textContent()).toBe("not built: this MiniGPT does not tie its embeddings");
    expect(await page.getByTestId("params-tying").textContent()).toMatch(/^Tied: .* saving [\d,]+ parameters/);
    await page.getByTestId("params-tied").uncheck();
    await change(page, "params-dff", "1024"); // C = 512: d_ff 2·C, buildable
    expect(await page.getByTestId("params-real").textContent()).toBe(await page.getByTestId("params-total").textContent());
    expect(await page.getByTestId("params-tying").textContent()).toMatch(/d_ff = 1,024/);
    await page.screenshot({ path: screenshotPath("widget-parameter-count"), fullPage: true });
  });

  it("perplexity: the model beats the unigram baseline on English; gibberish raises it", async () => {
    const page = await openPage();
    await openWidget(page, "perplexity", /^What is perplexity\?$/, "perplexity");
    await page.getByRole("radio", { name: "below" }).check();
    await page.getByTestId("perplexity-reveal").click();
    await settled(page);
    const english = await num(page, "ppl-model");
    expect(english).toBeLessThan(await num(page, "ppl-unigram"));
    await change(page, "widget-text", "qzx vbk jjw pqy zzq xkv");
    expect(await num(page, "ppl-model")).toBeGreaterThan(english);
    expect(await page.getByTestId("ppl-seen").getAttribute("data-in-training")).toBe("0");
    // A passage of the training text: the widget says the model has seen it
    const train = await (await fetch(`${app.url}/model/train.txt`)).text();
    const passage = train.slice(5000, 5200).split("\n").find((l) => l.length >= 40)!;
    await change(page, "widget-text", passage);
    expect(await page.getByTestId("ppl-seen").textContent()).toMatch(/occurs word for word in the model's training text/);
    await change(page, "widget-text", "Perplexity measures how well a language model predicts a sequence");
    await page.screenshot({ path: screenshotPath("widget-perplexity"), fullPage: true });
  });

  it("positional encodings: a bag of characters cannot see order; positions can", async () => {
    const page = await openPage();
    await openWidget(page, "positional encoding in Transformers", /What is positional encoding in Transformers\?/, "positional-encoding");
    await page.getByTestId("positional-encoding-reveal").click();
    await settled(page);
    expect(await num(page, "pos-bag")).toBeLessThan(1e-3);
    expect(await num(page, "pos-with")).toBeGreaterThan(0.01);
    expect(await page.locator("[data-widget-panel=positional-encoding] canvas").count()).toBe(3);
    await page.screenshot({ path: screenshotPath("widget-positional-encoding"), fullPage: true });
  });

  it("layer norm: bypassing every LayerNorm raises the loss; one residual too", async () => {
    const page = await openPage(375);
    await openWidget(page, "layer normalization", /^What is layer normalization\?/, "layer-norm");
    await page.getByTestId("layer-norm-reveal").click();
    await settled(page);
    const loss = await num(page, "ln-loss");
    expect(await num(page, "ln-bypassed-loss")).toBeGreaterThan(loss);
    expect(await page.locator("[data-testid=ln-table] tr").count()).toBe(5);
    await page.getByTestId("ln-kind").selectOption("1");
    await page.getByTestId("ln-layer").selectOption("0");
    await page.waitForTimeout(150);
    await settled(page);
    expect(await num(page, "ln-bypassed-loss")).toBeGreaterThan(loss);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: screenshotPath("widget-layer-norm-375"), fullPage: true });
  });

  it("review: the widget appears on the card's back only, and typing in it does not grade the card", async () => {
    const email = `widgets-${Date.now()}@example.com`;
    await signUp(app.url, { email });
    const ctx = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    await signInBrowser(ctx, app.url, email);
    const page = await ctx.newPage();
    const deck = await app.db.deck.findUniqueOrThrow({ where: { path: "Transformers / Practice Problems / Architecture Analysis" } });
    await page.goto(`${app.url}/review?deck=${deck.id}`);
    await page.getByRole("button", { name: "Show answer" }).waitFor();
    await reviewReady(page);
    expect(await page.locator("[data-widget-open]").count()).toBe(0);
    await page.getByRole("button", { name: "Show answer" }).click();
    await page.locator('[data-widget-open="parameter-count"]').click();
    await settled(page);
    const question = await page.getByRole("region", { name: "Question" }).textContent();
    await page.getByTestId("params-nlayer").fill("3"); // digits are grade keys on the review screen
    await page.waitForTimeout(300);
    await settled(page);
    expect(await page.getByRole("region", { name: "Question" }).textContent()).toBe(question);
    await page.getByTestId("parameter-count-reveal").click();
    expect(await page.getByTestId("params-real").textContent()).toBe(await page.getByTestId("params-total").textContent());
    await page.screenshot({ path: screenshotPath("widget-review-back"), fullPage: true });
  });
});
