/**
 * Password attempts (sign-in, password change, restore) and registrations, throttled per account,
 * per client address and per account + address (policy in ./throttle-policy.ts). The check and
 * the count happen in one write transaction before the password is verified, so parallel guesses
 * cannot all pass the check before any of them is counted (issue 13: 20 of 20 were tried).
 *
 * Keys are SHA-256 hashes (fixed size, no e-mail stored: a 4 MB e-mail once filled the table),
 * rows expire, expired rows are deleted on every write and the table never holds more than
 * MAX_ROWS rows.
 */
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { deleteThrottle, pruneThrottles, readThrottle, writeThrottle } from "@/lib/db/auth-store";
import type { SqlOp } from "@/lib/db/sql";
import { writeOp } from "@/lib/db/store";
import {
  FORGET_AFTER_MS,
  KNOWN_ADDRESS_MS,
  PER_ACCOUNT_AND_ADDRESS,
  PER_ACCOUNT_FROM_NEW_ADDRESSES,
  PER_ADDRESS,
  REGISTRATIONS_PER_ADDRESS,
  waitMs,
  type Limit,
} from "./throttle-policy";

/** Upper bound on stored rows; past it the rows closest to expiry go first. */
export const MAX_ROWS = 100_000;

const hash = (...parts: string[]) => createHash("sha256").update(parts.join("\u0000")).digest("base64url");
const account = (email: string) => email.trim().toLowerCase();

export const throttleKeys = (email: string, address: string) => ({
  pair: `pair:${hash(account(email), address)}`,
  address: `addr:${hash(address)}`,
  account: `acct:${hash(account(email))}`,
  known: `known:${hash(account(email), address)}`,
});

type Row = { failures: number; lastAt: Date };

/** All throttle writes take one lock (on PostgreSQL; SQLite has one writer anyway). */
const LOCK = "auth-throttle";

function* read(key: string, now: Date): SqlOp<Row | null> {
  const row = yield* readThrottle(key);
  if (!row || row.expiresAt <= now) return null;
  return { failures: row.failures, lastAt: row.lastAt };
}

/** failures + delta (from 0 when the row expired), last failure now. */
function* bump(key: string, delta: number, now: Date, keepMs = FORGET_AFTER_MS): SqlOp<void> {
  const current = (yield* read(key, now))?.failures ?? 0;
  yield* writeThrottle(key, { failures: Math.max(0, current + delta), lastAt: now, expiresAt: new Date(now.getTime() + keepMs) });
}

/** Delete expired rows, then the rows closest to expiry past `maxRows` (run on every counted attempt). */
export async function pruneThrottle(db: Db, now: Date, maxRows = MAX_ROWS): Promise<void> {
  await writeOp(db, LOCK, pruneThrottles(now, maxRows));
}

export type Attempt = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Check and count one password attempt for `email` from `address`, then run `verify` only if
 * allowed. Returns what verify said, or the wait. A correct password clears the account +
 * address count and marks the address as known to the account.
 */
export async function throttledPasswordCheck<T>(
  db: Db,
  keys: { email: string; address: string },
  now: Date,
  verify: () => Promise<T | null>,
): Promise<{ ok: true; value: T } | { ok: false; retryAfterMs: number }> {
  const k = throttleKeys(keys.email, keys.address);
  const decision = await writeOp(
    db,
    LOCK,
    (function* () {
      const known = (yield* read(k.known, now)) !== null;
      const waits = [waitMs(yield* read(k.pair, now), PER_ACCOUNT_AND_ADDRESS, now)];
      // The owner's own address is slowed only by its own mistakes, never by strangers'.
      if (!known) waits.push(waitMs(yield* read(k.address, now), PER_ADDRESS, now), waitMs(yield* read(k.account, now), PER_ACCOUNT_FROM_NEW_ADDRESSES, now));
      const wait = Math.max(...waits);
      if (wait > 0) return { allowed: false as const, retryAfterMs: wait, known };
      // Counted as a failure now; a success takes it back below.
      yield* pruneThrottles(now, MAX_ROWS);
      yield* bump(k.pair, 1, now);
      if (!known) {
        yield* bump(k.address, 1, now);
        yield* bump(k.account, 1, now);
      }
      return { allowed: true as const, retryAfterMs: 0, known };
    })(),
  );
  if (!decision.allowed) return { ok: false, retryAfterMs: decision.retryAfterMs };
  const value = await verify();
  if (value === null) return { ok: false, retryAfterMs: 0 };
  await writeOp(
    db,
    LOCK,
    (function* () {
      yield* deleteThrottle(k.pair);
      if (!decision.known) {
        yield* bump(k.address, -1, now);
        yield* bump(k.account, -1, now);
      }
      yield* bump(k.known, 0, now, KNOWN_ADDRESS_MS);
    })(),
  );
  return { ok: true, value };
}

/** Count one registration attempt from `address`; the wait in ms when over the limit (0: go ahead). */
export async function registrationWait(db: Db, address: string, now: Date, limit: Limit = REGISTRATIONS_PER_ADDRESS): Promise<number> {
  const key = `register:${hash(address)}`;
  return writeOp(
    db,
    LOCK,
    (function* () {
      const wait = waitMs(yield* read(key, now), limit, now);
      if (wait > 0) return wait;
      yield* pruneThrottles(now, MAX_ROWS);
      yield* bump(key, 1, now);
      return 0;
    })(),
  );
}

/** "try again in 30 seconds" / "in 4 minutes". */
export function retryPhrase(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 90 ? `${s} second${s === 1 ? "" : "s"}` : `${Math.ceil(s / 60)} minutes`;
}
