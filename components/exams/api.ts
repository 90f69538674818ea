// The exam screens' calls to /api/exams/*. Wire types come from lib/exams/contract.ts.
import type { ExamApiError, SaveItem, SaveResponse, WeakQueuePreview } from "@/lib/exams/contract";
import { callJson, NetworkError, type ApiResult as JsonResult } from "@/components/json-api";

export { NetworkError };
export type ApiResult<T> = JsonResult<T, ExamApiError>;

const call = <T,>(url: string, body?: unknown, init?: RequestInit) => callJson<T, ExamApiError>(url, body, init);

export const examApi = {
  start: (body: { slug: string } | { quick: { source: "deck" | "tag"; value: string; count: number; minutes: number } }) =>
    call<{ id: string }>("/api/exams/start", body),
  /** keepalive: a save sent as the page is hidden still reaches the server. */
  save: (attemptId: string, answers: SaveItem[], keepalive = false) => call<SaveResponse>("/api/exams/save", { attemptId, answers }, { keepalive }),
  submit: (attemptId: string) => call<{ submittedAt: string; reason: string }>("/api/exams/submit", { attemptId }),
  grade: (attemptId: string, key: string, points: number) =>
    call<{ score: number; maxScore: number; graded: number; complete: boolean }>("/api/exams/grade", { attemptId, key, points }),
  /** The cards "review weak answers" would queue now, without queuing them. */
  previewWeak: (attemptId: string) => call<WeakQueuePreview>("/api/exams/review-weak", { attemptId, preview: true }),
  /** Queue the previewed cards the learner confirmed. */
  reviewWeak: (attemptId: string, cardIds: string[]) => call<{ cards: number; weakParts: number }>("/api/exams/review-weak", { attemptId, cardIds }),
};
