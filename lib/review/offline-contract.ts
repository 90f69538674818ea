/**
 * Wire format of offline review (docs/offline.md): the day's queue a device keeps
 * (GET /api/review/offline) and the grades it sends back (POST /api/review/sync).
 * Dates travel as ISO strings; reviveState turns a state back into the rules' type.
 */
import { z } from "zod";
import type { LearnerCardState } from "@/lib/srs/actions";
import type { SrsSettings } from "@/lib/srs/settings";
import type { ReviewCardView } from "./contract";

/** A card as the device keeps it: what the screen shows, where it sits in the queue, and the learner's state. */
export interface OfflineCard {
  view: Omit<ReviewCardView, "intervals" | "seen" | "state">;
  groupKey: string | null;
  position: number;
  /** null: the learner has not started this card. */
  state: LearnerCardState | null;
}

export interface OfflineBundle {
  /** When the server read it. */
  fetchedAt: string;
  deck: string | null;
  /** The learner's zone: the device works out study days itself (a train may cross midnight). */
  timeZone: string;
  dayStart: string;
  dayEnd: string;
  /** Answers already given today (the daily limits count them). */
  doneToday: { newCount: number; reviewCount: number; total: number };
  groupsAnsweredToday: string[];
  /** The settings that decide the queue's limits (the deck's, or the learner's). */
  queueSettings: SrsSettings;
  /** The scheduling settings of every deck a card is in, by deck path. */
  settings: Record<string, SrsSettings>;
  /** In queue order; at most MAX_OFFLINE_CARDS and about MAX_OFFLINE_BYTES of JSON. */
  cards: OfflineCard[];
  /** More cards were due than fit the cap. */
  truncated: boolean;
}

/** The cap on what a device keeps for a day (JSON text of the cards). */
export const MAX_OFFLINE_BYTES = 4 * 1024 * 1024;
export const MAX_OFFLINE_CARDS = 500;

const date = (v: unknown): Date => new Date(String(v));

/** A state that came through JSON, with its dates back. */
export function reviveState(o: LearnerCardState | null): LearnerCardState | null {
  if (!o) return null;
  return {
    ...o,
    due: date(o.due),
    lastReview: o.lastReview === null ? null : date(o.lastReview),
    buriedUntil: o.buriedUntil === null ? null : date(o.buriedUntil),
    updatedAt: date(o.updatedAt),
  };
}

export const MAX_SYNC_GRADES = 500;

export const syncRequestSchema = z.object({
  grades: z
    .array(
      z.object({
        reviewId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "reviewId: 8-64 letters, digits, '-' or '_'"),
        cardId: z.string().min(1).max(100),
        grade: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
        /** When the learner gave the grade, by the device's clock. */
        review: z.string().datetime({ offset: true }),
        durationMs: z.number().int().min(0).max(24 * 3600 * 1000),
      }),
    )
    .min(1, "grades: at least one")
    .max(MAX_SYNC_GRADES, `grades: at most ${MAX_SYNC_GRADES} at a time`),
});
export type SyncRequest = z.infer<typeof syncRequestSchema>;

export interface SyncResponse {
  /** Recorded now. */
  recorded: string[];
  /** Already recorded before (a retry): nothing changed. */
  duplicates: string[];
  /** Given before a later forget or set due of the card on another device: not applied. */
  superseded: string[];
  /** Not recorded, with the reason (the card was removed from the content meanwhile). */
  rejected: { reviewId: string; reason: string }[];
  /** Cards that became leeches. */
  leeches: string[];
}
