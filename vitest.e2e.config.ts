import { defineConfig } from "vitest/config";
import path from "node:path";

// Browser tests: headless Debian Chromium driven by playwright-core, one file at a time.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
