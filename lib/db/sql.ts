/**
 * Hand-written SQL that runs on both databases: a statement is data (text, parameters, how to read
 * the result), and a storage operation is a generator that yields statements and receives their
 * rows. The two adapters (lib/db/sqlite.ts, lib/db/postgres.ts) run the same generator, SQLite
 * synchronously inside one transaction on the connection Prisma uses, PostgreSQL asynchronously on
 * a pooled connection; the operation's code is written once.
 *
 * The text is written once, in the SQL both databases accept (quoted identifiers, JOIN, EXISTS,
 * LIMIT, ON CONFLICT ... DO UPDATE, TRUE/FALSE), with `?` parameters. What differs is spelled in
 * one place each:
 * - `?` becomes `$1..$n` on PostgreSQL;
 * - lists: `c."id" ${IN_LIST}` takes one `list([...])` parameter (SQLite: json_each over a JSON
 *   text, so the statement and its cached preparation do not depend on the length; PostgreSQL:
 *   `= ANY($n)` over an array);
 * - SQLite's `INDEXED BY` hints are dropped on PostgreSQL, whose planner has statistics;
 * - anything else (JSON functions, row locks) is written per dialect with `bySql({ sqlite,
 *   postgresql })`, both with `?` parameters.
 * Values go through one codec per dialect (`encodeArg` here, row readers below): dates are ISO
 * text on SQLite (Prisma's format, "+00:00", text order is time order) and `timestamp(3)` in UTC
 * on PostgreSQL; booleans are 0/1 on SQLite; 64-bit counts come back as numbers.
 */
import type { Dialect } from "./dialect";
import type { StoreCache } from "./store-cache";

export type Row = Record<string, unknown>;

/** A list parameter (see IN_LIST). */
export class SqlList {
  constructor(readonly values: readonly (string | number)[]) {}
}
export const list = (values: readonly (string | number)[]) => new SqlList(values);

/** `IN (...)` over one list parameter. */
export const IN_LIST = `IN (SELECT value FROM json_each(?))`;

/** Statement text that differs between the dialects. */
export interface DialectSql {
  sqlite: string;
  postgresql: string;
}
export const bySql = (text: DialectSql) => text;

/**
 * "cache": not a statement; the runner answers with its database's StoreCache (./store-cache.ts).
 * "dialect": not a statement; the runner answers which database it is, for the few operations
 * whose number of statements differs (PostgreSQL can write several tables in one).
 */
export type Mode = "all" | "get" | "run" | "cache" | "dialect";

export interface Statement {
  mode: Mode;
  sql: string | DialectSql;
  args: readonly unknown[];
}

/** What a statement gives back: rows for "all", one row or undefined for "get", rows changed for "run". */
export type Result<M extends Mode> = M extends "all" ? Row[] : M extends "get" ? Row | undefined : number;

/** A storage operation (or a whole plan): yields statements, gets their results, returns T. */
export type SqlOp<T> = Generator<Statement, T, unknown>;

export function* all(sql: string | DialectSql, ...args: unknown[]): SqlOp<Row[]> {
  return (yield { mode: "all", sql, args }) as Row[];
}
export function* get(sql: string | DialectSql, ...args: unknown[]): SqlOp<Row | undefined> {
  return (yield { mode: "get", sql, args }) as Row | undefined;
}
/** The in-process cache of the database this operation runs on (./store-cache.ts). */
export function* storeCache(): SqlOp<StoreCache> {
  return (yield { mode: "cache", sql: "", args: [] }) as StoreCache;
}
/** Which database this operation runs on. */
export function* dialect(): SqlOp<Dialect> {
  return (yield { mode: "dialect", sql: "", args: [] }) as Dialect;
}
/** Rows changed. */
export function* run(sql: string | DialectSql, ...args: unknown[]): SqlOp<number> {
  return (yield { mode: "run", sql, args }) as number;
}

const translated = new Map<string, string>();

/** The statement's text for a dialect (PostgreSQL's translated once per text, then cached). */
export function textFor(dialect: Dialect, sql: string | DialectSql): string {
  const text = typeof sql === "string" ? sql : sql[dialect];
  if (dialect === "sqlite") return text;
  let out = translated.get(text);
  if (out === undefined) {
    let n = 0;
    out = text
      .replaceAll(IN_LIST, "= ANY(?)")
      .replace(/\s+INDEXED BY\s+"[^"]+"/g, "")
      .replace(/\?/g, () => `$${++n}`);
    translated.set(text, out);
  }
  return out;
}

/** A parameter as the dialect stores it. */
export function encodeArg(dialect: Dialect, v: unknown): unknown {
  if (v instanceof Date) return dialect === "sqlite" ? v.toISOString().replace("Z", "+00:00") : v.toISOString();
  if (typeof v === "boolean") return dialect === "sqlite" ? (v ? 1 : 0) : v;
  if (v instanceof SqlList) return dialect === "sqlite" ? JSON.stringify(v.values) : [...v.values];
  return v;
}

// ---- reading values back, whichever database they came from -----------------------------------

/** A DateTime column: ISO text (SQLite), a Date (PostgreSQL, parsed as UTC by lib/db/postgres.ts), or epoch ms. */
export const dateOf = (v: unknown): Date => (v instanceof Date ? v : typeof v === "number" ? new Date(v) : new Date(String(v)));
export const dateOrNullOf = (v: unknown): Date | null => (v === null || v === undefined ? null : dateOf(v));
/** A Boolean column: 0/1 (SQLite) or true/false (PostgreSQL). */
export const boolOf = (v: unknown): boolean => v === true || v === 1 || v === 1n || v === "1" || v === "t";
/** An integer or a count (PostgreSQL returns 64-bit counts as text). */
export const numOf = (v: unknown): number => Number(v);
