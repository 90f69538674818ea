/**
 * Where the two Prisma schemas live, and how the PostgreSQL one derives from the SQLite one
 * (scripts/db-schema.ts writes it; tests/db/schema.test.ts checks it is current). Only the header,
 * the datasource and the generator's output differ: the models are the same text, so both
 * generated clients have the same model API.
 */
export const SQLITE_SCHEMA = "prisma/schema.prisma";
export const POSTGRES_SCHEMA = "prisma/postgres/schema.prisma";
export const SQLITE_MIGRATIONS = "prisma/migrations";
export const POSTGRES_MIGRATIONS = "prisma/postgres/migrations";

const HEADER = "// GENERATED from prisma/schema.prisma by `npm run db:schema`: edit that file, not this one.\n";
const SQLITE_OUTPUT = 'output     = "../generated/prisma"';
const POSTGRES_OUTPUT = 'output     = "../../generated/prisma-pg"';
const SQLITE_SOURCE = 'provider = "sqlite"';
const POSTGRES_SOURCE = 'provider = "postgresql"';
const SQLITE_URL = 'url      = "file:./placeholder.db"';
const POSTGRES_URL = 'url      = "postgresql://placeholder/attend"';

function swap(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`The schema no longer contains ${JSON.stringify(from)}; update lib/db/schema-files.ts.`);
  return text.replace(from, to);
}

export function postgresSchema(sqlite: string): string {
  return HEADER + swap(swap(swap(sqlite, SQLITE_OUTPUT, POSTGRES_OUTPUT), SQLITE_SOURCE, POSTGRES_SOURCE), SQLITE_URL, POSTGRES_URL);
}

/** The SQLite schema a derived PostgreSQL schema came from (to diff from the previous version). */
export function sqliteSchemaFrom(postgres: string): string {
  return swap(swap(swap(swap(postgres, HEADER, ""), POSTGRES_OUTPUT, SQLITE_OUTPUT), POSTGRES_SOURCE, SQLITE_SOURCE), POSTGRES_URL, SQLITE_URL);
}
