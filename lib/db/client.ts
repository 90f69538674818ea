import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "@/generated/prisma/client";
import { registerDialect } from "./dialect";
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

/** A client on the given URL (tests and CLIs use their own; the app shares one). */
export function createDb(url: string = databaseUrl()): Db {
  const connection = new SqliteConnection(url);
  const db = new PrismaClient({ adapter: sharedAdapter(url, connection) });
  registerConnection(db, connection);
  registerDialect(db, "sqlite");
  return db;
}

const globalForDb = globalThis as unknown as { attendDb?: Db };

/** The app's shared client: one per process, kept across hot reloads in development. */
export function getDb(): Db {
  globalForDb.attendDb ??= createDb();
  return globalForDb.attendDb;
}

/**
 * A Prisma client on PostgreSQL (generated/prisma-pg: the same models and API as the SQLite
 * client, from prisma/postgres/schema.prisma). Typed as Db: the model API is the same; the review
 * loop's hand-written SQL (lib/db/review-queries.ts) is SQLite's and does not run on it yet.
 */
export async function createPostgresDb(url: string): Promise<Db> {
  const [{ PrismaClient: PgPrismaClient }, { PrismaPg }] = await Promise.all([import("@/generated/prisma-pg/client"), import("@prisma/adapter-pg")]);
  const db = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  registerDialect(db, "postgresql");
  return db as unknown as Db;
}

/** A client on whichever database the URL names. */
export async function openDb(url: string = databaseUrl()): Promise<Db> {
  return isPostgresUrl(url) ? createPostgresDb(url) : createDb(url);
}
