/**
 * Offline review as plans over the storage port (./port.ts, as ./loop.ts): the day's queue a
 * device keeps, and the grades it made offline merged back by the rule in ./replay.ts. The clock
 * comes in as `now`; lib/db/review-sync.ts runs the plans in a transaction on either database.
 * Every plan takes the signed-in user's id and touches only that user's rows.
 */
import type { OfflineBundle, OfflineCard, SyncResponse } from "@/lib/review/offline-contract";
import { MAX_OFFLINE_BYTES, MAX_OFFLINE_CARDS } from "@/lib/review/offline-contract";
import { MAX_ANSWER_MS, ReviewError } from "./actions";
import { dayStart, nextDayStart } from "./day";
import { settingsForDeck } from "./learner-settings";
import { cardContent, learnerSettings, logRow } from "./loop";
import type { LogRow, ReviewStore, Step } from "./port";
import { buildQueue, type QueueCard } from "./queue";
import { replayCard, type DeviceGrade, type StoredAnswer } from "./replay";
import type { SrsSettings } from "./settings";

/** What offline sync needs beyond the review loop's port. */
export interface SyncStore extends ReviewStore {
  /** Every log row of one learner's card (any order), with the fields that roll an answer back. */
  cardLog(userId: string, cardId: string): Step<StoredAnswer[]>;
  /** A recorded answer replayed after a late one: what the card was when it was given changes; rating, time and duration stay. */
  rewriteLog(log: Omit<LogRow, "durationMs" | "rating" | "review">): Step<void>;
  /** Drop a card's entries from the learner's undo journal. */
  deleteCardActions(userId: string, cardId: string): Step<void>;
}

/** Sibling burying can drop candidates: fetch this many beyond the day's room. */
const SLACK = 40;

export interface BundleOptions {
  deckId?: string;
  now: Date;
  forAuthor?: boolean;
}

/**
 * Today's queue for a device to keep: learning cards (those due later today too), reviews due
 * before the day ends and the day's new cards, with the learner's state of each and the settings
 * to schedule them, in queue order, within MAX_OFFLINE_CARDS and about MAX_OFFLINE_BYTES.
 */
export function* offlineBundle(store: ReviewStore, userId: string, opts: BundleOptions): Step<OfflineBundle> {
  const { now } = opts;
  let scopeIds: string[] | null = null;
  let scopePath: string | null = null;
  if (opts.deckId) {
    scopePath = yield* store.deckPath(opts.deckId);
    if (scopePath === null) throw new ReviewError("not-found", "No such deck.");
    scopeIds = yield* store.deckAndDescendants(opts.deckId, scopePath);
  }
  const learner = yield* learnerSettings(store, userId);
  const queueSettings = scopePath ? settingsForDeck(learner, scopePath) : learner.settings;
  const start = dayStart(now, learner.timeZone, queueSettings.dayRolloverHour);
  const end = nextDayStart(now, learner.timeZone, queueSettings.dayRolloverHour);
  const today = yield* store.answeredToday(userId, start);
  const reviewRoom = Math.min(MAX_OFFLINE_CARDS, Math.max(0, queueSettings.maxReviewsPerDay - today.reviewCount));
  const newRoom = Math.max(0, queueSettings.newPerDay - today.newCount);

  const learning = yield* store.learningCandidates(userId, now, scopeIds);
  const reviews = yield* store.reviewCandidates(userId, now, end, scopeIds, reviewRoom && reviewRoom + SLACK);
  const fresh = yield* store.newCandidates(userId, now, scopeIds, newRoom && newRoom + SLACK);
  const candidates: QueueCard[] = [
    ...[...learning, ...reviews].map((s) => ({ id: s.cardId, state: s.state, due: s.due, groupKey: s.groupKey, suspended: false, buriedUntil: null, position: s.position })),
    ...fresh.map((c) => ({ id: c.id, state: 0, due: now, groupKey: c.groupKey, suspended: false, buriedUntil: null, position: c.position })),
  ];
  const groups = [...new Set(candidates.flatMap((c) => (c.groupKey === null ? [] : [c.groupKey])))];
  const groupsAnsweredToday = yield* store.groupsAnsweredSince(userId, groups, start);
  const queued = buildQueue({ now, dayStart: start, nextDayStart: end, cards: candidates, doneToday: today, groupsAnsweredToday, settings: queueSettings }).queue;
  // Learning steps due later today come due on the device; the day's other candidates are kept
  // too (after the queue), so burying a sibling offline still leaves the day's cards to show.
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const order = [...new Set([...queued, ...learning.map((c) => c.cardId), ...candidates.map((c) => c.id)])];

  const cards: OfflineCard[] = [];
  const settings: Record<string, SrsSettings> = {};
  let bytes = 0;
  let truncated = false;
  for (const id of order) {
    const card = yield* store.cardForReview(id, opts.forAuthor ?? false);
    const c = byId.get(id)!;
    const offline: OfflineCard = {
      view: {
        ...cardContent(card, opts.forAuthor ?? false),
      },
      groupKey: c.groupKey,
      position: c.position,
      state: yield* store.findState(userId, id),
    };
    const size = JSON.stringify(offline).length;
    if (cards.length >= MAX_OFFLINE_CARDS || bytes + size > MAX_OFFLINE_BYTES) {
      truncated = true;
      break;
    }
    bytes += size;
    cards.push(offline);
    settings[card.deckPath] ??= settingsForDeck(learner, card.deckPath);
  }
  return {
    fetchedAt: now.toISOString(),
    deck: opts.deckId ?? null,
    timeZone: learner.timeZone,
    dayStart: start.toISOString(),
    dayEnd: end.toISOString(),
    doneToday: today,
    groupsAnsweredToday: [...groupsAnsweredToday],
    queueSettings,
    settings,
    cards,
    truncated,
  };
}

