import type { StateCandidate } from "@/lib/srs/port";
import { dateOf, IN_LIST, list, numOf, type Row } from "./sql";

/** SQL fragments and row readers shared by the review loop's storage (review-store.ts, study-store.ts). */

/** ` AND c."deckId" IN (...)` for a deck scope, or nothing; deckArgs is its parameter. */
export const deckFilter = (deckIds: string[] | null) => (deckIds ? ` AND c."deckId" ${IN_LIST}` : "");
export const deckArgs = (deckIds: string[] | null) => (deckIds ? [list(deckIds)] : []);

/** A state row not buried now; its parameter is now. */
export const NOT_BURIED = `(s."buriedUntil" IS NULL OR s."buriedUntil" <= ?)`;

export const toCandidate = (r: Row): StateCandidate => ({
  cardId: String(r.cardId),
  due: dateOf(r.due),
  state: numOf(r.state),
  groupKey: (r.groupKey as string | null) ?? null,
  position: numOf(r.position),
});
