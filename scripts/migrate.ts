/** npm run db:migrate : create the database if needed and apply pending migrations. */
import { migrateDatabase } from "@/lib/db/migrate";
import { databaseUrl } from "@/lib/db/url";

migrateDatabase(databaseUrl());
console.log(`Database ready: ${databaseUrl()}`);
