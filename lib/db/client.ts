import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "@/generated/prisma/client";
import { registerConnection, SqliteConnection } from "./sqlite";
import { databaseUrl } from "./url";

export type Db = PrismaClient;

/**
 * Prisma's better-sqlite3 adapter, running on our connection instead of one it opens itself, so
 * the review hot path (lib/db/sqlite.ts) and Prisma share one connection.
 */
function sharedAdapter(url: string, connection: SqliteConnection): SqlDriverAdapterFactory {
  const factory = new PrismaBetterSQLite3({ url });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = (await factory.connect()) as SqlDriverAdapter & { client: unknown };
      (adapter.client as { close(): void }).close();
      adapter.client = connection.handle;
      return adapter;
    },
  };
}

/** A client on the given URL (tests and CLIs use their own; the app shares one). */
export function createDb(url: string = databaseUrl()): Db {
  const connection = new SqliteConnection(url);
  const db = new PrismaClient({ adapter: sharedAdapter(url, connection) });
  registerConnection(db, connection);
  return db;
}

const globalForDb = globalThis as unknown as { attendDb?: Db };

/** The app's shared client: one per process, kept across hot reloads in development. */
export function getDb(): Db {
  globalForDb.attendDb ??= createDb();
  return globalForDb.attendDb;
}
