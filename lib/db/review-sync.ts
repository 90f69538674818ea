/**
 * Offline review against the database: the day's queue a device keeps, and the grades it made
 * offline merged back. The rule is lib/srs/replay.ts (pure); this file loads, calls it and writes.
 * Every function takes the signed-in user's id and touches only that user's rows.
 */
import type { Db } from "./client";
import { buildQueue, dayStart, nextDayStart, type QueueCard, type SrsGrade, type SrsLog, type SrsSettings } from "@/lib/srs";
import { ReviewError } from "@/lib/srs/actions";
import { replayCard, type DeviceGrade, type StoredAnswer } from "@/lib/srs/replay";
import { MAX_OFFLINE_BYTES, MAX_OFFLINE_CARDS, type OfflineBundle, type OfflineCard, type SyncResponse } from "@/lib/review/offline-contract";
import { readSettings, settingsForDeck } from "./settings";
import {
  activeCardDeck,
  answeredToday,
  cardForReview,
  deckAndDescendants,
  deckPath as findDeckPath,
  findLogOwner,
  findState,
  groupsAnsweredSince,
  insertLog,
  learningCandidates,
  newCandidates,
  reviewCandidates,
  upsertState,
} from "./review-queries";
import { fromSqlDate, readTransaction, sqlDate, sqliteOf, stmt, writeTransaction, type Sqlite } from "./sqlite";

/** Sibling burying can drop candidates: fetch this many beyond the day's room. */
const SLACK = 40;

/**
 * Today's queue for a device to keep: learning cards, reviews due before the day ends and the
 * day's new cards, with the learner's state of each and the settings to schedule them, in queue
 * order, within MAX_OFFLINE_CARDS and about MAX_OFFLINE_BYTES.
 */
export async function getOfflineBundle(db: Db, userId: string, opts: { deckId?: string; now: Date; forAuthor?: boolean }): Promise<OfflineBundle> {
  const sqlite = sqliteOf(db);
  return readTransaction(sqlite, () => offlineBundle(sqlite, userId, opts));
}

