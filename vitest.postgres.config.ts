import { defineConfig } from "vitest/config";
import path from "node:path";

/**
 * The integration tests again, on PostgreSQL (tests/helpers/db.ts reads ATTEND_TEST_DATABASE):
 * every test file whose subject is the same on both databases. Left out, because they are about
 * one database: busy.test and sqlite-connection.test (SQLite's shared connection and write lock),
 * backup.test (SQLite's backup API), live.test (ingest beside a live SQLite app; its PostgreSQL
 * ingest case runs in the main suite), and the files that already run on both side by side
 * (copy, instances, migrate, schema, stats/postgres).
 */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: [
      "tests/auth/rate-limit.test.ts",
      "tests/exams/analysis-db.test.ts",
      "tests/exams/attempts.test.ts",
      "tests/exams/export-related.test.ts",
      "tests/ingest/identity.test.ts",
      "tests/ingest/sync.test.ts",
      "tests/review/card-search.test.ts",
      "tests/review/due-count-cache.test.ts",
      "tests/review/new-card-floor.test.ts",
      "tests/review/queue-snapshot.test.ts",
      "tests/review/hot-path.test.ts",
      "tests/review/offline-sync.test.ts",
      "tests/review/review-loop.test.ts",
      "tests/stats/optimizer-jobs.test.ts",
      "tests/stats/portability.test.ts",
      "tests/stats/auto-optimize.test.ts",
    ],
    env: { ATTEND_TEST_DATABASE: "postgresql" },
    globalSetup: ["tests/helpers/postgres-run.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
