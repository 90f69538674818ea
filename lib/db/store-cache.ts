import type { QueueSnapshot } from "@/lib/srs/queue-snapshot";

/**
 * What the storage adapter keeps in memory between requests, per database (one per SQLite
 * connection or PostgreSQL pool): only results it can forget exactly when this process writes,
 * and that expire for writes it cannot see (another process, another app instance).
 *
 * Review cards due per study day, for the load balancer (lib/srs/load-balancer.ts, as Anki keeps
 * its balancer's day counts between answers): every grade and every card shown read the counts
 * of the days its intervals may land on (up to ~40 index ranges); a learner's next answers read
 * mostly the same days. A write of a card state through the adapter forgets the days holding the
 * card's old and new due dates; a fill made while a write of the same learner happened is not
 * kept (the generation check); entries older than DUE_COUNT_TTL_MS are read again. The counts only
 * weigh the balancer's choice inside a card's fuzz range, so a minute-old count from another
 * instance moves no card outside its range (tests/srs/load-balancer.test.ts).
 */
export const DUE_COUNT_TTL_MS = 60_000;
/** Learners remembered per database before the cache starts afresh. */
const MAX_LEARNERS = 5_000;

interface Day {
  end: number;
  n: number;
  at: number;
}

interface Learner {
  gen: number;
  days: Map<number, Day>;
}

export class DueCountCache {
  private learners = new Map<string, Learner>();

  constructor(private readonly clock: () => number = Date.now) {}

  private learner(userId: string): Learner {
    let l = this.learners.get(userId);
    if (!l) {
      if (this.learners.size >= MAX_LEARNERS) this.learners.clear();
      this.learners.set(userId, (l = { gen: 0, days: new Map() }));
    }
    return l;
  }

  /** Taken before reading the database; fill() keeps the counts only if no write came in between. */
  generation(userId: string): number {
    return this.learner(userId).gen;
  }

  /** The count for [start, end), if remembered and fresh. */
  get(userId: string, start: Date, end: Date): number | undefined {
    const day = this.learners.get(userId)?.days.get(start.getTime());
    if (!day || day.end !== end.getTime() || this.clock() - day.at > DUE_COUNT_TTL_MS) return undefined;
    return day.n;
  }

  fill(userId: string, generation: number, counts: { start: Date; end: Date; n: number }[]): void {
    const l = this.learner(userId);
    if (l.gen !== generation) return;
    const at = this.clock();
    for (const c of counts) l.days.set(c.start.getTime(), { end: c.end.getTime(), n: c.n, at });
  }

  /** A card of this learner changed: forget the days holding these instants, or every day (null). */
  forget(userId: string, instants: (Date | null | undefined)[] | null): void {
    const l = this.learners.get(userId);
    if (!l) return;
    l.gen++;
    if (instants === null) {
      l.days.clear();
      return;
    }
    for (const t of instants) {
      if (!t) continue;
      const ms = t.getTime();
      for (const [start, day] of l.days) if (start <= ms && ms < day.end) l.days.delete(start);
    }
  }
}

/**
 * Where a learner's new cards start: the source position before which every active card was, at
 * the last full look, not new for her (answered, suspended or buried), with what it was read
 * under: the latest ingest run, and her User.newCardsVersion, which every write that may turn a
 * card of hers new raises (lib/db/review-store.ts; an import too). A learner who studies in order
 * has her started cards first, and the query for new cards would step over all of them, one
 * index probe each (~1 ms per 5,000 started cards, per card shown); with the floor it starts
 * there, while the run and the version it was read under are still the database's (checked in the
 * same statement, so another instance's writes count at once). A bury that runs out writes
 * nothing: the query never lets the floor pass a new card buried now. A full look every
 * NEW_FLOOR_TTL_MS covers whatever else (a script writing states behind the app's back).
 */
export const NEW_FLOOR_TTL_MS = 60_000;