/**
 * Record grades made offline: per card, replayCard merges them into the card's log by review time
 * (rewriting the log rows of answers recorded after them) and gives the card's state. A review id
 * already recorded is a duplicate; one used by another learner or for another card, or a card no
 * longer in the content, is rejected with the reason. A card changed here leaves the undo journal:
 * its entries hold states from before the merge.
 */
export function* syncGrades(store: SyncStore, userId: string, grades: readonly DeviceGrade[], now: Date): Step<SyncResponse> {
  const out: SyncResponse = { recorded: [], duplicates: [], superseded: [], rejected: [], leeches: [] };
  const byCard = new Map<string, DeviceGrade[]>();
  const seen = new Set<string>();
  for (const g of grades) {
    if (seen.has(g.reviewId)) {
      out.duplicates.push(g.reviewId);
      continue;
    }
    seen.add(g.reviewId);
    const owner = yield* store.findLogOwner(g.reviewId);
    if (owner && (owner.userId !== userId || owner.cardId !== g.cardId)) {
      out.rejected.push({ reviewId: g.reviewId, reason: "This review id was already used." });
      continue;
    }
    byCard.set(g.cardId, [...(byCard.get(g.cardId) ?? []), g]);
  }
  const learner = yield* learnerSettings(store, userId);
  for (const [cardId, incoming] of byCard) {
    const deckPath = yield* store.activeCardDeck(cardId);
    if (deckPath === null) {
      for (const g of incoming) out.rejected.push({ reviewId: g.reviewId, reason: "This card is no longer in the content." });
      continue;
    }
    const result = replayCard({
      cardId,
      current: yield* store.findState(userId, cardId),
      history: yield* store.cardLog(userId, cardId),
      incoming,
      settings: settingsForDeck(learner, deckPath),
      now,
    });
    out.duplicates.push(...result.duplicates);
    out.superseded.push(...result.superseded);
    if (!result.writes.length) continue;
    for (const w of result.writes) {
      if (w.inserted) {
        yield* store.insertLog({ id: w.id, userId, cardId, ...logRow(w.log), durationMs: Math.min(w.durationMs, MAX_ANSWER_MS) }, "review");
        out.recorded.push(w.id);
      } else {
        const { rating: _r, review: _t, ...fields } = logRow(w.log);
        yield* store.rewriteLog({ id: w.id, userId, cardId, ...fields });
      }
    }
    yield* store.upsertState(userId, result.state!);
    yield* store.deleteCardActions(userId, cardId);
    if (result.leech) out.leeches.push(cardId);
  }
  return out;
}

