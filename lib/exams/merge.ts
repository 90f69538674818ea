import type { Version } from "./types";

/**
 * Newest text wins. Clients keep a Lamport-style counter per attempt (shared by tabs through
 * localStorage, raised to every seq the server reports), so a higher seq was typed after the
 * learner saw the lower one; equal seqs (two tabs that had not seen each other) fall back to the
 * client clock. Order of arrival never matters, and the same save twice changes nothing.
 */
export function isNewer(incoming: Version, stored: Version | null): boolean {
  if (!stored) return true;
  if (incoming.seq !== stored.seq) return incoming.seq > stored.seq;
  return incoming.clientTime > stored.clientTime;
}

/** The winner of two versions of one answer (the stored one on a tie: idempotent). */
export function newest<T extends Version>(stored: T | null, incoming: T): T {
  return stored && !isNewer(incoming, stored) ? stored : incoming;
}