interface FloorToken {
  ingestRun: number;
  version: number;
}

interface Floor extends FloorToken {
  position: number;
  at: number;
}

/** A look over every deck (null) or over a deck and its sub-decks, by their ids. */
const scopeKey = (deckIds: string[] | null) => (deckIds === null ? "" : [...deckIds].sort().join(","));

export class NewCardFloor {
  /** Per learner, per scope (scopeKey). */
  private floors = new Map<string, Map<string, Floor>>();
  private size = 0;
  private generations = new Map<string, number>();

  constructor(private readonly clock: () => number = Date.now) {}

  generation(userId: string): number {
    return this.generations.get(userId) ?? 0;
  }

  /** The floor to start from (if the database still holds its token), if fresh. */
  get(userId: string, deckIds: string[] | null): (FloorToken & { position: number }) | undefined {
    const f = this.floors.get(userId)?.get(scopeKey(deckIds));
    return f && this.clock() - f.at <= NEW_FLOOR_TTL_MS ? f : undefined;
  }

  /**
   * After a look for new cards in a scope that found `position` first, under `token`: raise the
   * scope's floor to it. `full`: the look started from the beginning (the floor's age restarts only then).
   */
  fill(userId: string, deckIds: string[] | null, generation: number, position: number, token: FloorToken, full: boolean): void {
    if (this.generation(userId) !== generation) return;
    const key = scopeKey(deckIds);
    const previous = this.floors.get(userId)?.get(key);
    if (!full && (!previous || previous.ingestRun !== token.ingestRun || previous.version !== token.version)) return;
    if (this.size >= MAX_LEARNERS && !previous) {
      this.floors.clear();
      this.size = 0;
    }
    let scopes = this.floors.get(userId);
    if (!scopes) this.floors.set(userId, (scopes = new Map()));
    if (!previous) this.size++;
    scopes.set(key, { position, ...token, at: full ? this.clock() : previous!.at });
  }

  /** Some card of this learner may have turned new: every scope's floor goes. */
  forget(userId: string): void {
    this.size -= this.floors.get(userId)?.size ?? 0;
    this.floors.delete(userId);
    this.generations.set(userId, this.generation(userId) + 1);
    if (this.generations.size >= MAX_LEARNERS) this.generations.clear();
  }
}

/** Active cards per deck, the same for every learner: kept until the next ingest run (checked by its id on each use). */
export interface ActiveCardCounts {
  ingestRun: number;
  byDeck: Map<string, number>;
}

/**
 * Each learner's review queue between requests (lib/srs/queue-snapshot.ts): kept as the plan left
 * it; the plan uses it only while the database's token (her User.stateVersion, raised by triggers
 * on every write of her card states, and the latest ingest run) is the one it was kept under.
 */
export class QueueSnapshots {
  private snapshots = new Map<string, QueueSnapshot>();

  get(userId: string): QueueSnapshot | null {
    return this.snapshots.get(userId) ?? null;
  }

  set(userId: string, snapshot: QueueSnapshot | null): void {
    if (snapshot === null) {
      this.snapshots.delete(userId);
      return;
    }
    if (this.snapshots.size >= MAX_LEARNERS && !this.snapshots.has(userId)) this.snapshots.clear();
    this.snapshots.set(userId, snapshot);
  }
}

export interface StoreCache {
  dueCounts: DueCountCache;
  newFloor: NewCardFloor;
  activeCards: ActiveCardCounts | null;
  queues: QueueSnapshots;
}

const caches = new WeakMap<object, StoreCache>();

/** The cache of one database, keyed by its connection (SQLite) or pool (PostgreSQL). */
export function storeCacheFor(connection: object): StoreCache {
  let cache = caches.get(connection);
  if (!cache) caches.set(connection, (cache = { dueCounts: new DueCountCache(), newFloor: new NewCardFloor(), activeCards: null, queues: new QueueSnapshots() }));
  return cache;
}
