import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseUrl, isPostgresUrl, sqliteFile } from "./url";
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from "./schema-files";

/**
 * Apply the project's migrations (prisma/migrations for SQLite, prisma/postgres/migrations for
 * PostgreSQL) from any number of processes at once, with no Prisma engine involved:
 *
 * - Nothing pending → a read of `_prisma_migrations` and nothing else: no lock is taken, so an
 *   `npm run ingest` beside a running server never waits or fails here. (Prisma's `migrate deploy`
 *   on SQLite failed whenever another connection had the file open: "unknown variant
 *   SocketTimeout"; on PostgreSQL it cannot run through adapter-pg at all, prisma/orm#27403.)
 * - Something pending → one transaction that first takes the database's migration lock
 *   (SQLite: BEGIN IMMEDIATE, the write lock; PostgreSQL: pg_advisory_xact_lock), re-reads what
 *   is applied, runs the pending files in name order and records each. A second process waits
 *   for that lock and then finds nothing left to do. A failing file rolls everything back.
 *
 * The bookkeeping table is Prisma's own `_prisma_migrations` (same columns, checksum = SHA-256 of
 * the file), so databases made by earlier versions (which ran `prisma migrate deploy`) carry on,
 * and `prisma migrate status` still reads it.
 */
export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  /** Names applied by this call, in order. */
  applied: string[];
  /** Applied migrations whose file has changed since (warn: the database may differ from the schema). */
  modified: string[];
  /** Applied migrations this checkout does not have (the database is newer than the code). */
  unknown: string[];
}

/** How long a second process waits for the first one's migration (or any writer) before failing. */
const LOCK_PATIENCE_MS = 120_000;

export function readMigrations(dir: string): Migration[] {
  if (!fs.existsSync(dir)) throw new Error(`No migrations folder at ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
}

/** What is pending, and what looks wrong, given the rows of `_prisma_migrations`. */
export function planMigrations(migrations: Migration[], applied: AppliedRow[]): { pending: Migration[]; modified: string[]; unknown: string[] } {
  const byName = new Map(applied.map((r) => [r.migration_name, r]));
  const known = new Set(migrations.map((m) => m.name));
  return {
    pending: migrations.filter((m) => !byName.has(m.name)),
    modified: migrations.filter((m) => byName.has(m.name) && byName.get(m.name)!.checksum !== m.checksum).map((m) => m.name),
    unknown: applied.map((r) => r.migration_name).filter((n) => !known.has(n)),
  };
}

/** Create the database if needed and apply pending migrations; see the comment above. */
export async function migrateDatabase(url: string = databaseUrl(), root: string = process.cwd()): Promise<MigrationReport> {
  return applyMigrations(url, readMigrations(path.join(root, isPostgresUrl(url) ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS)));
}

/** Apply these migrations (in name order) to the database at `url`. */
export function applyMigrations(url: string, migrations: Migration[]): Promise<MigrationReport> {
  return isPostgresUrl(url) ? migratePostgres(url, migrations) : migrateSqlite(url, migrations);
}

// ---- SQLite ------------------------------------------------------------------------------------

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;
const APPLIED = `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
const stamp = (d: Date) => d.toISOString().replace("Z", "+00:00");

/**
 * Synchronous on purpose: better-sqlite3 is, and callers that do not await (older test helpers)
 * still find the database migrated when this returns.
 */
function migrateSqlite(url: string, migrations: Migration[]): Promise<MigrationReport> {
  const file = sqliteFile(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // `timeout`: SQLite's busy handler waits this long for another process's write lock (a CLI may
  // block; the server migrates before it serves).
  const sqlite = new Database(file, { timeout: LOCK_PATIENCE_MS });
  try {
    sqlite.pragma("journal_mode = WAL");
    const hasTable = () => sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get() !== undefined;
    const quick = planMigrations(migrations, hasTable() ? (sqlite.prepare(APPLIED).all() as AppliedRow[]) : []);
    if (!quick.pending.length) return Promise.resolve({ applied: [], modified: quick.modified, unknown: quick.unknown });

    // Prisma's SQLite migrations redefine tables (create new_X, copy, DROP X, rename) between
    // `PRAGMA foreign_keys=OFF/ON`, which are no-ops inside a transaction. With foreign keys on, the
    // DROP would delete (and cascade) rows. So they are off for this connection, set before BEGIN,
    // and the result is checked with foreign_key_check before the commit instead.
    sqlite.pragma("foreign_keys = OFF");
    const run = sqlite.transaction(() => {
      sqlite.exec(SQLITE_TABLE);
      const plan = planMigrations(migrations, sqlite.prepare(APPLIED).all() as AppliedRow[]);
      const record = sqlite.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
      );
      for (const m of plan.pending) {
        const started = new Date();
        try {
          sqlite.exec(m.sql);
        } catch (error) {
          throw new Error(`Migration ${m.name} failed, nothing was changed: ${(error as Error).message}`);
        }
        record.run(randomUUID(), m.checksum, stamp(new Date()), m.name, stamp(started));
      }
      const broken = sqlite.prepare("PRAGMA foreign_key_check").all();
      if (broken.length) throw new Error(`Migrations left ${broken.length} rows breaking foreign keys (first: ${JSON.stringify(broken[0])}); nothing was changed.`);
      return { applied: plan.pending.map((m) => m.name), modified: plan.modified, unknown: plan.unknown };
    });
    return Promise.resolve(run.immediate());
  } catch (error) {
    return Promise.reject(error);
  } finally {
    sqlite.close();
  }
}

// ---- PostgreSQL --------------------------------------------------------------------------------

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;
/** Any fixed 64-bit key: every Attend process migrating this database agrees on it. */
const ADVISORY_KEY = "7303196441402219";

async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrationReport> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const hasTable = async () => (await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`)).rows[0].t !== null;
    const quick = planMigrations(migrations, (await hasTable()) ? (await client.query<AppliedRow>(APPLIED)).rows : []);
    if (!quick.pending.length) return { applied: [], modified: quick.modified, unknown: quick.unknown };

    await client.query("BEGIN");
    try {
      await client.query(`SET LOCAL lock_timeout = '${LOCK_PATIENCE_MS}ms'`);
      // Held until COMMIT/ROLLBACK: a second process waits here, then finds nothing pending.
      await client.query(`SELECT pg_advisory_xact_lock(${ADVISORY_KEY})`);
      await client.query(POSTGRES_TABLE);
      const plan = planMigrations(migrations, (await client.query<AppliedRow>(APPLIED)).rows);
      for (const m of plan.pending) {
        const started = new Date();
        try {
          await client.query(m.sql);
        } catch (error) {
          throw new Error(`Migration ${m.name} failed, nothing was changed: ${(error as Error).message}`);
        }
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, $4, $5, 1)`,
          [randomUUID(), m.checksum, new Date(), m.name, started],
        );
      }
      await client.query("COMMIT");
      return { applied: plan.pending.map((m) => m.name), modified: plan.modified, unknown: plan.unknown };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  } finally {
    await client.end();
  }
}

/** The lines a CLI prints after migrating (empty when there is nothing to say). */
export function describeMigration(report: MigrationReport): string[] {
  const lines: string[] = [];
  if (report.applied.length) lines.push(`Applied ${report.applied.length} migration(s): ${report.applied.join(", ")}`);
  if (report.modified.length) lines.push(`Warning: these applied migrations were edited afterwards: ${report.modified.join(", ")}`);
  if (report.unknown.length) lines.push(`Warning: the database has migrations this checkout lacks (newer code ran here?): ${report.unknown.join(", ")}`);
  return lines;
}
