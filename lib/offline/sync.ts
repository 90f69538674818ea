/**
 * Sends the grades kept on this device to the server (POST /api/review/sync), oldest first, in
 * batches, and forgets each one the server has answered for. One sync at a time per browser
 * (Web Locks across tabs); a second tab's attempt waits and then finds nothing left to send.
 */
import { MAX_SYNC_GRADES, type SyncRequest, type SyncResponse } from "@/lib/review/offline-contract";
import { pendingGrades, removeGrades } from "./store";

export interface SyncOutcome {
  /** Grades the server recorded now (or had already). */
  sent: number;
  superseded: number;
  rejected: { reviewId: string; reason: string }[];
  leeches: string[];
  /** Still on the device: the server could not be reached or refused the batch. */
  remaining: number;
  /** Why the last attempt stopped, when it did: "offline", "signed-out" or the server's message. */
  problem: string | null;
}

async function exclusive<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator !== "undefined" && navigator.locks) return navigator.locks.request("attend-offline-sync", work);
  return work();
}

export function syncPending(userId: string): Promise<SyncOutcome> {
  return exclusive(async () => {
    const outcome: SyncOutcome = { sent: 0, superseded: 0, rejected: [], leeches: [], remaining: 0, problem: null };
    let pending = await pendingGrades(userId);
    while (pending.length) {
      const batch = pending.slice(0, MAX_SYNC_GRADES);
      const body: SyncRequest = {
        grades: batch.map((p) => ({ reviewId: p.reviewId, cardId: p.cardId, grade: p.grade, review: p.review.toISOString(), durationMs: p.durationMs })),
      };
      let response: Response;
      try {
        response = await fetch("/api/review/sync", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), credentials: "same-origin" });
      } catch {
        outcome.problem = "offline";
        break;
      }
      if (!response.ok) {
        outcome.problem = response.status === 401 ? "signed-out" : ((await response.json().catch(() => null)) as { error?: string } | null)?.error ?? `HTTP ${response.status}`;
        break;
      }
      const result = (await response.json()) as SyncResponse;
      await removeGrades(userId, [...result.recorded, ...result.duplicates, ...result.superseded, ...result.rejected.map((r) => r.reviewId)]);
      outcome.sent += result.recorded.length + result.duplicates.length;
      outcome.superseded += result.superseded.length;
      outcome.rejected.push(...result.rejected);
      outcome.leeches.push(...result.leeches);
      pending = await pendingGrades(userId);
      if (pending.length && batch.every((b) => pending.some((p) => p.reviewId === b.reviewId))) {
        outcome.problem = "The server did not answer for these grades.";
        break;
      }
    }
    outcome.remaining = (await pendingGrades(userId)).length;
    return outcome;
  });
}
