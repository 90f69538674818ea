/**
 * The review loop on the device, offline: today's queue and the grades, from the kept bundle and
 * the grades not yet sent. Pure (the clock comes in) and built on the same rules as the server:
 * lib/srs buildQueue orders the queue, preview labels the buttons, decideGrade schedules.
 */
import { buildQueue, dayStart, newCardState, nextDayStart, preview, type QueueCard, type SrsGrade } from "@/lib/srs";
import { actionLabel, decideGrade, seenOf, toSrs, type LearnerCardState } from "@/lib/srs/actions";
import type { NextResponse, ReviewCardView } from "@/lib/review/contract";
import type { OfflineBundle } from "@/lib/review/offline-contract";

/** A grade made on this device and not yet confirmed by the server. */
export interface PendingGrade {
  userId: string;
  reviewId: string;
  cardId: string;
  grade: SrsGrade;
  review: Date;
  durationMs: number;
  /** The card's state before it (undo puts it back); null: not started. */
  before: LearnerCardState | null;
  /** The card's group, so siblings stay buried for the day. */
  groupKey: string | null;
}

/** The bundle's states with their dates (IndexedDB keeps Date objects as they are). */
export type DeviceBundle = OfflineBundle;

/** What the review screen shows next, as the server's /api/review/next would. */
export function localNext(bundle: DeviceBundle, pending: readonly PendingGrade[], now: Date): NextResponse {
  const rollover = bundle.queueSettings.dayRolloverHour;
  const start = dayStart(now, bundle.timeZone, rollover);
  const end = nextDayStart(now, bundle.timeZone, rollover);
  const sameDay = new Date(bundle.dayStart).getTime() === start.getTime();
  const done = sameDay ? { ...bundle.doneToday } : { newCount: 0, reviewCount: 0, total: 0 };
  const groups = new Set(sameDay ? bundle.groupsAnsweredToday : []);
  for (const p of pending) {
    if (p.review < start) continue;
    const before = p.before?.state ?? 0;
    if (before === 0) done.newCount++;
    if (before === 2) done.reviewCount++;
    done.total++;
    if (p.groupKey !== null) groups.add(p.groupKey);
  }
  const cards: QueueCard[] = bundle.cards.map((c) => ({
    id: c.view.id,
    state: c.state?.state ?? 0,
    due: c.state?.due ?? now,
    groupKey: c.groupKey,
    suspended: c.state?.suspended ?? false,
    buriedUntil: c.state?.buriedUntil ?? null,
    position: c.position,
  }));
  const queue = buildQueue({ now, dayStart: start, nextDayStart: end, cards, doneToday: done, groupsAnsweredToday: groups, settings: bundle.queueSettings });
  const first = queue.queue[0];
  const last = pending[pending.length - 1];
  return {
    card: first ? cardView(bundle, first, now) : null,
    counts: {
      learning: cards.filter((c) => (c.state === 1 || c.state === 3) && !c.suspended && c.due < end).length,
      review: queue.counts.review,
      new: queue.counts.new,
    },
    doneToday: done.total,
    nextLearningDue: queue.nextLearningDue?.toISOString() ?? null,
    canUndo: last !== undefined,
    undoLabel: last ? actionLabel({ kind: "grade", rating: last.grade }) : null,
  };
}

function cardView(bundle: DeviceBundle, cardId: string, now: Date): ReviewCardView {
  const c = bundle.cards.find((x) => x.view.id === cardId)!;
  const settings = bundle.settings[c.view.deckPath] ?? bundle.queueSettings;
  const srs = c.state ? toSrs(c.state) : newCardState(now);
  const p = preview(srs, now, settings, { cardId });
  return {
    ...c.view,
    seen: seenOf(c.state),
    intervals: { again: p.again.intervalLabel, hard: p.hard.intervalLabel, good: p.good.intervalLabel, easy: p.easy.intervalLabel },
    state: srs.state,
  };
}

/** Grade a kept card on the device: the same decision the server makes (lib/srs/actions decideGrade). */
export function localGrade(
  bundle: DeviceBundle,
  input: { userId: string; cardId: string; grade: SrsGrade; reviewId: string; durationMs: number },
  now: Date,
): { state: LearnerCardState | null; pending: PendingGrade } {
  const c = bundle.cards.find((x) => x.view.id === input.cardId);
  if (!c) {
    // A card the server showed that this device does not keep (the grade was in flight when the
    // connection went): the grade is kept all the same, and the server schedules it on sync.
    return { state: null, pending: { userId: input.userId, reviewId: input.reviewId, cardId: input.cardId, grade: input.grade, review: now, durationMs: input.durationMs, before: null, groupKey: null } };
  }
  const settings = bundle.settings[c.view.deckPath] ?? bundle.queueSettings;
  const { state } = decideGrade(c.state, { cardId: input.cardId, grade: input.grade, seen: seenOf(c.state) }, input.reviewId, now, settings);
  return {
    state,
    pending: { userId: input.userId, reviewId: input.reviewId, cardId: input.cardId, grade: input.grade, review: now, durationMs: input.durationMs, before: c.state, groupKey: c.groupKey },
  };
}

/** The bundle with one card's state replaced (a grade, or its undo). */
export function withState(bundle: DeviceBundle, cardId: string, state: LearnerCardState | null): DeviceBundle {
  return { ...bundle, cards: bundle.cards.map((c) => (c.view.id === cardId ? { ...c, state } : c)) };
}
