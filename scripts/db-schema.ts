/**
 * npm run db:schema [-- --migration <name>]
 *
 * prisma/schema.prisma (SQLite) is the one schema authors edit. PostgreSQL needs its own Prisma
 * schema (one provider per schema) and its own migrations, so this script derives them:
 * - prisma/postgres/schema.prisma: the same models with the postgresql provider, generating the
 *   second client into generated/prisma-pg (same model API);
 * - with --migration <name>: one new migration folder per database, named alike, each the SQL
 *   `prisma migrate diff` prints from the previous schema to the current one. Prisma's own
 *   `migrate dev` cannot run against PostgreSQL here (see docs/deploying.md), and diffs between
 *   two schema files need no database at all.
 * tests/db/schema.test.ts fails when the derived schema is out of date.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { postgresSchema, sqliteSchemaFrom, POSTGRES_SCHEMA, SQLITE_SCHEMA } from "@/lib/db/schema-files";
// @ts-expect-error plain ESM helper without types
import { prismaEnv } from "./prisma-env.mjs";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const nameAt = args.indexOf("--migration");
const name = nameAt >= 0 ? args[nameAt + 1] : null;
if (nameAt >= 0 && !/^[a-z0-9_]+$/.test(name ?? "")) {
  console.error("Usage: npm run db:schema -- --migration <snake_case_name>");
  process.exit(2);
}

const sqliteFile = path.join(root, SQLITE_SCHEMA);
const pgFile = path.join(root, POSTGRES_SCHEMA);
const previousPg = fs.existsSync(pgFile) ? fs.readFileSync(pgFile, "utf8") : null;
const nextPg = postgresSchema(fs.readFileSync(sqliteFile, "utf8"));

if (name) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "attend-schema-"));
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  // The PostgreSQL diff goes through adapter-pg, which connects (to nothing in particular) before
  // diffing two files: any reachable server will do (ATTEND_PG_URL, default the local one).
  const pgUrl = process.env.ATTEND_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const diff = (from: string | null, to: string, config: string, url: string): string => {
    const fromArgs = from ? ["--from-schema-datamodel", from] : ["--from-empty"];
    const cli = [require.resolve("prisma/build/index.js"), "migrate", "diff", "--config", config, ...fromArgs, "--to-schema-datamodel", to, "--script"];
    const r = spawnSync(process.execPath, cli, { cwd: root, encoding: "utf8", env: { ...prismaEnv(root), DATABASE_URL: url } });
    if (r.status !== 0) throw new Error(`prisma migrate diff failed:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const write = (dir: string, sql: string) => {
    const folder = path.join(root, dir, `${stamp}_${name}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, "migration.sql"), sql);
    console.log(`wrote ${path.relative(root, folder)}/migration.sql`);
  };
  const pgTo = path.join(tmp, "pg.prisma");
  fs.writeFileSync(pgTo, nextPg);
  let pgFrom: string | null = null;
  let sqliteFrom: string | null = null;
  if (previousPg) {
    pgFrom = path.join(tmp, "pg-old.prisma");
    fs.writeFileSync(pgFrom, previousPg);
    sqliteFrom = path.join(tmp, "sqlite-old.prisma");
    fs.writeFileSync(sqliteFrom, sqliteSchemaFrom(previousPg));
  }
  const sqliteSql = diff(sqliteFrom, sqliteFile, "prisma.config.ts", "file:" + path.join(tmp, "unused.db"));
  const pgSql = diff(pgFrom, pgTo, "prisma/postgres/prisma.config.ts", pgUrl);
  if (!sqliteSql.trim() || /^-- This is an empty migration/m.test(sqliteSql)) console.log("SQLite: no schema change");
  else write("prisma/migrations", sqliteSql);
  if (!pgSql.trim() || /^-- This is an empty migration/m.test(pgSql)) console.log("PostgreSQL: no schema change");
  else write("prisma/postgres/migrations", pgSql);
  fs.rmSync(tmp, { recursive: true, force: true });
}

fs.mkdirSync(path.dirname(pgFile), { recursive: true });
fs.writeFileSync(pgFile, nextPg);
console.log(`wrote ${POSTGRES_SCHEMA}`);
