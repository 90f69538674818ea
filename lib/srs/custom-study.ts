// Custom study (Anki's "Custom study session"), the rules: study ahead by N days, N more new cards
// today, or go over the cards failed today again. A session lasts until the study day ends and
// changes no setting: the regular limits of every other day are untouched (answers made in it
// count as today's answers, as any answer does). Pure: the clock and the candidates come in.
import { State } from "ts-fsrs";
import { z } from "zod";
import type { SrsSettings } from "./settings";

/** At most this many cards (besides learning steps) in one session, as Anki's filtered decks (100). */
export const MAX_CUSTOM_CARDS = 100;
export const MAX_AHEAD_DAYS = 365;
export const MAX_EXTRA_NEW = 999;

export type CustomStudy =
  | { kind: "ahead"; days: number; startedAt: Date }
  | { kind: "new"; count: number; startedAt: Date }
  | { kind: "failed"; startedAt: Date };

/** The form (or the cookie that carries the session): kind plus its number; `startedAt` is the server's. */
export const customStudyRequestSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("ahead"),
    days: z.coerce
      .number({ error: "Days ahead must be a number" })
      .int({ error: "Days ahead must be a whole number" })
      .min(1, { error: "Study at least 1 day ahead" })
      .max(MAX_AHEAD_DAYS, { error: `Study at most ${MAX_AHEAD_DAYS} days ahead` }),
  }),
  z.object({
    kind: z.literal("new"),
    count: z.coerce
      .number({ error: "Extra new cards must be a number" })
      .int({ error: "Extra new cards must be a whole number" })
      .min(1, { error: "Add at least 1 new card" })
      .max(MAX_EXTRA_NEW, { error: `Add at most ${MAX_EXTRA_NEW} new cards` }),
  }),
  z.object({ kind: z.literal("failed") }),
], { error: 'Pick "study ahead", "more new cards" or "cards failed today"' });

/** A session started before today's study day began is over. */
export function customStudyActive(session: CustomStudy, dayStart: Date, now: Date): boolean {
  return session.startedAt.getTime() >= dayStart.getTime() && session.startedAt.getTime() <= now.getTime();
}

/** "Studying ahead: cards due in the next 3 days" — the banner on the review screen. */
export function describeCustomStudy(s: CustomStudy): string {
  if (s.kind === "ahead") return `Studying ahead: cards due in the next ${s.days === 1 ? "day" : `${s.days} days`}`;
  if (s.kind === "new") return `${s.count} more new ${s.count === 1 ? "card" : "cards"} today`;
  return "Going over the cards you failed today";
}

export interface CustomCard {
  id: string;
  state: State;
  due: Date;
  position: number;
  lastReview: Date | null;
}

export interface CustomQueueInput {
  session: CustomStudy;
  now: Date;
  nextDayStart: Date; // end of today: "ahead" starts here
  /** Start of the study day `days` after today's end: "ahead" stops before it. */
  aheadUntil: Date | null;
  learning: readonly CustomCard[]; // learning and relearning cards (any due)
  /** "ahead": review cards due from nextDayStart; "new": new cards; "failed": cards with an Again today. */
  candidates: readonly CustomCard[];
  doneToday: { newCount: number };
  settings: Pick<SrsSettings, "newPerDay">;
}

export interface CustomQueue {
  queue: string[];
  counts: { learning: number; review: number; new: number };
  nextLearningDue: Date | null;
}

/**
 * (1) learning steps due now, by due (they belong to today whatever the session); then
 * (2) "ahead": review cards due after today and before aheadUntil, soonest first;
 *     "new": new cards in source order, up to today's limit raised by `count`
 *     (newPerDay + count − new cards already started today);
 *     "failed": cards answered Again today and not answered since the session began, by due;
 * each at most MAX_CUSTOM_CARDS. Suspended and buried cards never come in as candidates.
 */
export function buildCustomQueue(input: CustomQueueInput): CustomQueue {
  const now = input.now.getTime();
  const end = input.nextDayStart.getTime();
  const byDue = (a: CustomCard, b: CustomCard) => a.due.getTime() - b.due.getTime() || a.position - b.position || cmp(a.id, b.id);
  const learning = input.learning.filter((c) => (c.state === State.Learning || c.state === State.Relearning) && c.due.getTime() <= now).sort(byDue);
  let nextLearningDue: number | null = null;
  for (const c of input.learning) {
    const t = c.due.getTime();
    if (t > now && t < end && (nextLearningDue === null || t < nextLearningDue)) nextLearningDue = t;
  }
  const inLearning = new Set(learning.map((c) => c.id));
  const s = input.session;
  let rest: CustomCard[];
  if (s.kind === "ahead") {
    const until = input.aheadUntil?.getTime() ?? end;
    rest = input.candidates.filter((c) => c.state === State.Review && c.due.getTime() >= end && c.due.getTime() < until).sort(byDue).slice(0, MAX_CUSTOM_CARDS);
  } else if (s.kind === "new") {
    const room = Math.max(0, Math.min(MAX_CUSTOM_CARDS, input.settings.newPerDay + s.count - input.doneToday.newCount));
    rest = input.candidates.filter((c) => c.state === State.New).sort((a, b) => a.position - b.position || cmp(a.id, b.id)).slice(0, room);
  } else {
    const since = s.startedAt.getTime();
    rest = input.candidates
      .filter((c) => c.state !== State.New && !inLearning.has(c.id) && !(c.lastReview && c.lastReview.getTime() >= since))
      .sort(byDue)
      .slice(0, MAX_CUSTOM_CARDS);
  }
  return {
    queue: [...learning, ...rest].map((c) => c.id),
    counts: { learning: learning.length, review: s.kind === "new" ? 0 : rest.length, new: s.kind === "new" ? rest.length : 0 },
    nextLearningDue: nextLearningDue === null ? null : new Date(nextLearningDue),
  };
}

/** The session as a cookie value, and back (null for anything malformed or unknown). */
export function encodeCustomStudy(s: CustomStudy): string {
  const n = s.kind === "ahead" ? s.days : s.kind === "new" ? s.count : 0;
  return `${s.kind}.${n}.${s.startedAt.getTime()}`;
}

export function decodeCustomStudy(value: string | undefined | null): CustomStudy | null {
  const m = /^(ahead|new|failed)\.(\d{1,4})\.(\d{1,15})$/.exec(value ?? "");
  if (!m) return null;
  const parsed = customStudyRequestSchema.safeParse(m[1] === "ahead" ? { kind: "ahead", days: m[2] } : m[1] === "new" ? { kind: "new", count: m[2] } : { kind: "failed" });
  if (!parsed.success) return null;
  return { ...parsed.data, startedAt: new Date(Number(m[3])) };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
