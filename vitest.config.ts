import { defineConfig } from "vitest/config";
import path from "node:path";

// Unit and integration tests. Browser tests live in tests/e2e and run with vitest.e2e.config.ts.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
