import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";

/**
 * One ingest writes at a time. An ingest stages its new cards in short transactions and publishes
 * them at the end (lib/ingest/sync.ts); a second ingest running meanwhile would clear those staged
 * rows as a crashed run's leftovers. So each ingest holds a lease: a single row with a holder and an
 * expiry, taken only when absent or expired (one conditional write, atomic on every database),
 * renewed while the holder works, released at the end. A holder that crashed blocks the next ingest
 * for at most LEASE_MS.
 */
export const LEASE_MS = 60_000;
const LEASE_ID = 1;

export class LeaseLostError extends Error {
  constructor() {
    super("Another ingest took over this run's lease (this one stalled for over a minute); nothing of this run was published.");
    this.name = "LeaseLostError";
  }
}

export interface IngestLease {
  /** Push the expiry forward; throws LeaseLostError if another ingest took the lease meanwhile. */
  renew(): Promise<void>;
  release(): Promise<void>;
}

/** Whether the error is a unique-key violation from Prisma (the lease row already exists). */
const isDuplicate = (e: unknown) => (e as { code?: string } | null)?.code === "P2002";

async function tryTake(db: Db, holder: string, now: Date): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + LEASE_MS);
  const taken = await db.ingestLease.updateMany({ where: { id: LEASE_ID, expiresAt: { lt: now } }, data: { holder, expiresAt } });
  if (taken.count === 1) return true;
  try {
    await db.ingestLease.create({ data: { id: LEASE_ID, holder, expiresAt } });
    return true;
  } catch (error) {
    if (isDuplicate(error)) return false;
    throw error;
  }
}

/**
 * Wait (polling, without blocking the event loop) until the lease is free, then hold it.
 * `onWait` is told once when another ingest is running.
 */
export async function takeIngestLease(db: Db, options: { patienceMs?: number; onWait?: () => void } = {}): Promise<IngestLease> {
  const holder = `${process.pid}-${randomBytes(6).toString("hex")}`;
  const deadline = Date.now() + (options.patienceMs ?? 10 * 60_000);
  let told = false;
  for (let wait = 50; !(await tryTake(db, holder, new Date())); wait = Math.min(wait * 2, 1_000)) {
    if (Date.now() > deadline) throw new Error("Another ingest has been running for too long; try again when it has finished.");
    if (!told) options.onWait?.();
    told = true;
    await new Promise((r) => setTimeout(r, wait));
  }
  return {
    async renew() {
      const r = await db.ingestLease.updateMany({ where: { id: LEASE_ID, holder }, data: { expiresAt: new Date(Date.now() + LEASE_MS) } });
      if (r.count !== 1) throw new LeaseLostError();
    },
    async release() {
      await db.ingestLease.deleteMany({ where: { id: LEASE_ID, holder } });
    },
  };
}
