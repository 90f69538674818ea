import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "@/generated/prisma-pg/client";
import { registerDialect } from "./dialect";
import { createPool } from "./postgres";
import { registerConnection, SqliteConnection, withoutBusyWait, type Sqlite } from "./sqlite";
import { databaseUrl, isPostgresUrl } from "./url";

export type Db = PrismaClient;

/**
 * Prisma's better-sqlite3 adapter, running on our connection instead of one it opens itself, so
 * the review hot path (lib/db/sqlite.ts) and Prisma share one connection.
 *
 * The adapter serialises transactions against each other but not against plain queries: a query
 * from another request, issued while an interactive transaction waits on an await, would run
 * inside that transaction and vanish if it rolled back. Here plain queries wait until no
 * transaction is open (queries inside a transaction go through the transaction's own object), and
 * wait for another process's write lock without freezing the event loop (lib/db/sqlite.ts).
 */
function sharedAdapter(url: string, connection: SqliteConnection): SqlDriverAdapterFactory {
  const factory = new PrismaBetterSQLite3({ url });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = (await factory.connect()) as SqlDriverAdapter & { client: Sqlite };
      adapter.client.close();
      const sqlite = (adapter.client = connection.handle);
      const queryRaw = adapter.queryRaw.bind(adapter);
      const executeRaw = adapter.executeRaw.bind(adapter);
      // The adapter runs the statement synchronously when called, so it cannot slip into a
      // transaction; a locked database is waited for without blocking the event loop.
      adapter.queryRaw = (query) => withoutBusyWait(sqlite, () => queryRaw(query));
      adapter.executeRaw = (query) => withoutBusyWait(sqlite, () => executeRaw(query));
      return adapter;
    },
  };
}

/** A client on an SQLite `file:` URL (tests and CLIs use their own; the app shares one). */
export function createSqliteDb(url: string): Db {
  const connection = new SqliteConnection(url);
  const db = new PrismaClient({ adapter: sharedAdapter(url, connection) });
  registerConnection(db, connection);
  registerDialect(db, "sqlite");
  return db;
}

/** A client on whichever database the URL names (DATABASE_URL, or the embedded SQLite default). */
export function createDb(url: string = databaseUrl()): Db {
  return isPostgresUrl(url) ? createPostgresDb(url) : createSqliteDb(url);
}

const globalForDb = globalThis as unknown as { attendDb?: Db };

/** The app's shared client: one per process, kept across hot reloads in development. */
export function getDb(): Db {
  globalForDb.attendDb ??= createDb();
  return globalForDb.attendDb;
}

const POOL = Symbol.for("attend.pgPool");

/**
 * A Prisma client on PostgreSQL (generated/prisma-pg: the same models and API as the SQLite
 * client, from prisma/postgres/schema.prisma), typed as Db since the model API is the same, with
 * the pool that runs the hand-written SQL (lib/db/postgres.ts) beside it; $disconnect closes both.
 */
export function createPostgresDb(url: string): Db {
  const db = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
  let pool: pg.Pool | null = null;
  Object.defineProperty(db, POOL, { get: () => (pool ??= createPool(url)), enumerable: false });
  const disconnect = db.$disconnect.bind(db);
  Object.defineProperty(db, "$disconnect", {
    value: async () => {
      const open = pool;
      pool = null;
      await Promise.all([open?.end(), disconnect()]);
    },
  });
  registerDialect(db, "postgresql");
  return db;
}

/** The pool under a client made by createPostgresDb. */
export function poolOf(db: Db): pg.Pool {
  const pool = (db as unknown as { [POOL]?: pg.Pool })[POOL];
  if (!pool) throw new Error("This Prisma client was not made by createPostgresDb.");
  return pool;
}
