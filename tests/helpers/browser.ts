import { chromium, type Browser, type Page } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

/** Debian's Chromium (installed by .ci/run), headless, with the flags this machine needs. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-quic",
      ...extraArgs,
    ],
  });
}

/** Screenshots land in test-results/screenshots/ (gitignored) for a person to look at. */
export function screenshotPath(name: string): string {
  const dir = path.resolve(import.meta.dirname, "../../test-results/screenshots");
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

/**
 * The review page's first card is in the server's HTML, so it shows before the page's scripts
 * run and its keys work: wait until the page says they do.
 */
export async function reviewReady(page: Page): Promise<void> {
  await page.locator("[data-keys-ready=true]").waitFor();
}
