import pg from "pg";
import { Prisma } from "@/generated/prisma/client";
import type { Db } from "./client";
import { isPostgresUrl } from "./url";

/**
 * Copy every row of one Attend database into another, empty one (`npm run db:copy`): SQLite to
 * PostgreSQL when a school outgrows one machine, or back. Rows go through Prisma's model API on
 * both sides (the two clients have the same models), a page at a time in primary-key order, parents
 * before children; afterwards every table's count is compared. The target must be migrated and
 * empty, so a copy never mixes two installs.
 */

type Row = Record<string, unknown>;
interface Delegate {
  findMany(args: { orderBy: Row[]; take: number; skip?: number; cursor?: Row }): Promise<Row[]>;
  createMany(args: { data: Row[] }): Promise<{ count: number }>;
  count(): Promise<number>;
}

interface TableSpec {
  model: Prisma.ModelName;
  /** Primary key fields, in order; the cursor pages by them. */
  key: string[];
  /** Postgres: the autoincrement column whose sequence must follow the copied ids. */
  serial?: string;
}

/** Every model, parents before children. tests/db/copy.test.ts checks none is missing. */
export const TABLES: TableSpec[] = [
  { model: "Deck", key: ["id"] },
  { model: "Card", key: ["id"] },
  { model: "CardSource", key: ["id"], serial: "id" },
  { model: "CardTag", key: ["cardId", "tag"] },
  { model: "Test", key: ["id"] },
  { model: "TestQuestion", key: ["id"] },
  { model: "TestPart", key: ["id"] },
  { model: "Prompt", key: ["id"] },
  { model: "IngestRun", key: ["id"], serial: "id" },
  { model: "Diagnostic", key: ["id"], serial: "id" },
  { model: "User", key: ["id"] },
  { model: "CardState", key: ["userId", "cardId"] },
  { model: "ReviewLog", key: ["id"] },
  { model: "ReviewAction", key: ["id"], serial: "id" },
  { model: "DeckSettings", key: ["userId", "deckId"] },
  { model: "AuthThrottle", key: ["key"] },
  { model: "LoginAttempt", key: ["id"], serial: "id" },
  { model: "TestAttempt", key: ["id"] },
  { model: "AttemptAnswer", key: ["attemptId", "key"] },
  { model: "OptimizerJob", key: ["id"] },
  { model: "OptimizerFit", key: ["id"] },
  // IngestLease and OptimizerClaim are not copied: they belong to work running on the source.
];
export const NOT_COPIED: Prisma.ModelName[] = ["IngestLease", "OptimizerClaim"];

const PAGE = 2_000;
const delegate = (db: Db, model: string) => (db as unknown as Record<string, Delegate>)[model[0].toLowerCase() + model.slice(1)];

export interface CopyReport {
  tables: { model: string; source: number; target: number }[];
}

export async function copyDatabase(from: Db, to: Db, toUrl: string, onTable?: (model: string, rows: number) => void): Promise<CopyReport> {
  for (const t of TABLES) {
    if ((await delegate(to, t.model).count()) > 0) throw new Error(`The target database is not empty (${t.model} has rows); copy into a new database.`);
  }
  const report: CopyReport = { tables: [] };
  for (const t of TABLES) {
    const source = delegate(from, t.model);
    const target = delegate(to, t.model);
    const orderBy = t.key.map((k) => ({ [k]: "asc" }));
    let rows: Row[];
    let cursor: Row | undefined;
    // Decks point at their parent deck: copy them shallow first so every parent exists.
    const pages: Row[][] = [];
    do {
      rows = await source.findMany({ orderBy, take: PAGE, ...(cursor ? { skip: 1, cursor } : {}) });
      if (t.model === "Deck") pages.push(rows);
      else if (rows.length) await target.createMany({ data: rows });
      const last = rows.at(-1);
      cursor = last ? (t.key.length === 1 ? { [t.key[0]]: last[t.key[0]] } : { [t.key.join("_")]: Object.fromEntries(t.key.map((k) => [k, last[k]])) }) : undefined;
    } while (rows.length === PAGE);
    if (t.model === "Deck") {
      const decks = pages.flat().sort((a, b) => Number(a.depth) - Number(b.depth));
      for (let i = 0; i < decks.length; i += PAGE) await target.createMany({ data: decks.slice(i, i + PAGE) });
    }
    report.tables.push({ model: t.model, source: await source.count(), target: await target.count() });
    onTable?.(t.model, report.tables.at(-1)!.target);
  }
  if (isPostgresUrl(toUrl)) await followSequences(toUrl);
  await keepStateVersions(from, to);
  const wrong = report.tables.filter((r) => r.source !== r.target);
  if (wrong.length) throw new Error(`Counts differ after the copy: ${wrong.map((w) => `${w.model} ${w.source} → ${w.target}`).join(", ")}`);
  return report;
}

/**
 * The target's triggers raised each user's stateVersion as her card states were copied in (the
 * version says when a kept review queue is stale: lib/srs/queue-snapshot.ts); give every user the
 * version she had, so the copy is row for row the source.
 */
async function keepStateVersions(from: Db, to: Db): Promise<void> {
  let cursor: { id: string } | undefined;
  for (;;) {
    const users = await from.user.findMany({ select: { id: true, stateVersion: true }, orderBy: { id: "asc" }, take: PAGE, ...(cursor ? { skip: 1, cursor } : {}) });
    for (const u of users) await to.user.update({ where: { id: u.id }, data: { stateVersion: u.stateVersion } });
    if (users.length < PAGE) return;
    cursor = { id: users.at(-1)!.id };
  }
}

/** PostgreSQL's autoincrement sequences do not see explicit ids: move each past the largest copied. */
async function followSequences(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const t of TABLES.filter((t) => t.serial)) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence('"${t.model}"', '${t.serial}'), COALESCE((SELECT MAX("${t.serial}") FROM "${t.model}"), 0) + 1, false)`,
      );
    }
  } finally {
    await client.end();
  }
}
