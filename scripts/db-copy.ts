/**
 * npm run db:copy -- --to <url> [--from <url>]
 * Copy every row of this install's database (DATABASE_URL, default the SQLite file) into a new,
 * empty one, usually PostgreSQL: migrates the target, copies users, review history, attempts and
 * content, then compares every table's count (lib/db/copy.ts). Stop the app first, or copy again:
 * writes made during the copy may be missed.
 */
import { createDb } from "@/lib/db/client";
import { copyDatabase } from "@/lib/db/copy";
import { describeMigration, migrateDatabase } from "@/lib/db/migrate";
import { databaseUrl, redactUrl } from "@/lib/db/url";

const args = process.argv.slice(2);
const value = (flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const to = value("--to");
const from = value("--from") ? databaseUrl({ DATABASE_URL: value("--from") }) : databaseUrl();
if (!to || args.includes("--help")) {
  console.log("Usage: npm run db:copy -- --to postgresql://user@host:5432/attend [--from file:./data/attend.db]");
  process.exit(to ? 0 : 2);
}
const target = databaseUrl({ DATABASE_URL: to });
if (target === from) {
  console.error("--to names the source database itself.");
  process.exit(2);
}

try {
  await migrateDatabase(from);
  for (const line of describeMigration(await migrateDatabase(target))) console.log(line);
  const [source, dest] = [createDb(from), createDb(target)];
  try {
    const started = performance.now();
    const report = await copyDatabase(source, dest, target, (model, rows) => console.log(`  ${model.padEnd(14)} ${rows}`));
    const total = report.tables.reduce((n, t) => n + t.target, 0);
    console.log(`Copied ${total} rows from ${redactUrl(from)} to ${redactUrl(target)} in ${((performance.now() - started) / 1000).toFixed(1)} s; every table's count matches.`);
    console.log(`Now start Attend with DATABASE_URL=${redactUrl(target)}.`);
  } finally {
    await Promise.all([source.$disconnect(), dest.$disconnect()]);
  }
} catch (error) {
  console.error(`Copy failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
