import type { SessionUser } from "@/lib/auth/users";
import { ExamError } from "@/lib/db/exams";
import { apiError, withUser } from "./api";

/**
 * withUser for app/api/exams/*: ExamError becomes 404 (not-found), 409 with code "closed" (a
 * save or start after the clock ran out) or 400 (invalid), with the message for the learner.
 */
export function withExamUser(handler: (user: SessionUser, request: Request) => Promise<Response>) {
  return withUser(async (user, request) => {
    try {
      return await handler(user, request);
    } catch (error) {
      if (error instanceof ExamError) {
        const status = error.code === "not-found" ? 404 : error.code === "closed" ? 409 : 400;
        return apiError(status, error.message, undefined, { code: error.code });
      }
      throw error;
    }
  });
}
