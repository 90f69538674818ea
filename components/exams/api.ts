// The exam screens' calls to /api/exams/*. Wire types come from lib/exams/contract.ts.
import type { ExamApiError, SaveItem, SaveResponse } from "@/lib/exams/contract";

/** The request never reached the server or its answer never came back. */
export class NetworkError extends Error {}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: ExamApiError };

async function call<T>(url: string, body?: unknown, init: RequestInit = {}): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      ...init,
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  if (res.status === 502 || res.status === 503 || res.status === 504) throw new NetworkError(`HTTP ${res.status}`);
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    if (res.ok) throw new NetworkError("The answer was cut off.");
    json = { error: `HTTP ${res.status}` };
  }
  return res.ok ? { ok: true, data: json as T } : { ok: false, status: res.status, error: json as ExamApiError };
}

export const examApi = {
  start: (body: { slug: string } | { quick: { source: "deck" | "tag"; value: string; count: number; minutes: number } }) =>
    call<{ id: string }>("/api/exams/start", body),
  /** keepalive: a save sent as the page is hidden still reaches the server. */
  save: (attemptId: string, answers: SaveItem[], keepalive = false) => call<SaveResponse>("/api/exams/save", { attemptId, answers }, { keepalive }),
  submit: (attemptId: string) => call<{ submittedAt: string; reason: string }>("/api/exams/submit", { attemptId }),
  grade: (attemptId: string, key: string, points: number) =>
    call<{ score: number; maxScore: number; graded: number; complete: boolean }>("/api/exams/grade", { attemptId, key, points }),
  reviewWeak: (attemptId: string) => call<{ cards: number; weakParts: number }>("/api/exams/review-weak", { attemptId }),
};
