/** npm run export -- --json : the active content as JSON on stdout (Markdown text fields). */
import { parseArgs } from "node:util";
import { createDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { databaseUrl } from "@/lib/db/url";
import { exportContent } from "@/lib/db/export";

const { values } = parseArgs({ options: { json: { type: "boolean", default: false } }, strict: true });
if (!values.json) {
  console.error("Usage: npm run export -- --json");
  process.exit(2);
}
const url = databaseUrl();
await migrateDatabase(url);
const db = createDb(url);
try {
  process.stdout.write(JSON.stringify(await exportContent(db), null, 2) + "\n");
} finally {
  await db.$disconnect();
}
