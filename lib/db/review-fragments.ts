import type { StateCandidate } from "@/lib/srs/port";
import { bySql, dateOf, IN_LIST, list, numOf, type DialectSql, type Row } from "./sql";

/** SQL fragments and row readers shared by the review loop's storage (review-store.ts, study-store.ts). */

/** ` AND c."deckId" IN (...)` for a deck scope, or nothing; deckArgs is its parameter. */
export const deckFilter = (deckIds: string[] | null) => (deckIds ? ` AND c."deckId" ${IN_LIST}` : "");
export const deckArgs = (deckIds: string[] | null) => (deckIds ? [list(deckIds)] : []);

/** A state row not buried now; its parameter is now. */
export const NOT_BURIED = `(s."buriedUntil" IS NULL OR s."buriedUntil" <= ?)`;

export const toCandidate = (r: Row): StateCandidate => ({
  cardId: String(r.cardId),
  due: dateOf(r.due),
  state: numOf(r.state),
  groupKey: (r.groupKey as string | null) ?? null,
  position: numOf(r.position),
});

/** The id of the latest ingest run (0 before any): what positions and active cards were last changed under. */
export const LATEST_INGEST_RUN = `(SELECT COALESCE(MAX("id"), 0) FROM "IngestRun")`;

/**
 * Study days as a table `b` (column1 = the day's index, column2 = its start, column3 = its end) for
 * one statement to ask about each: `sql` gets the VALUES list to put in `FROM (VALUES ...) AS b`;
 * the parameters follow those `sql` puts before it. PostgreSQL types VALUES parameters as text
 * unless told; SQLite's CAST AS TIMESTAMP would make them numbers.
 */
export function dayTable(days: { start: Date; end: Date }[], sql: (values: string) => string): { sql: DialectSql; args: unknown[] } {
  const tuples = (cast: (p: string) => string) => days.map(() => `(?, ${cast("?")}, ${cast("?")})`).join(", ");
  return {
    sql: bySql({ sqlite: sql(tuples((p) => p)), postgresql: sql(tuples((p) => `CAST(${p} AS TIMESTAMP)`)) }),
    args: days.flatMap((d, i) => [i, d.start, d.end]),
  };
}