function offlineBundle(sqlite: Sqlite, userId: string, opts: { deckId?: string; now: Date; forAuthor?: boolean }): OfflineBundle {
  const { now } = opts;
  let scopeIds: string[] | null = null;
  let scopePath: string | null = null;
  if (opts.deckId) {
    scopePath = findDeckPath(sqlite, opts.deckId);
    if (scopePath === null) throw new ReviewError("not-found", "No such deck.");
    scopeIds = deckAndDescendants(sqlite, opts.deckId, scopePath);
  }
  const learner = readSettings(sqlite, userId);
  const queueSettings = scopePath ? settingsForDeck(learner, scopePath) : learner.settings;
  const start = dayStart(now, learner.timeZone, queueSettings.dayRolloverHour);
  const end = nextDayStart(now, learner.timeZone, queueSettings.dayRolloverHour);
  const today = answeredToday(sqlite, userId, start);
  const reviewRoom = Math.max(0, queueSettings.maxReviewsPerDay - today.reviewCount);
  const newRoom = Math.max(0, queueSettings.newPerDay - today.newCount);

  const learning = learningCandidates(sqlite, userId, now, scopeIds);
  const reviews = reviewCandidates(sqlite, userId, now, end, scopeIds, Math.min(reviewRoom, MAX_OFFLINE_CARDS) && Math.min(reviewRoom, MAX_OFFLINE_CARDS) + SLACK);
  const fresh = newCandidates(sqlite, userId, now, scopeIds, newRoom && newRoom + SLACK);
  const candidates: QueueCard[] = [
    ...[...learning, ...reviews].map((s) => ({ id: s.cardId, state: s.state, due: s.due, groupKey: s.groupKey, suspended: false, buriedUntil: null, position: s.position })),
    ...fresh.map((c) => ({ id: c.id, state: 0, due: now, groupKey: c.groupKey, suspended: false, buriedUntil: null, position: c.position })),
  ];
  const groups = [...new Set(candidates.flatMap((c) => (c.groupKey === null ? [] : [c.groupKey])))];
  const groupsAnsweredToday = groupsAnsweredSince(sqlite, userId, groups, start);
  // Learning cards due later today are kept too: offline, their steps come due on the device.
  const queued = buildQueue({ now, dayStart: start, nextDayStart: end, cards: candidates, doneToday: today, groupsAnsweredToday, settings: queueSettings }).queue;
  const laterLearning = learning.filter((c) => c.due > now && c.due < end).map((c) => c.cardId);
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const order = [...new Set([...queued, ...laterLearning])];

  const cards: OfflineCard[] = [];
  const settings: Record<string, SrsSettings> = {};
  let bytes = 0;
  let truncated = false;
  for (const id of order) {
    const card = cardForReview(sqlite, id);
    const c = byId.get(id)!;
    const offline: OfflineCard = {
      view: {
        id: card.id,
        deckPath: card.deckPath,
        questionHtml: card.questionHtml,
        answerHtml: card.answerHtml,
        contextHtml: card.contextHtml,
        alternatives: (JSON.parse(card.alternatives) as { answerHtml: string; file: string; line: number }[]).map(({ answerHtml, file, line }) =>
          opts.forAuthor ? { answerHtml, file, line } : { answerHtml },
        ),
        sources: opts.forAuthor ? card.sources : [],
        widgets: JSON.parse(card.widgets) as string[],
      },
      groupKey: c.groupKey,
      position: c.position,
      state: findState(sqlite, userId, id),
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
 * Record grades made offline, in one transaction: per card, replayCard merges them into the
 * card's log by review time (rewriting the log rows of answers recorded after them) and gives the
 * card's state. A review id already recorded is a duplicate; one used by another learner or for
 * another card, or a card no longer in the content, is rejected with the reason. A card changed
 * here leaves the undo journal: its entries hold the state before the merge.
 */
export async function syncGrades(db: Db, userId: string, grades: DeviceGrade[], now: Date): Promise<SyncResponse> {
  const sqlite = sqliteOf(db);
  return writeTransaction(sqlite, () => {
    const out: SyncResponse = { recorded: [], duplicates: [], superseded: [], rejected: [], leeches: [] };
    const byCard = new Map<string, DeviceGrade[]>();
    const seen = new Set<string>();
    for (const g of grades) {
      if (seen.has(g.reviewId)) {
        out.duplicates.push(g.reviewId);
        continue;
      }
      seen.add(g.reviewId);
      const owner = findLogOwner(sqlite, g.reviewId);
      if (owner && (owner.userId !== userId || owner.cardId !== g.cardId)) {
        out.rejected.push({ reviewId: g.reviewId, reason: "This review id was already used." });
        continue;
      }
      byCard.set(g.cardId, [...(byCard.get(g.cardId) ?? []), g]);
    }
    const learner = readSettings(sqlite, userId);
    for (const [cardId, incoming] of byCard) {
      const deckPath = activeCardDeck(sqlite, cardId);
      if (deckPath === null) {
        for (const g of incoming) out.rejected.push({ reviewId: g.reviewId, reason: "This card is no longer in the content." });
        continue;
      }
      const result = replayCard({
        cardId,
        current: findState(sqlite, userId, cardId),
        history: cardLog(sqlite, userId, cardId),
        incoming,
        settings: settingsForDeck(learner, deckPath),
        now,
      });
      out.duplicates.push(...result.duplicates);
      out.superseded.push(...result.superseded);
      if (!result.writes.length) continue;
      for (const w of result.writes) {
        const row = { id: w.id, userId, cardId, ...logRow(w.log), durationMs: w.durationMs };
        if (w.inserted) {
          insertLog(sqlite, row);
          out.recorded.push(w.id);
        } else rewriteLog(sqlite, row);
      }
      upsertState(sqlite, userId, result.state!);
      stmt(sqlite, `DELETE FROM "ReviewAction" WHERE "userId" = ? AND "cardId" = ?`).run(userId, cardId);
      if (result.leech) out.leeches.push(cardId);
    }
    return out;
  });
}

/** Every log row of one learner's card, with the fields replay needs to roll an answer back. */
function cardLog(sqlite: Sqlite, userId: string, cardId: string): StoredAnswer[] {
  const rows = stmt(
    sqlite,
    `SELECT "id", "rating", "state", "due", "previousDue", "stability", "difficulty", "elapsedDays", "lastElapsedDays",
            "scheduledDays", "learningSteps", "review"
     FROM "ReviewLog" WHERE "userId" = ? AND "cardId" = ?`,
  ).all(userId, cardId) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: String(r.id),
    log: {
      rating: Number(r.rating) as SrsGrade,
      state: Number(r.state),
      due: fromSqlDate(r.due),
      previous_due: fromSqlDate(r.previousDue),
      stability: Number(r.stability),
      difficulty: Number(r.difficulty),
      elapsed_days: Number(r.elapsedDays),
      last_elapsed_days: Number(r.lastElapsedDays),
      scheduled_days: Number(r.scheduledDays),
      learning_steps: Number(r.learningSteps),
      review: fromSqlDate(r.review),
    },
  }));
}

function logRow(log: SrsLog) {
  return {
    rating: log.rating as number,
    state: log.state as number,
    due: log.due,
    previousDue: log.previous_due,
    stability: log.stability,
    difficulty: log.difficulty,
    elapsedDays: log.elapsed_days,
    lastElapsedDays: log.last_elapsed_days,
    scheduledDays: log.scheduled_days,
    learningSteps: log.learning_steps,
    review: log.review,
  };
}

/** A recorded answer replayed after a late one: what the card was when it was given changes; its rating, time and duration stay. */
function rewriteLog(sqlite: Sqlite, l: ReturnType<typeof logRow> & { id: string; userId: string }): void {
  stmt(
    sqlite,
    `UPDATE "ReviewLog" SET "state" = ?, "due" = ?, "previousDue" = ?, "stability" = ?, "difficulty" = ?, "elapsedDays" = ?,
            "lastElapsedDays" = ?, "scheduledDays" = ?, "learningSteps" = ?
     WHERE "id" = ? AND "userId" = ?`,
  ).run(l.state, sqlDate(l.due), sqlDate(l.previousDue), l.stability, l.difficulty, l.elapsedDays, l.lastElapsedDays, l.scheduledDays, l.learningSteps, l.id, l.userId);
}
