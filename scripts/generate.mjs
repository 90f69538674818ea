// postinstall: generate both Prisma clients (gitignored): generated/prisma for SQLite from
// prisma/schema.prisma, generated/prisma-pg for PostgreSQL from the schema derived from it
// (prisma/postgres/schema.prisma, kept current by `npm run db:schema`). Same model API.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { prismaEnv } from "./prisma-env.mjs";

const require = createRequire(import.meta.url);
for (const config of ["prisma.config.ts", "prisma/postgres/prisma.config.ts"]) {
  const r = spawnSync(process.execPath, [require.resolve("prisma/build/index.js"), "generate", "--config", config], { stdio: "inherit", env: prismaEnv() });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
