/**
 * npm start: the one command that runs Attend on a fresh clone.
 * Migrates the SQLite database (created on first run), ingests content/, builds the app when the
 * sources are newer than the last build, and serves it (PORT, default 3000).
 */
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { prismaEnv } from "./prisma-env.mjs";
import { ensureSecrets } from "./secrets.mjs";

const require = createRequire(import.meta.url);
const env = { ...prismaEnv(), ...ensureSecrets() };
const run = (args, label) => {
  const r = spawnSync(process.execPath, args, { stdio: "inherit", env });
  if (r.status !== 0) {
    console.error(`\n${label} failed; see above.`);
    process.exit(r.status ?? 1);
  }
};

run(["--import", "tsx", "scripts/ingest.ts", "--content", process.env.CONTENT_DIR ?? "content"], "Ingest");

const nextBin = require.resolve("next/dist/bin/next");
const buildId = ".next/BUILD_ID";
const newest = (dir) => {
  let t = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
};
const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
const sourcesAt = Math.max(...["app", "components", "lib", "public"].map(newest), ...["package.json", "next.config.ts"].map((f) => fs.statSync(f).mtimeMs));
if (sourcesAt > builtAt) run([nextBin, "build"], "Build");

const port = process.env.PORT ?? "3000";
const server = spawn(process.execPath, [nextBin, "start", "-p", port], { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
