// The review screen's calls to /api/review/*. Wire types come from lib/review/contract.ts.
import type { ApiError, GradeRequest, GradeResponse, NextResponse, UndoResponse } from "@/lib/review/contract";

/** The request never reached the server or its answer never came back: safe to retry when idempotent. */
export class NetworkError extends Error {}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: ApiError };

async function call<T>(url: string, body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  // A proxy between us and the server failing is the same as the network failing.
  if (res.status === 502 || res.status === 503 || res.status === 504) throw new NetworkError(`HTTP ${res.status}`);
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    if (res.ok) throw new NetworkError("The answer was cut off.");
    json = { error: `HTTP ${res.status}` };
  }
  return res.ok ? { ok: true, data: json as T } : { ok: false, status: res.status, error: json as ApiError };
}

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
