/**
 * Runs once when the server starts (Next.js instrumentation hook).
 * - Migrations: every instance applies pending ones before serving (lib/db/migrate.ts: when
 *   nothing is pending it only reads; when several instances start together, one applies and the
 *   others wait for it).
 * - Timed attempts must be submitted at their deadline even when nobody has the page open, so the
 *   Node server runs a sweep (lib/db/exam-sweeper.ts); reads also submit expired attempts lazily.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    (await import("./lib/http/peer-address")).installPeerAddressHeader(); // client IPs from the socket (issue 13)
    const { migrateDatabase, describeMigration } = await import("./lib/db/migrate");
    for (const line of describeMigration(await migrateDatabase())) console.log(`[attend] ${line}`);
    const { startExamSweeper } = await import("./lib/db/exam-sweeper");
    startExamSweeper();
  }
}
