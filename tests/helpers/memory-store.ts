import type { LearnerCardState, ReviewActionEntry } from "@/lib/srs/actions";
import type { QueueSnapshot } from "@/lib/srs/queue-snapshot";
import type { GradeInputs, LearnerRow, LogEntry, LogKind, LogRow, QueueInputs, ReviewStore, StateCandidate, StoredAction, Step } from "@/lib/srs/port";

/**
 * The review port (lib/srs/port.ts) over plain arrays: the plans of lib/srs/loop.ts run on it
 * without a database. Written from the port's contract, not from the SQL, so a test that passes
 * here and on both databases checks the plans and the adapter against the same meaning.
 */
export interface MemoryCard {
  id: string;
  deckId: string;
  groupKey: string | null;
  position: number;
  retired: boolean;
  questionHtml: string;
}

export class MemoryStore implements ReviewStore {
  decksById = new Map<string, { id: string; path: string; name: string; depth: number }>();
  cards: MemoryCard[] = [];
  users = new Map<string, LearnerRow>();
  states = new Map<string, LearnerCardState>();
  logs: (LogRow & { kind: LogKind })[] = [];
  actions: (StoredAction & { userId: string; at: Date })[] = [];
  private nextActionId = 1;

  private key = (userId: string, cardId: string) => `${userId}\u0000${cardId}`;
  private card = (id: string) => this.cards.find((c) => c.id === id);
  private statesOf = (userId: string) => [...this.states.entries()].filter(([k]) => k.startsWith(userId + "\u0000")).map(([, s]) => s);
  private inDecks = (cardId: string, deckIds: string[] | null) => deckIds === null || deckIds.includes(this.card(cardId)!.deckId);
  private notBuried = (s: LearnerCardState, now: Date) => s.buriedUntil === null || s.buriedUntil <= now;
  private candidate = (s: LearnerCardState): StateCandidate => {
    const c = this.card(s.cardId)!;
    return { cardId: s.cardId, due: s.due, state: s.state, groupKey: c.groupKey, position: c.position };
  };
  private reviewsDue(userId: string, now: Date, before: Date, deckIds: string[] | null) {
    return this.statesOf(userId)
      .filter((s) => s.state === 2 && s.due < before && !s.suspended && this.notBuried(s, now) && !this.card(s.cardId)!.retired && this.inDecks(s.cardId, deckIds))
      .sort((a, b) => a.due.getTime() - b.due.getTime());
  }

  /** Kept queues: used only for learners whose row carries a token (a test that sets one raises it on its writes). */
  snapshots = new Map<string, QueueSnapshot>();
  *queueSnapshot(userId: string): Step<QueueSnapshot | null> {
    return this.snapshots.get(userId) ?? null;
  }
  *keepQueueSnapshot(userId: string, snapshot: QueueSnapshot | null): Step<void> {
    if (snapshot) this.snapshots.set(userId, snapshot);
    else this.snapshots.delete(userId);
  }

