import { Prisma } from "@/generated/prisma/client";
import type { Db } from "./client";

/**
 * The few SQL fragments that differ between SQLite and PostgreSQL, written once per dialect.
 * A client records its dialect when it is made (lib/db/client.ts); queries ask for fragments here
 * instead of spelling one database's functions.
 */
export type Dialect = "sqlite" | "postgresql";

const DIALECT = Symbol.for("attend.dialect");

export function registerDialect(db: object, dialect: Dialect): void {
  Object.defineProperty(db, DIALECT, { value: dialect, enumerable: false });
}

export function dialectOf(db: Db): Dialect {
  return (db as unknown as { [DIALECT]?: Dialect })[DIALECT] ?? "sqlite";
}

/** Whole seconds since the Unix epoch of a DateTime column (Prisma stores ISO text on SQLite). */
export function epochSeconds(db: Db, column: Prisma.Sql): Prisma.Sql {
  return dialectOf(db) === "postgresql"
    ? Prisma.sql`CAST(FLOOR(EXTRACT(EPOCH FROM ${column})) AS BIGINT)`
    : Prisma.sql`CAST(strftime('%s', ${column}) AS INTEGER)`;
}
