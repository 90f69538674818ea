/**
 * The exam API's wire format, shared by app/api/exams/* and components/exams/*. Dates travel as
 * ISO strings; `serverNow` lets the client derive the countdown from the server's clock.
 */
import { z } from "zod";

export const startRequestSchema = z.union([
  z.object({ slug: z.string().min(1).max(200) }),
  z.object({
    quick: z.object({
      source: z.enum(["deck", "tag"]),
      value: z.string().min(1).max(200),
      count: z.number().int().min(1).max(50),
      minutes: z.number().int().min(1).max(24 * 60),
    }),
  }),
]);
export type StartRequest = z.infer<typeof startRequestSchema>;

export const saveItemSchema = z.object({
  key: z.string().min(1).max(20),
  text: z.string().max(50_000),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  clientTime: z.number().min(0).max(8.64e15),
});
export type SaveItem = z.infer<typeof saveItemSchema>;

export const saveRequestSchema = z.object({
  attemptId: z.string().min(1).max(100),
  answers: z.array(saveItemSchema).min(1).max(500),
});

export const attemptActionSchema = z.object({ attemptId: z.string().min(1).max(100) });

/** "Review weak answers": `preview` lists the cards without queuing; otherwise `cardIds` are the ones the learner saw. */
export const reviewWeakRequestSchema = attemptActionSchema.extend({
  preview: z.boolean().optional(),
  cardIds: z.array(z.string().min(1).max(100)).max(500).optional(),
});

export interface WeakQueuePreview {
  weakParts: number;
  cards: { id: string; questionHtml: string; score: number; questionNumber: number }[];
}

export const gradeRequestSchema = z.object({
  attemptId: z.string().min(1).max(100),
  key: z.string().min(1).max(20),
  points: z.number().int().min(0).max(100),
});

export interface SavedAnswer {
  key: string;
  text: string;
  seq: number;
  clientTime: number;
}

export interface SaveResponse {
  /** Per key: the version the server now holds (the client's, or a newer one from another tab). */
  answers: SavedAnswer[];
  serverNow: string;
  deadline: string;
}

export interface ExamApiError {
  error: string;
  code?: "closed" | "not-found" | "invalid" | "unauthorized";
}
