import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * Throwaway PostgreSQL databases for tests, on the server `.ci/run` makes sure is running
 * (ATTEND_PG_ADMIN_URL, default the local one with trust authentication). No server is a failure,
 * not a skip: these tests are part of the suite.
 */
export const PG_ADMIN_URL = process.env.ATTEND_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new empty database; `drop` removes it (closing anyone still connected). */
export async function tempPostgres(prefix = "attend_test"): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
