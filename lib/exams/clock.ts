import type { AttemptClock } from "./types";

/**
 * The server-side clock of an attempt. Time always comes in as `now`; nothing here reads
 * Date.now(). The deadline is fixed at start; the grace period only lets saves that were
 * already in flight at the deadline land, it never gives the learner more time to type.
 */

/** Minutes per question when a test's front matter gives no time_limit_minutes. */
export const DEFAULT_MINUTES_PER_QUESTION = 3;
/** Saves in flight at the deadline are accepted this long after it (ms). */
export const SAVE_GRACE_MS = 10_000;
/** Bounds for a limit asked for by a learner (quick tests), minutes. */
export const MIN_LIMIT_MINUTES = 1;
export const MAX_LIMIT_MINUTES = 24 * 60;

/** The time limit in minutes: the author's, else DEFAULT_MINUTES_PER_QUESTION per question. */
export function limitMinutesFor(timeLimitMinutes: number | null, questionCount: number): number {
  if (timeLimitMinutes !== null && timeLimitMinutes > 0) return timeLimitMinutes;
  return Math.max(MIN_LIMIT_MINUTES, questionCount * DEFAULT_MINUTES_PER_QUESTION);
}

/** startedAt + limit. */
export function deadlineFor(startedAt: Date, limitMinutes: number): Date {
  return new Date(startedAt.getTime() + limitMinutes * 60_000);
}

/** ms left to answer, never negative; 0 once submitted. */
export function timeLeft(attempt: AttemptClock, now: Date): number {
  if (attempt.submittedAt) return 0;
  return Math.max(0, attempt.deadline.getTime() - now.getTime());
}

/** The learner can still answer: not submitted and before the deadline. */
export function isOpen(attempt: AttemptClock, now: Date): boolean {
  return attempt.submittedAt === null && now.getTime() < attempt.deadline.getTime();
}

/**
 * A save arriving at `now` is accepted: up to deadline + grace, unless the learner submitted
 * (a submit by the deadline itself still lets in-flight saves from other tabs land).
 */
export function acceptsSave(attempt: AttemptClock, now: Date): boolean {
  if (attempt.submittedAt && attempt.submitReason !== "deadline") return false;
  return now.getTime() <= attempt.deadline.getTime() + attempt.graceMs;
}

/** Open past deadline + grace: the sweep submits it with reason "deadline". */
export function isExpired(attempt: AttemptClock, now: Date): boolean {
  return attempt.submittedAt === null && now.getTime() > attempt.deadline.getTime() + attempt.graceMs;
}

/** Why a submit at `now` happens: on time, or because the clock ran out. */
export function submitReasonAt(attempt: AttemptClock, now: Date): "submitted" | "deadline" {
  return now.getTime() >= attempt.deadline.getTime() ? "deadline" : "submitted";
}

/**
 * The submission a submit (or the sweep) at `now` records: on time → now, "submitted" (or
 * "deadline" from the deadline on); after deadline + grace → recorded at the moment the clock ran
 * out, reason "deadline", whoever noticed it and however late.
 */
export function submissionAt(attempt: AttemptClock, now: Date): { at: Date; reason: "submitted" | "deadline" } {
  if (isExpired(attempt, now)) return { at: new Date(attempt.deadline.getTime() + attempt.graceMs), reason: "deadline" };
  return { at: now, reason: submitReasonAt(attempt, now) };
}
