// The review screen's calls to /api/review/*. Wire types come from lib/review/contract.ts.
import type { ApiError, GradeRequest, GradeResponse, NextResponse, UndoResponse } from "@/lib/review/contract";
import { callJson, NetworkError, type ApiResult as JsonResult } from "@/components/json-api";

export { NetworkError };
export type ApiResult<T> = JsonResult<T, ApiError>;

const call = <T,>(url: string, body?: unknown, init?: RequestInit) => callJson<T, ApiError>(url, body, init);

const deckQuery = (deck?: string) => (deck ? `?deck=${encodeURIComponent(deck)}` : "");

export const reviewApi = {
  next: (deck?: string) => call<NextResponse>(`/api/review/next${deckQuery(deck)}`),
  grade: (request: GradeRequest) => call<GradeResponse>("/api/review/grade", request),
  undo: (deck?: string) => call<UndoResponse>("/api/review/undo", { deck }),
  bury: (cardId: string, deck?: string) => call<NextResponse>("/api/review/bury", { cardId, deck }),
  suspend: (cardId: string, deck?: string) => call<NextResponse>("/api/review/suspend", { cardId, deck }),
};

/**
 * A review id: 16 random bytes, base64url (22 characters). getRandomValues works on plain-http
 * LAN addresses, where crypto.randomUUID is missing (it needs a secure context).
 */
export function newReviewId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Wait before retry `attempt` (0-based): 0.5 s, 1 s, 2 s, 4 s, then every 8 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(8000, 500 * 2 ** attempt);
}

/** "in 8 minutes", "in 1 hour", "now" — for "come back …". */
export function comeBackIn(due: Date, now: Date): string {
  const minutes = Math.ceil((due.getTime() - now.getTime()) / 60_000);
  if (minutes <= 0) return "now";
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  return `in ${hours} hour${hours === 1 ? "" : "s"}`;
}
