/**
 * Offline review on the database: the plans of lib/srs/offline-loop.ts (the day's queue a device
 * keeps; grades made offline merged back) in one transaction each, on SQLite or PostgreSQL
 * (lib/db/store.ts), with the review loop's storage (lib/db/review-store.ts) and the three
 * statements sync adds. Nothing here decides.
 */
import type { Db } from "./client";
import type { OfflineBundle, SyncResponse } from "@/lib/review/offline-contract";
import { offlineBundle, syncGrades as syncPlan, type BundleOptions, type SyncStore } from "@/lib/srs/offline-loop";
import type { DeviceGrade, StoredAnswer } from "@/lib/srs/replay";
import type { SrsGrade } from "@/lib/srs/scheduler";
import { reviewStore } from "./review-store";
import { all, dateOf, numOf, run, type SqlOp } from "./sql";
import { readOp, writeOp } from "./store";

export const syncStore = {
  ...reviewStore,

  *cardLog(userId: string, cardId: string): SqlOp<StoredAnswer[]> {
    const rows = yield* all(
      `SELECT "id", "rating", "state", "due", "previousDue", "stability", "difficulty", "elapsedDays", "lastElapsedDays",
              "scheduledDays", "learningSteps", "review"
       FROM "ReviewLog" WHERE "userId" = ? AND "cardId" = ?`,
      userId, cardId,
    );
    return rows.map((r) => ({
      id: String(r.id),
      log: {
        rating: numOf(r.rating) as SrsGrade,
        state: numOf(r.state),
        due: dateOf(r.due),
        previous_due: dateOf(r.previousDue),
        stability: numOf(r.stability),
        difficulty: numOf(r.difficulty),
        elapsed_days: numOf(r.elapsedDays),
        last_elapsed_days: numOf(r.lastElapsedDays),
        scheduled_days: numOf(r.scheduledDays),
        learning_steps: numOf(r.learningSteps),
        review: dateOf(r.review),
      },
    }));
  },

  *rewriteLog(l: Parameters<SyncStore["rewriteLog"]>[0]): SqlOp<void> {
    yield* run(
      `UPDATE "ReviewLog" SET "state" = ?, "due" = ?, "previousDue" = ?, "stability" = ?, "difficulty" = ?, "elapsedDays" = ?,
              "lastElapsedDays" = ?, "scheduledDays" = ?, "learningSteps" = ?
       WHERE "id" = ? AND "userId" = ? AND "cardId" = ?`,
      l.state, l.due, l.previousDue, l.stability, l.difficulty, l.elapsedDays, l.lastElapsedDays, l.scheduledDays, l.learningSteps, l.id, l.userId, l.cardId,
    );
  },

  *deleteCardActions(userId: string, cardId: string): SqlOp<void> {
    yield* run(`DELETE FROM "ReviewAction" WHERE "userId" = ? AND "cardId" = ?`, userId, cardId);
  },
} satisfies SyncStore;

/** Today's queue for the device to keep, from one snapshot. */
export function getOfflineBundle(db: Db, userId: string, opts: BundleOptions): Promise<OfflineBundle> {
  return readOp(db, offlineBundle(syncStore, userId, opts));
}

/** Record grades made offline, all in one transaction. */
export function syncGrades(db: Db, userId: string, grades: DeviceGrade[], now: Date): Promise<SyncResponse> {
  return writeOp(db, userId, syncPlan(syncStore, userId, grades, now));
}
