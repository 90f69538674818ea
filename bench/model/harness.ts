// Browser harness shared by tests/e2e/model-*.test.ts and scripts/model-bench.ts: bundles
// browser-entry.ts with esbuild, serves it with public/tfjs (.wasm) and public/model (weights) from a
// tiny HTTP server on 127.0.0.1, and opens it in headless Debian Chromium (WebGPU enabled).
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";

const root = path.resolve(import.meta.dirname, "../..");

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-dev-shm-usage",
  "--headless",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--enable-unsafe-webgpu", // headless Chromium exposes a (SwiftShader) WebGPU adapter only with this
];

export interface Harness {
  page: Page;
  url: string;
  consoleLines: string[];
  close(): Promise<void>;
}

export async function bundleEntry(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(root, "bench/model/browser-entry.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  return result.outputFiles[0].text;
}

const types: Record<string, string> = { ".wasm": "application/wasm", ".json": "application/json", ".bin": "application/octet-stream", ".txt": "text/plain; charset=utf-8" };

/**
 * `modelDir` is served at /model/ (default public/model, the shipped weights). `webgpu: false` starts
 * Chromium with its default flags (no WebGPU adapter in headless mode).
 */
export async function startHarness(modelDir = path.join(root, "public/model"), opts: { webgpu?: boolean } = {}): Promise<Harness> {
  const bundle = await bundleEntry();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    try {
      if (url.pathname === "/") {
        res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><meta charset="utf-8"><title>model</title><script src="/bundle.js"></script>');
      } else if (url.pathname === "/bundle.js") {
        res.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
      } else if (/^\/(tfjs|model)\/[\w.-]+$/.test(url.pathname)) {
        const file = url.pathname.startsWith("/model/") ? path.join(modelDir, url.pathname.slice(7)) : path.join(root, "public", url.pathname);
        res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(await readFile(file));
      } else res.writeHead(404).end();
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  let browser: Browser;
  try {
    const args = opts.webgpu === false ? CHROMIUM_ARGS.filter((a) => a !== "--enable-unsafe-webgpu") : CHROMIUM_ARGS;
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args, headless: true });
  } catch (e) {
    server.close();
    throw e;
  }
  const page = await browser.newPage();
  const consoleLines: string[] = [];
  page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => consoleLines.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => "attendModel" in globalThis);
  return {
    page,
    url,
    consoleLines,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
