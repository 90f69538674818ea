import path from "node:path";

/** Default database: an SQLite file inside the project, created on first start. */
export const DEFAULT_DATABASE_URL = "file:./data/attend.db";

/**
 * DATABASE_URL, or the embedded SQLite default. A relative `file:` path is resolved against the
 * project root (cwd of every CLI and of `next start`), so all tools share one file.
 */
export function databaseUrl(env: { DATABASE_URL?: string; [name: string]: string | undefined } = process.env): string {
  const url = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  if (!url.startsWith("file:")) return url;
  const file = url.slice("file:".length);
  return "file:" + (path.isAbsolute(file) ? file : path.resolve(/*turbopackIgnore: true*/ process.cwd(), file));
}

/** Filesystem path of an SQLite `file:` URL. */
export function sqliteFile(url: string): string {
  return url.replace(/^file:/, "");
}

/** A PostgreSQL connection URL (`postgresql://` or `postgres://`); anything else is SQLite. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/i, "$1:***@");
}
