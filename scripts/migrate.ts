/** npm run db:migrate : create the database if needed and apply pending migrations (lib/db/migrate.ts). */
import { describeMigration, migrateDatabase } from "@/lib/db/migrate";
import { databaseUrl, redactUrl } from "@/lib/db/url";

const report = await migrateDatabase(databaseUrl());
for (const line of describeMigration(report)) console.log(line);
console.log(`Database ready: ${redactUrl(databaseUrl())}${report.applied.length ? "" : " (nothing to apply)"}`);
