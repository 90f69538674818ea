/**
 * npm run db:backup -- <file>
 * A consistent copy of the SQLite database while the app keeps serving, with SQLite's online
 * backup API (better-sqlite3's backup(): pages are copied in steps between other connections'
 * writes, so nobody waits). For PostgreSQL use pg_dump (docs/deploying.md).
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseUrl, isPostgresUrl, sqliteFile } from "@/lib/db/url";

const target = process.argv[2];
const url = databaseUrl();
if (!target) {
  console.error("Usage: npm run db:backup -- <file>   (database: $DATABASE_URL, default file:./data/attend.db)");
  process.exit(2);
}
if (isPostgresUrl(url)) {
  console.error("DATABASE_URL is PostgreSQL: back it up with pg_dump (see docs/deploying.md).");
  process.exit(2);
}
if (fs.existsSync(target)) {
  console.error(`${target} exists; choose a new file.`);
  process.exit(2);
}
fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
const source = new Database(sqliteFile(url), { readonly: true, fileMustExist: true });
try {
  const started = performance.now();
  const { totalPages } = await source.backup(target);
  const check = new Database(target, { readonly: true });
  const ok = check.pragma("quick_check", { simple: true });
  check.close();
  if (ok !== "ok") throw new Error(`the copy fails SQLite's quick_check: ${ok}`);
  console.log(`Backed up ${totalPages} pages to ${target} in ${((performance.now() - started) / 1000).toFixed(1)} s (quick_check ok).`);
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  source.close();
}
