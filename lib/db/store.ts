import { poolOf, type Db } from "./client";
import { dialectOf } from "./dialect";
import { pgQuery, pgRead, pgWrite, type PgPlans } from "./postgres";
import { driveSqlite, readTransaction, runWhenIdle, sqliteOf, writeTransaction } from "./sqlite";
import { storeCacheFor } from "./store-cache";

/**
 * Run a storage operation (lib/db/sql.ts: a generator of statements) on the client's database.
 * The operation is written once; SQLite runs it synchronously on the connection Prisma uses
 * (nothing interleaves with it), PostgreSQL on a pooled connection.
 */
type Op<T> = Generator<unknown, T, unknown>;

/** Reads that must agree with each other: one snapshot. `plans`: PostgreSQL's planning (./postgres.ts), ignored by SQLite. */
export function readOp<T>(db: Db, op: Op<T>, plans: PgPlans = {}): Promise<T> {
  if (dialectOf(db) === "postgresql") return pgRead(poolOf(db), op, plans);
  const sqlite = sqliteOf(db);
  return readTransaction(sqlite, () => driveSqlite(sqlite, op));
}

/**
 * One write transaction. `lock` names the writer whose transactions must not interleave (a
 * learner's id); on SQLite every write transaction holds the database's one write lock anyway.
 */
export function writeOp<T>(db: Db, lock: string | null, op: Op<T>, plans: PgPlans = {}): Promise<T> {
  const postgres = dialectOf(db) === "postgresql";
  const sqlite = postgres ? null : sqliteOf(db);
  const done = sqlite ? writeTransaction(sqlite, () => driveSqlite(sqlite, op)) : pgWrite(poolOf(db), lock, op, plans);
  if (lock === null) return done;
  // A learner's queue kept during a transaction that then rolled back holds an answer the database
  // never saw, under the version that answer would have made: the next write of hers would make it
  // look current. Forget it (lib/srs/queue-snapshot.ts).
  return done.catch((error: unknown) => {
    storeCacheFor(sqlite ?? poolOf(db)).queues.set(lock, null);
    throw error;
  });
}

/** A single read that needs no transaction. */
export function queryOp<T>(db: Db, op: Op<T>): Promise<T> {
  if (dialectOf(db) === "postgresql") return pgQuery(poolOf(db), op);
  const sqlite = sqliteOf(db);
  return runWhenIdle(sqlite, () => driveSqlite(sqlite, op));
}

/**
 * Forget what the adapter remembers of a learner (./store-cache.ts), after writes that bypass the
 * review store: rescheduling with new parameters, an import.
 */
export function forgetLearnerCache(db: Db, userId: string): void {
  const cache = storeCacheFor(dialectOf(db) === "postgresql" ? poolOf(db) : sqliteOf(db));
  cache.dueCounts.forget(userId, null);
  cache.newFloor.forget(userId);
  cache.queues.set(userId, null);
}
