import pg from "pg";
import { PG_ADMIN_URL } from "./postgres";

/** The PostgreSQL run's global set-up: fails early without a server, drops its databases at the end. */
const PREFIX = "attend_run_";

async function dropRunDatabases(): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${PREFIX}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export async function setup(): Promise<() => Promise<void>> {
  await dropRunDatabases();
  return dropRunDatabases;
}