  *learner(userId: string): Step<LearnerRow> {
    const u = this.users.get(userId);
    if (!u) throw new Error("No such user.");
    return u;
  }
  *deckPath(deckId: string): Step<string | null> {
    return this.decksById.get(deckId)?.path ?? null;
  }
  *deckAndDescendants(deckId: string, path: string): Step<string[]> {
    return [...this.decksById.values()].filter((d) => d.id === deckId || d.path.startsWith(path + " / ")).map((d) => d.id);
  }
  *decks() {
    return [...this.decksById.values()].sort((a, b) => a.path.localeCompare(b.path));
  }
  *learningCandidates(userId: string, now: Date, deckIds: string[] | null): Step<StateCandidate[]> {
    return this.statesOf(userId)
      .filter((s) => (s.state === 1 || s.state === 3) && !s.suspended && this.notBuried(s, now) && !this.card(s.cardId)!.retired && this.inDecks(s.cardId, deckIds))
      .sort((a, b) => a.due.getTime() - b.due.getTime())
      .map(this.candidate);
  }
  *reviewCandidates(userId: string, now: Date, before: Date, deckIds: string[] | null, limit: number) {
    return this.reviewsDue(userId, now, before, deckIds).slice(0, Math.max(0, limit)).map(this.candidate);
  }
  *reviewsDueBetween(userId: string, now: Date, from: Date, before: Date, deckIds: string[] | null, limit: number) {
    return this.reviewsDue(userId, now, before, deckIds).filter((s) => s.due >= from).slice(0, Math.max(0, limit)).map(this.candidate);
  }
  *failedSince(userId: string, now: Date, since: Date, deckIds: string[] | null, limit: number) {
    const failed = new Set(this.logs.filter((l) => l.userId === userId && l.review >= since && l.kind === "review" && l.rating === 1).map((l) => l.cardId));
    return this.statesOf(userId)
      .filter((s) => failed.has(s.cardId) && !s.suspended && this.notBuried(s, now) && !this.card(s.cardId)!.retired && this.inDecks(s.cardId, deckIds))
      .sort((a, b) => a.due.getTime() - b.due.getTime())
      .slice(0, Math.max(0, limit))
      .map((s) => ({ ...this.candidate(s), lastReview: s.lastReview }));
  }
  *reviewDueCounts(userId: string, bounds: Date[]) {
    const due = this.statesOf(userId).filter((s) => s.state === 2 && !s.suspended);
    return bounds.slice(1).map((end, i) => due.filter((s) => s.due >= bounds[i] && s.due < end).length);
  }
  *countReviewsDue(userId: string, now: Date, before: Date, deckIds: string[] | null, cap: number) {
    return Math.min(Math.max(0, cap), this.reviewsDue(userId, now, before, deckIds).length);
  }
  *newCandidates(userId: string, now: Date, deckIds: string[] | null, limit: number) {
    return this.cards
      .filter((c) => !c.retired && this.inDecks(c.id, deckIds))
      .filter((c) => {
        const s = this.states.get(this.key(userId, c.id));
        return !s || (s.state === 0 && !s.suspended && this.notBuried(s, now));
      })
      .sort((a, b) => a.position - b.position)
      .slice(0, Math.max(0, limit))
      .map((c) => ({ id: c.id, groupKey: c.groupKey, position: c.position }));
  }
  *answeredToday(userId: string, since: Date) {
    const today = this.logs.filter((l) => l.userId === userId && l.review >= since && l.kind === "review");
    return { total: today.length, newCount: today.filter((l) => l.state === 0).length, reviewCount: today.filter((l) => l.state === 2).length };
  }
  *groupsAnsweredSince(userId: string, groupKeys: string[], since: Date) {
    const out = new Set<string>();
    for (const s of this.statesOf(userId)) {
      const g = this.card(s.cardId)?.groupKey;
      if (g && groupKeys.includes(g) && s.lastReview && s.lastReview >= since) out.add(g);
    }
    return out;
  }
  *dueCountsByDeck(userId: string, now: Date, before: Date) {
    const out = new Map<string, number>();
    for (const s of this.statesOf(userId)) {
      const c = this.card(s.cardId)!;
      if (s.state !== 0 && s.due < before && !s.suspended && this.notBuried(s, now) && !c.retired) out.set(c.deckId, (out.get(c.deckId) ?? 0) + 1);
    }
    return out;
  }
  *newCountsByDeck(userId: string, now: Date) {
    const out = new Map<string, number>();
    for (const id of yield* this.newCandidates(userId, now, null, Infinity)) {
      const deckId = this.card(id.id)!.deckId;
      out.set(deckId, (out.get(deckId) ?? 0) + 1);
    }
    return out;
  }
  *studiedOn(userId: string, days: { start: Date; end: Date }[]) {
    return days.map(({ start, end }) => this.logs.some((l) => l.userId === userId && l.kind === "review" && l.review >= start && l.review < end));
  }
  *isActiveCard(cardId: string) {
    return this.card(cardId)?.retired === false;
  }
  *activeCardDeck(cardId: string) {
    const c = this.card(cardId);
    return c && !c.retired ? this.decksById.get(c.deckId)!.path : null;
  }
  *cardForReview(cardId: string) {
    const c = this.card(cardId);
    if (!c) throw new Error(`card ${cardId} vanished`);
    return { id: c.id, deckPath: this.decksById.get(c.deckId)!.path, questionHtml: c.questionHtml, answerHtml: null, contextHtml: null, alternatives: "[]", widgets: "[]", sources: [] };
  }
  *findState(userId: string, cardId: string) {
    const s = this.states.get(this.key(userId, cardId));
    return s ? { ...s } : null;
  }
  *logsForCard(userId: string, cardId: string): Step<LogEntry[]> {
    return this.logs
      .filter((l) => l.userId === userId && l.cardId === cardId)
      .sort((a, b) => b.review.getTime() - a.review.getTime() || b.id.localeCompare(a.id))
      .map(({ id, review, rating, kind, state, elapsedDays, stability, difficulty, durationMs }) => ({ id, review, rating, kind, state, elapsedDays, stability, difficulty, durationMs }));
  }
  *findLogOwner(reviewId: string) {
    const l = this.logs.find((x) => x.id === reviewId);
    return l ? { userId: l.userId, cardId: l.cardId } : null;
  }
  // The combined reads and the answer's writes, as the port defines them: the single operations together.
  *gradeInputs(userId: string, reviewId: string, cardId: string): Step<GradeInputs> {
    return { logOwner: yield* this.findLogOwner(reviewId), deckPath: yield* this.activeCardDeck(cardId), learner: yield* this.learner(userId), state: yield* this.findState(userId, cardId) };
  }
  *queueInputs(userId: string, now: Date, since: Date, before: Date, deckIds: string[] | null, reviewLimit: number, dueCap: number): Step<QueueInputs> {
    return {
      today: yield* this.answeredToday(userId, since),
      learning: yield* this.learningCandidates(userId, now, deckIds),
      reviews: yield* this.reviewCandidates(userId, now, before, deckIds, reviewLimit),
      reviewsDue: yield* this.countReviewsDue(userId, now, before, deckIds, dueCap),
    };
  }
  *cardWithState(userId: string, cardId: string) {
    return { card: yield* this.cardForReview(cardId), state: yield* this.findState(userId, cardId) };
  }
  *writeAnswer(userId: string, a: { state: LearnerCardState; before: LearnerCardState | null; log: LogRow; kind: LogKind; entry: ReviewActionEntry; at: Date }) {
    yield* this.upsertState(userId, a.state);
    yield* this.insertLog(a.log, a.kind);
    yield* this.insertAction(userId, a.entry, a.at);
  }
  *upsertState(userId: string, state: LearnerCardState) {
    this.states.set(this.key(userId, state.cardId), { ...state });
  }
  *deleteState(userId: string, cardId: string) {
    this.states.delete(this.key(userId, cardId));
  }
  *insertLog(log: LogRow, kind: LogKind) {
    if (this.logs.some((l) => l.id === log.id)) throw new Error(`duplicate log id ${log.id}`);
    this.logs.push({ ...log, kind });
  }
  *deleteLog(id: string) {
    this.logs = this.logs.filter((l) => l.id !== id);
  }
  *insertAction(userId: string, entry: ReviewActionEntry, at: Date) {
    this.actions.push({ ...entry, before: entry.before && { ...entry.before }, id: this.nextActionId++, userId, at });
  }
  *lastAction(userId: string) {
    const mine = this.actions.filter((a) => a.userId === userId);
    const last = mine[mine.length - 1];
    if (!last) return null;
    const { userId: _u, at: _a, ...entry } = last;
    return entry;
  }
  *deleteAction(id: number) {
    this.actions = this.actions.filter((a) => a.id !== id);
  }
}

/** Run a plan on the memory store: every step returns at once, nothing is yielded. */
export function runPlan<T>(plan: Generator<unknown, T, unknown>): T {
  const step = plan.next();
  if (!step.done) throw new Error(`The memory store yielded ${JSON.stringify(step.value)}: a port operation is not implemented here.`);
  return step.value;
}
