/**
 * What the device keeps for offline review, in IndexedDB (through idb): the day's queue per
 * learner and deck, and the grades made offline until the server has them. Browser only.
 * Every record carries the learner's id: one browser, several accounts, no grade sent as another.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from "idb";
import { reviveState, type OfflineBundle } from "@/lib/review/offline-contract";
import type { LearnerCardState } from "@/lib/srs/actions";
import type { PendingGrade } from "./engine";

interface OfflineDb extends DBSchema {
  bundles: { key: string; value: { key: string; userId: string; bundle: OfflineBundle; savedAt: Date }; indexes: { byUser: string } };
  outbox: { key: number; value: PendingGrade & { seq?: number }; indexes: { byUser: string } };
}

const NAME = "attend-offline";
let opened: Promise<IDBPDatabase<OfflineDb>> | null = null;

function db(): Promise<IDBPDatabase<OfflineDb>> {
  opened ??= openDB<OfflineDb>(NAME, 1, {
    upgrade(d) {
      d.createObjectStore("bundles", { keyPath: "key" }).createIndex("byUser", "userId");
      d.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true }).createIndex("byUser", "userId");
    },
  });
  return opened;
}

export const bundleKey = (userId: string, deck: string | null | undefined) => `${userId}|${deck ?? ""}`;

/** Whether this browser can keep anything (private modes may refuse IndexedDB). */
export const offlineSupported = () => typeof indexedDB !== "undefined";

/** A bundle as the server sent it (JSON), with its states' dates revived. */
export function reviveBundle(json: OfflineBundle): OfflineBundle {
  return { ...json, cards: json.cards.map((c) => ({ ...c, state: reviveState(c.state) })) };
}

export async function saveBundle(userId: string, bundle: OfflineBundle): Promise<void> {
  // Grades not yet sent are newer than what the server knew: keep their states over the server's.
  const d = await db();
  const tx = d.transaction(["bundles", "outbox"], "readwrite");
  const pending = await tx.objectStore("outbox").index("byUser").getAll(userId);
  let cards = bundle.cards;
  if (pending.length) {
    const old = await tx.objectStore("bundles").get(bundleKey(userId, bundle.deck));
    const local = new Map((old?.bundle.cards ?? []).map((c) => [c.view.id, c.state]));
    const touched = new Set(pending.map((p) => p.cardId));
    cards = cards.map((c) => (touched.has(c.view.id) && local.has(c.view.id) ? { ...c, state: local.get(c.view.id) ?? null } : c));
  }
  await tx.objectStore("bundles").put({ key: bundleKey(userId, bundle.deck), userId, bundle: { ...bundle, cards }, savedAt: new Date() });
  await tx.done;
}

export async function loadBundle(userId: string, deck: string | null | undefined): Promise<OfflineBundle | null> {
  return (await (await db()).get("bundles", bundleKey(userId, deck)))?.bundle ?? null;
}

/** Grades made on this device not yet confirmed by the server, oldest first. */
export async function pendingGrades(userId: string): Promise<PendingGrade[]> {
  const rows = await (await db()).getAllFromIndex("outbox", "byUser", userId);
  return rows.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

/** Set a card's state in every kept bundle of the learner (the same card can be in several decks' bundles). */
type BothStores = IDBPTransaction<OfflineDb, ["bundles", "outbox"], "readwrite">;

async function setStateEverywhere(tx: BothStores, userId: string, cardId: string, state: LearnerCardState | null) {
  const store = tx.objectStore("bundles");
  for (const rec of await store.index("byUser").getAll(userId)) {
    if (!rec.bundle.cards.some((c) => c.view.id === cardId)) continue;
    await store.put({ ...rec, bundle: { ...rec.bundle, cards: rec.bundle.cards.map((c) => (c.view.id === cardId ? { ...c, state } : c)) } });
  }
}

/** Record an offline grade durably: its state in the kept bundles and the grade in the outbox, together. */
export async function recordGrade(pending: PendingGrade, state: LearnerCardState | null): Promise<void> {
  const d = await db();
  const tx = d.transaction(["bundles", "outbox"], "readwrite");
  if (state) await setStateEverywhere(tx, pending.userId, pending.cardId, state);
  await tx.objectStore("outbox").add(pending);
  await tx.done;
}

/** A grade the server already has (online): only the kept state follows it. */
export async function applyOnlineGrade(userId: string, cardId: string, state: LearnerCardState): Promise<void> {
  const d = await db();
  const tx = d.transaction(["bundles", "outbox"], "readwrite");
  await setStateEverywhere(tx, userId, cardId, state);
  await tx.done;
}

/** Undo the newest unsent grade: it leaves the outbox and the card gets its state back. */
export async function undoLastGrade(userId: string): Promise<PendingGrade | null> {
  const d = await db();
  const tx = d.transaction(["bundles", "outbox"], "readwrite");
  const cursor = await tx.objectStore("outbox").index("byUser").openCursor(IDBKeyRange.only(userId), "prev");
  if (!cursor) {
    await tx.done;
    return null;
  }
  const last = cursor.value;
  await cursor.delete();
  await setStateEverywhere(tx, userId, last.cardId, last.before);
  await tx.done;
  return last;
}

/** Forget grades the server answered for (recorded, duplicate, superseded or rejected). */
export async function removeGrades(userId: string, reviewIds: readonly string[]): Promise<void> {
  if (!reviewIds.length) return;
  const ids = new Set(reviewIds);
  const d = await db();
  const tx = d.transaction("outbox", "readwrite");
  let cursor = await tx.store.index("byUser").openCursor(IDBKeyRange.only(userId));
  while (cursor) {
    if (ids.has(cursor.value.reviewId)) await cursor.delete();
    cursor = await cursor.continue();
  }
  await tx.done;
}
