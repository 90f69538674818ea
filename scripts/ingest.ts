/**
 * npm run ingest -- [--content <dir>] [--quiet]
 * Creates and migrates the database if needed, then syncs the content folder into it.
 * Exit 1 with file:line messages on malformed content; the database is left untouched.
 */
import cliProgress from "cli-progress";
import { createDb } from "@/lib/db/client";
import { describeMigration, migrateDatabase } from "@/lib/db/migrate";
import { databaseUrl } from "@/lib/db/url";
import { ContentError, ingestDirectory } from "@/lib/ingest";
import { contentArgs } from "./args";
import { formatDiagnostics, formatFileTable } from "./report";

const args = contentArgs();
if (args.help) {
  console.log("Usage: npm run ingest -- [--content <dir>] [--quiet]   (database: $DATABASE_URL, default file:./data/attend.db)");
  process.exit(0);
}

const url = databaseUrl();
for (const line of describeMigration(await migrateDatabase(url))) console.log(line);
const db = createDb(url);
const started = performance.now();
let bar: cliProgress.SingleBar | null = null;
try {
  const summary = await ingestDirectory(db, args.content!, {
    onFile(_report, index, total) {
      if (total < 20 || args.quiet || !process.stderr.isTTY) return;
      bar ??= new cliProgress.SingleBar({ format: "parsing {bar} {value}/{total} files", stream: process.stderr }, cliProgress.Presets.shades_classic);
      if (index === 1) bar.start(total, 0);
      bar.update(index);
      if (index === total) bar.stop();
    },
  });
  const ms = Math.round(performance.now() - started);
  if (!args.quiet) {
    console.log(formatFileTable(summary.files));
    const notes = formatDiagnostics(summary.diagnostics);
    if (notes) console.log("\n" + notes);
    console.log("");
  }
  if (!summary.changed) console.log(`Content unchanged: nothing written (${ms} ms).`);
  else {
    const t = summary.tests;
    console.log(
      `Ingested in ${ms} ms: ${summary.added} cards added, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
        `${summary.retired} retired, ${summary.revived} revived; tests +${t.added} ~${t.updated} -${t.retired}; ` +
        `prompts +${summary.prompts.added} -${summary.prompts.retired}; published in one ${Math.round(summary.publishMs)} ms transaction.`,
    );
  }
} catch (error) {
  (bar as cliProgress.SingleBar | null)?.stop();
  if (error instanceof ContentError) {
    console.error(error.message);
    console.error("Nothing was written to the database.");
    process.exitCode = 1;
  } else {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
} finally {
  await db.$disconnect();
}
