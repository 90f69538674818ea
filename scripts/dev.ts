/**
 * npm run dev: ingest content/, start `next dev`, and re-ingest whenever a file under content/
 * changes (debounced). Ingest errors are printed with file:line; the database keeps the last good
 * content, so the running app never shows a half-read file.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
// @ts-expect-error plain ESM helper without types
import { prismaEnv } from "./prisma-env.mjs";
// @ts-expect-error plain ESM helper without types
import { ensureSecrets } from "./secrets.mjs";

const require = createRequire(import.meta.url);
const contentDir = process.env.CONTENT_DIR ?? "content";
const env = { ...prismaEnv(), ...ensureSecrets() };

const ingest = () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--content", contentDir, "--quiet"], { stdio: "inherit", env });
  if (r.status !== 0) console.error("[attend] ingest failed; the app keeps the last good content.");
};

ingest();
let timer: NodeJS.Timeout | null = null;
fs.watch(contentDir, { recursive: true }, (_event, file) => {
  if (file && !/\.(md|markdown|txt)$/i.test(String(file))) return;
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    console.log(`[attend] ${file ?? "content"} changed: re-ingesting`);
    ingest();
  }, 300);
});

const next = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "dev", ...process.argv.slice(2)], { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => next.kill(sig));
next.on("exit", (code) => process.exit(code ?? 0));
