import Database from "better-sqlite3";
import type { Db } from "./client";
import { encodeArg, textFor, type Statement } from "./sql";
import { storeCacheFor } from "./store-cache";
import { sqliteFile } from "./url";

/**
 * The SQLite connection under a Prisma client, for the review loop's hot path
 * (lib/db/review-store.ts, run by lib/db/store.ts). Measured with `npm run bench:review`: through Prisma, a grade plus
 * the next card cost ~9 ms of CPU (query interpretation, a fresh prepare per statement, promise
 * plumbing); here statements are prepared once and a grade is one synchronous transaction.
 *
 * It is the very connection Prisma uses (createDb hands it to the adapter), not a second one:
 * with two connections, a Prisma transaction that read before one of our commits could not write
 * afterwards (SQLITE_BUSY_SNAPSHOT). Because our statements run synchronously, nothing else in
 * the process interleaves with them; the one thing to respect is a Prisma interactive transaction
 * left open across an await, which `runWhenIdle` waits out so our work never lands inside it.
 * Prisma's own queries outside its transactions wait the same way (lib/db/client.ts).
 */
export type Sqlite = Database.Database;

/** The file's connection; reopened if Prisma disconnected (it closes the connection it was given). */
export class SqliteConnection {
  #handle: Sqlite | null = null;
  constructor(readonly url: string) {}

