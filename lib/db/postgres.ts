import { createHash } from "node:crypto";
import pg from "pg";
import { encodeArg, textFor, type Statement } from "./sql";
import { storeCacheFor } from "./store-cache";

/**
 * The PostgreSQL side of the hand-written SQL (lib/db/sql.ts): a pool beside Prisma's, whose
 * statements are prepared once per connection by name, with transactions that keep one learner's
 * writes in order.
 *
 * Why a pool of our own: the review loop's operations are a few point reads and writes each;
 * through Prisma's query engine every statement costs a plan and an interpretation, while here it
 * is one round trip on a prepared statement. Prisma keeps everything else (its own pool).
 */

/** `timestamp(3)` holds UTC (Prisma writes it so): read it as UTC, whatever the process's zone. */
const TIMESTAMP = 1114;
const parseUtc = (s: string) => new Date(s.replace(" ", "T") + "Z");
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP && format !== "binary" ? parseUtc : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

export function createPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, types, max: Number(process.env.ATTEND_PG_POOL_SIZE ?? 10) });
  // An idle connection that drops (the server restarted) must not take the process down.
  pool.on("error", (error) => console.error("PostgreSQL pool:", error.message));
  return pool;
}

const names = new Map<string, string>();
const nameOf = (text: string) => {
  let name = names.get(text);
  if (!name) names.set(text, (name = "a" + createHash("sha1").update(text).digest("hex").slice(0, 20)));
  return name;
};

async function execute(pool: pg.Pool, client: pg.PoolClient, s: Statement): Promise<unknown> {
  if (s.mode === "cache") return storeCacheFor(pool);
  if (s.mode === "dialect") return "postgresql";
  const text = textFor("postgresql", s.sql);
  const result = await client.query({ name: nameOf(text), text, values: s.args.map((a) => encodeArg("postgresql", a)) });
  if (s.mode === "all") return result.rows;
  if (s.mode === "get") return result.rows[0];
  return result.rowCount ?? 0;
}

async function drive<T>(pool: pg.Pool, client: pg.PoolClient, op: Generator<unknown, T, unknown>): Promise<T> {
  for (let step = op.next(); ; ) {
    if (step.done) return step.value;
    step = op.next(await execute(pool, client, step.value as Statement));
  }
}

/** A 64-bit advisory lock key for a name (a user's id, a table's job). */
export const lockKey = (name: string) => BigInt.asIntN(64, BigInt("0x" + createHash("sha256").update(name).digest("hex").slice(0, 16))).toString();

async function transaction<T>(pool: pg.Pool, begin: string, op: Generator<unknown, T, unknown>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const value = await drive(pool, client, op);
    await client.query("COMMIT");
    return value;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * How a transaction's prepared statements are planned. "generic": once per connection and
 * statement, and kept (SET LOCAL, in BEGIN's round trip: it ends with the transaction). PostgreSQL's
 * default re-plans a statement on every run when the plan it would keep is estimated dearer,
 * which it does for the review queue's statements over every deck: 0.6–1 ms of planning each time
 * (the queue's reads 1.5–2.1 → 0.6–0.9 ms a run, new cards 1.0–1.5 → 0.4–0.5 ms, measured on
 * the bench seed). Within a deck the parameters (the deck list) decide the plan, and a kept plan
 * is 10–25 times slower (new cards 0.6 → 15 ms), so those transactions keep the default.
 */
export interface PgPlans {
  genericPlans?: boolean;
}

const withPlans = (begin: string, plans: PgPlans) => (plans.genericPlans ? `${begin}; SET LOCAL plan_cache_mode = force_generic_plan` : begin);

/** Reads that must agree: one snapshot. */
export function pgRead<T>(pool: pg.Pool, op: Generator<unknown, T, unknown>, plans: PgPlans = {}): Promise<T> {
  return transaction(pool, withPlans("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", plans), op);
}

/**
 * A write transaction. `lock` names what it must not interleave with (a learner's id: her grades,
 * undo and card actions read, decide and write in order, as one SQLite writer would); the lock is
 * taken with BEGIN, in the same round trip, and released at COMMIT.
 */
export function pgWrite<T>(pool: pg.Pool, lock: string | null, op: Generator<unknown, T, unknown>, plans: PgPlans = {}): Promise<T> {
  return transaction(pool, withPlans(lock === null ? "BEGIN" : `BEGIN; SELECT pg_advisory_xact_lock(${lockKey(lock)})`, plans), op);
}

/** Statements that need no transaction (one read). */
export async function pgQuery<T>(pool: pg.Pool, op: Generator<unknown, T, unknown>): Promise<T> {
  const client = await pool.connect();
  try {
    return await drive(pool, client, op);
  } finally {
    client.release();
  }
}
