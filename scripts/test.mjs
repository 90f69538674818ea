/**
 * npm test: everything CI checks, in order of speed: types, lint, content, unit and integration
 * tests (on SQLite), the integration tests again on PostgreSQL (vitest.postgres.config.ts; the
 * server at ATTEND_PG_ADMIN_URL, which .ci/run starts), then a production build and the browser
 * tests against it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { prismaEnv } from "./prisma-env.mjs";

const env = prismaEnv();
// Entry scripts by path: some packages (eslint) do not export their bin files.
const bin = (pkg, file) => path.join(import.meta.dirname, "..", "node_modules", pkg, file);
const steps = [
  ["types", [bin("typescript", "bin/tsc"), "--noEmit"]],
  ["lint", [bin("eslint", "bin/eslint.js"), "."]],
  ["content", ["--import", "tsx", "scripts/content-check.ts", "--quiet"]],
  ["unit and integration tests", [bin("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/unit.json"]],
  ["integration tests on PostgreSQL", [bin("vitest", "vitest.mjs"), "run", "--config", "vitest.postgres.config.ts", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/postgres.json"]],
  ["build", [bin("next", "dist/bin/next"), "build"]],
  ["browser tests", [bin("vitest", "vitest.mjs"), "run", "--config", "vitest.e2e.config.ts", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/e2e.json"]],
];

if (!fs.existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")) {
  console.error("Browser tests need Debian's Chromium: apt-get install -y --no-install-recommends chromium fonts-liberation (.ci/run does this).");
  process.exit(1);
}

const RUNS = [
  ["unit and integration, SQLite", "test-results/unit.json"],
  ["integration, PostgreSQL", "test-results/postgres.json"],
  ["browser", "test-results/e2e.json"],
];
for (const [, file] of RUNS) fs.rmSync(file, { force: true });

/** The closing lines over the vitest runs: each run's count, then "tests: N passed, N failed". */
function summary() {
  let passed = 0;
  let failed = 0;
  console.log("");
  for (const [label, file] of RUNS) {
    if (!fs.existsSync(file)) continue;
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    console.log(`${label}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
    passed += r.numPassedTests;
    failed += r.numFailedTests;
  }
  console.log(`tests: ${passed} passed, ${failed} failed`);
}

for (const [label, args] of steps) {
  const started = Date.now();
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(process.execPath, args, { stdio: "inherit", env });
  console.log(`--- ${label}: ${r.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    summary();
    process.exit(r.status ?? 1);
  }
}
summary();