  get handle(): Sqlite {
    if (!this.#handle?.open) this.#handle = openSqlite(this.url);
    return this.#handle;
  }
}

/** Opened as the Prisma adapter opens it (64-bit integers as BigInt), in WAL mode. */
function openSqlite(url: string): Sqlite {
  const sqlite = new Database(sqliteFile(url));
  sqlite.defaultSafeIntegers(true);
  // WAL: readers (other processes, `npm run export`) never block the writer. Stored in the file.
  sqlite.pragma("journal_mode = WAL");
  // With WAL, NORMAL syncs at checkpoints: a power cut can lose the last commits, never corrupt the file.
  sqlite.pragma("synchronous = NORMAL");
  // The default page cache is 2 MB; with a year of logs for many learners the review queries'
  // pages then come from the OS one read() at a time. Memory-map the file and keep a larger cache.
  sqlite.pragma(`mmap_size = ${256 * 1024 * 1024}`);
  sqlite.pragma(`cache_size = -${64 * 1024}`);
  return sqlite;
}

/**
 * The connection rides on the client object itself: Next bundles this module into several route
 * chunks, each with its own module state, while the app's one client lives on globalThis.
 */
const CONNECTION = Symbol.for("attend.sqliteConnection");
type WithConnection = { [CONNECTION]?: SqliteConnection };

/** Called by createDb: this client's connection. */
export function registerConnection(db: Db, connection: SqliteConnection): void {
  Object.defineProperty(db, CONNECTION, { value: connection, enumerable: false });
}

/** The connection under a client made by createDb. */
export function sqliteOf(db: Db): Sqlite {
  const connection = (db as unknown as WithConnection)[CONNECTION];
  if (!connection) throw new Error("This Prisma client was not made by createDb, so its connection is unknown.");
  return connection.handle;
}

const statements = new WeakMap<Sqlite, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per connection; integers come back as numbers. */
export function stmt(sqlite: Sqlite, sql: string): Database.Statement {
  let cache = statements.get(sqlite);
  if (!cache) statements.set(sqlite, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) {
    s = sqlite.prepare(sql);
    if (s.reader) s.safeIntegers(false);
    cache.set(sql, s);
  }
  return s;
}

/**
 * Run `fn` once no Prisma transaction is open on the connection, waiting without blocking the
 * event loop. The last check and `fn` run in one synchronous stretch, so no transaction can begin
 * in between; `fn` must do its database work synchronously (better-sqlite3 does).
 */
export async function runWhenIdle<T>(sqlite: Sqlite, fn: () => T | Promise<T>): Promise<T> {
  for (let wait = 1; sqlite.inTransaction; wait = Math.min(wait * 2, 20)) await new Promise((r) => setTimeout(r, wait));
  return fn();
}

/** SQLITE_BUSY, as better-sqlite3 throws it or as Prisma's adapter wraps it. */
const isBusy = (error: unknown) => {
  const e = error as { code?: string; cause?: { originalCode?: string } } | null;
  return e?.code === "SQLITE_BUSY" || e?.cause?.originalCode === "SQLITE_BUSY";
};

/**
 * Run `run` (whose database work happens synchronously when called) once the connection is idle,
 * without SQLite's busy handler: when another process holds the write lock (an ingest), that
 * handler would sleep on the event loop and freeze every request. Here the attempt fails at once
 * and is retried after a short asynchronous wait, for as long as the connection's busy_timeout
 * (5 s); then the SQLITE_BUSY error goes to the caller (the API answers 503). A statement or
 * transaction that found the lock busy changed nothing, so retrying it is safe.
 */
export async function withoutBusyWait<T>(sqlite: Sqlite, run: () => T | Promise<T>): Promise<T> {
  // Prepared once per connection (pragma() prepares on every call: ~0.04 ms of a grade).
  const patience = Number((stmt(sqlite, "PRAGMA busy_timeout").get() as { timeout: number }).timeout);
  const deadline = Date.now() + patience;
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      return await runWhenIdle(sqlite, () => {
        stmt(sqlite, "PRAGMA busy_timeout = 0").get();
        try {
          return run();
        } finally {
          stmt(sqlite, `PRAGMA busy_timeout = ${patience}`).get();
        }
      });
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * Run `fn` as one IMMEDIATE transaction once the connection is idle: the write lock is taken up
 * front, `fn` runs synchronously, and it commits or rolls back as a whole. In WAL mode only taking
 * the lock can find the database busy, so nothing inside `fn` waits.
 */
export function writeTransaction<T>(sqlite: Sqlite, fn: () => T): Promise<T> {
  return withoutBusyWait(sqlite, () => sqlite.transaction(fn).immediate());
}

/** Reads that must agree with each other: one snapshot, taken once the connection is idle. */
export function readTransaction<T>(sqlite: Sqlite, fn: () => T): Promise<T> {
  return runWhenIdle(sqlite, () => sqlite.transaction(fn).deferred());
}

// ---- running the storage operations of lib/db/sql.ts ------------------------------------------

function execute(sqlite: Sqlite, s: Statement): unknown {
  if (s.mode === "cache") return storeCacheFor(sqlite);
  if (s.mode === "dialect") return "sqlite";
  const prepared = stmt(sqlite, textFor("sqlite", s.sql));
  const args = s.args.map((a) => encodeArg("sqlite", a));
  if (s.mode === "all") return prepared.all(...args);
  if (s.mode === "get") return prepared.get(...args);
  return prepared.run(...args).changes;
}

/** Run an operation's statements one after the other, synchronously, on the connection. */
export function driveSqlite<T>(sqlite: Sqlite, op: Generator<unknown, T, unknown>): T {
  for (let step = op.next(); ; ) {
    if (step.done) return step.value;
    step = op.next(execute(sqlite, step.value as Statement));
  }
}

// ---- values as Prisma stores them in SQLite ---------------------------------------------------

/** DateTime columns hold ISO 8601 text ending "+00:00" (the adapter's format; text order is time order). */
export const sqlDate = (d: Date): string => d.toISOString().replace("Z", "+00:00");
export const sqlDateOrNull = (d: Date | null | undefined): string | null => (d ? sqlDate(d) : null);
export const fromSqlDate = (v: unknown): Date => (v instanceof Date ? v : typeof v === "number" ? new Date(v) : new Date(String(v)));
export const fromSqlDateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : fromSqlDate(v));
/** Booleans are stored as 0 / 1. */
export const sqlBool = (b: boolean): number => (b ? 1 : 0);
export const fromSqlBool = (v: unknown): boolean => v === 1 || v === 1n || v === true || v === "1";
