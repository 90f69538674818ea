import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { databaseUrl } from "./url";

export type Db = PrismaClient;

/** A client on the given URL (tests and CLIs use their own; the app shares one). */
export function createDb(url: string = databaseUrl()): Db {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

const globalForDb = globalThis as unknown as { attendDb?: Db };

/** The app's shared client: one per process, kept across hot reloads in development. */
export function getDb(): Db {
  globalForDb.attendDb ??= createDb();
  return globalForDb.attendDb;
}
