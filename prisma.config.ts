import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseUrl } from "./lib/db/url";

// Prisma 6.19 with the JS (WASM) schema engine and the better-sqlite3 adapter: works with no
// network (native engines cannot be downloaded here). See ../shared/OFFLINE.md.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    return new PrismaBetterSQLite3({ url: databaseUrl() });
  },
});
