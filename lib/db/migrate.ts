import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { databaseUrl, sqliteFile } from "./url";

/**
 * Create the database if needed and apply every migration in prisma/migrations, with Prisma's
 * bundled WASM schema engine (engine "js" in prisma.config.ts). The native-engine variables point
 * at an existing file because the CLI checks for them before it notices it will not use them
 * (see ../shared/OFFLINE.md); nothing is downloaded or executed from them.
 */
export function migrateDatabase(url: string = databaseUrl(), root: string = process.cwd()): void {
  if (url.startsWith("file:")) fs.mkdirSync(path.dirname(sqliteFile(url)), { recursive: true });
  const require = createRequire(path.join(root, "package.json"));
  const prismaCli = require.resolve("prisma/build/index.js");
  const placeholder = path.join(root, "package.json");
  const result = spawnSync(process.execPath, [prismaCli, "migrate", "deploy"], {
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      DATABASE_URL: url,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
      PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholder,
      PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: "1",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
  if (result.status !== 0) {
    throw new Error(`Database migration failed (${url}):\n${result.stdout}\n${result.stderr}`);
  }
}
