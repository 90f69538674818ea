import type { Db } from "@/lib/db/client";

/**
 * Failed sign-ins are counted per e-mail and per client address in a sliding window, in the
 * database so the limit holds across restarts and processes.
 */
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;
export const addressKey = (address: string) => `ip:${address}`;

export async function isRateLimited(db: Db, keys: { email: string; address: string }, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const [byEmail, byAddress] = await Promise.all([
    db.loginAttempt.count({ where: { key: emailKey(keys.email), at: { gt: since } } }),
    db.loginAttempt.count({ where: { key: addressKey(keys.address), at: { gt: since } } }),
  ]);
  return byEmail >= MAX_FAILURES_PER_EMAIL || byAddress >= MAX_FAILURES_PER_ADDRESS;
}

export async function recordFailure(db: Db, keys: { email: string; address: string }, now: Date): Promise<void> {
  await db.loginAttempt.createMany({ data: [{ key: emailKey(keys.email), at: now }, { key: addressKey(keys.address), at: now }] });
  // Old rows are useless: prune them now and then instead of letting the table grow.
  if (Math.random() < 0.05) await db.loginAttempt.deleteMany({ where: { at: { lt: new Date(now.getTime() - LOGIN_WINDOW_MS) } } });
}

export async function clearFailures(db: Db, email: string): Promise<void> {
  await db.loginAttempt.deleteMany({ where: { key: emailKey(email) } });
}

/** Account creation: at most this many attempts per client address in the window. */
export const MAX_REGISTRATIONS_PER_ADDRESS = 20;

/** Count one registration attempt from `address`; true when over the limit. */
export async function registrationLimited(db: Db, address: string, now: Date): Promise<boolean> {
  const key = `register:${address}`;
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const count = await db.loginAttempt.count({ where: { key, at: { gt: since } } });
  if (count >= MAX_REGISTRATIONS_PER_ADDRESS) return true;
  await db.loginAttempt.create({ data: { key, at: now } });
  return false;
}
