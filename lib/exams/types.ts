/**
 * Plain data for timed attempts (issue 5). An attempt carries a snapshot of its questions, with
 * HTML rendered at ingest time, so editing the test later never changes an attempt already taken.
 */

export interface ExamPart {
  /** Answer key: question number plus part label ("3a"), or the number alone ("3") without parts. */
  key: string;
  /** "a", "b", ... or "" for a question without lettered parts. */
  label: string;
  /** Markdown (kept for text similarity) and its rendered HTML. */
  prompt: string;
  promptHtml: string;
  maxPoints: number;
}

export interface ExamQuestion {
  number: number;
  title: string;
  prompt: string;
  promptHtml: string;
  rubricHtml: string | null;
  parts: ExamPart[];
  /** Widget names attached to the question's source (quick tests: the card's own widgets). */
  widgets: string[];
  /** Quick tests: the card the question was built from (always among its related cards). */
  cardId: string | null;
}

/** What the clock functions need from an attempt. Dates are server time. */
export interface AttemptClock {
  startedAt: Date;
  deadline: Date;
  /** ms after the deadline during which saves already in flight are still accepted */
  graceMs: number;
  submittedAt: Date | null;
  submitReason: SubmitReason | null;
}

export type SubmitReason = "submitted" | "deadline";

/** Which of two texts for the same answer is newer: a Lamport-style sequence, then the client clock. */
export interface Version {
  /** Client sequence number: above every seq the client has seen for this attempt. */
  seq: number;
  /** ms since epoch on the client when the text was typed. */
  clientTime: number;
}
