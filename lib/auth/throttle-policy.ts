/**
 * How long a password attempt must wait, given the failures already counted for it. Pure: the
 * counts and the clock come in, a wait in ms goes out (lib/auth/rate-limit.ts stores the counts).
 *
 * Delays grow instead of locking: a learner who mistypes five times waits 30 s, then 1, 2, 4, 8
 * minutes, never more than 15, and only for the account on that one address. Strangers elsewhere
 * cannot add to that count (issue 13: 22 wrong logins from strangers locked everyone out).
 */
export interface Limit {
  /** Failures allowed without any wait. */
  free: number;
}

/** Failures on one account from one client address. */
export const PER_ACCOUNT_AND_ADDRESS: Limit = { free: 5 };
/** Failures from one client address, all accounts together (one stranger guessing many accounts). */
export const PER_ADDRESS: Limit = { free: 20 };
/** Failures on one account from addresses it never signed in from (many strangers, one account). */
export const PER_ACCOUNT_FROM_NEW_ADDRESSES: Limit = { free: 10 };
/** Account creations from one client address. */
export const REGISTRATIONS_PER_ADDRESS: Limit = { free: 20 };

export const FIRST_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 15 * 60_000;
/** A count is forgotten this long after its last failure (at least as long as the longest delay). */
export const FORGET_AFTER_MS = MAX_DELAY_MS;
/** An address an account signed in from is "known" for this long: strangers' failures do not slow it down. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60_000;

/** The delay after `failures` failures: none up to `free`, then 30 s doubling per failure, at most 15 minutes. */
export function delayAfter(failures: number, limit: Limit): number {
  if (failures < limit.free) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(failures - limit.free, 20));
}

/** ms still to wait before the next attempt (0: go ahead). A count whose row expired is no count. */
export function waitMs(count: { failures: number; lastAt: Date } | null, limit: Limit, now: Date): number {
  if (!count) return 0;
  return Math.max(0, count.lastAt.getTime() + delayAfter(count.failures, limit) - now.getTime());
}
