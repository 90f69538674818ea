import { dateOf, get, numOf, run, type SqlOp } from "./sql";

/**
 * Storage for sign-in: the session check's user row and the password-attempt counters
 * (lib/auth/rate-limit.ts decides; these only load and store), in SQL for both databases
 * (lib/db/sql.ts), run by lib/db/store.ts.
 */

/** The account row a session names, with its session version; null when deleted. */
export function* sessionUser(id: string): SqlOp<{ id: string; email: string; name: string; role: string; sessionVersion: number } | null> {
  const r = yield* get(`SELECT "id", "email", "name", "role", "sessionVersion" FROM "User" WHERE "id" = ?`, id);
  return r ? { id: String(r.id), email: String(r.email), name: String(r.name), role: String(r.role), sessionVersion: numOf(r.sessionVersion) } : null;
}

export interface ThrottleRow {
  failures: number;
  lastAt: Date;
  expiresAt: Date;
}

export function* readThrottle(key: string): SqlOp<ThrottleRow | null> {
  const r = yield* get(`SELECT "failures", "lastAt", "expiresAt" FROM "AuthThrottle" WHERE "key" = ?`, key);
  return r ? { failures: numOf(r.failures), lastAt: dateOf(r.lastAt), expiresAt: dateOf(r.expiresAt) } : null;
}

export function* writeThrottle(key: string, row: ThrottleRow): SqlOp<void> {
  yield* run(
    `INSERT INTO "AuthThrottle" ("key", "failures", "lastAt", "expiresAt") VALUES (?, ?, ?, ?)
     ON CONFLICT ("key") DO UPDATE SET "failures" = excluded."failures", "lastAt" = excluded."lastAt", "expiresAt" = excluded."expiresAt"`,
    key, row.failures, row.lastAt, row.expiresAt,
  );
}

export function* deleteThrottle(key: string): SqlOp<void> {
  yield* run(`DELETE FROM "AuthThrottle" WHERE "key" = ?`, key);
}

/** Delete rows expired at `now`; then, past `maxRows`, the rows closest to expiry. */
export function* pruneThrottles(now: Date, maxRows: number): SqlOp<void> {
  yield* run(`DELETE FROM "AuthThrottle" WHERE "expiresAt" <= ?`, now);
  const n = numOf((yield* get(`SELECT COUNT(*) AS "n" FROM "AuthThrottle"`))!.n);
  if (n > maxRows) yield* run(`DELETE FROM "AuthThrottle" WHERE "key" IN (SELECT "key" FROM "AuthThrottle" ORDER BY "expiresAt" ASC LIMIT ?)`, n - maxRows);
}
