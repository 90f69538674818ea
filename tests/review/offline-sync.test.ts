import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { ingestDirectory } from "@/lib/ingest";
import { registerUser } from "@/lib/auth/users";
import { getSettings, saveSettings } from "@/lib/db/settings";
import { getNext, gradeCard, undoLast } from "@/lib/db/review";
import { getOfflineBundle, syncGrades } from "@/lib/db/review-sync";
import type { DeviceGrade } from "@/lib/srs/replay";
import { localGrade, localNext, withState } from "@/lib/offline/engine";
import { reviveState } from "@/lib/review/offline-contract";
import { freshDb, writeContent } from "../helpers/db";

/** Grades made offline and synced end up in the database exactly as the same grades made online. */

const DECK = `---
deck: Attention
---
# Basics
Q: Why divide attention scores by $\\sqrt{d_k}$?
A: To keep their variance near one.

Q: What does the causal mask hide?
A: Later positions.

Q: What is a KV cache?
A: Stored keys and values of earlier positions.
`;

const T0 = new Date("2026-11-23T09:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let db: Db;
let cleanup: () => Promise<void>;
let dir: string;
let online: string;
let offline: string;

beforeEach(async () => {
  ({ db, cleanup } = await freshDb());
  dir = writeContent({ "attention.md": DECK });
  await ingestDirectory(db, dir);
  online = (await registerUser(db, { email: "on@example.com", name: "On", password: "correct horse battery" })).id;
  offline = (await registerUser(db, { email: "off@example.com", name: "Off", password: "correct horse battery" })).id;
  // Grades made offline are scheduled without the load balancer (docs/offline.md: the device does
  // not know every day's due count); the online session they are compared with does the same.
  for (const id of [online, offline]) {
    const learner = await getSettings(db, id);
    await saveSettings(db, id, { ...learner.settings, loadBalancer: false }, learner.timeZone);
  }
});
afterEach(async () => {
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const PLAN: { minute: number; grade: 1 | 2 | 3 | 4 }[] = [
  { minute: 0, grade: 3 },
  { minute: 1, grade: 1 },
  { minute: 2, grade: 3 },
  { minute: 3, grade: 3 },
  { minute: 12, grade: 3 },
  { minute: 14, grade: 4 },
  { minute: 60 * 24 * 4, grade: 3 },
];

/** Grade whatever the queue shows at each moment, online; returns the grades as a device would have queued them. */
async function studyOnline(userId: string): Promise<DeviceGrade[]> {
  const made: DeviceGrade[] = [];
  for (const [i, step] of PLAN.entries()) {
    const { card } = await getNext(db, userId, { now: at(step.minute) });
    if (!card) continue;
    const reviewId = `online-grade-${i}`;
    await gradeCard(db, userId, { cardId: card.id, grade: step.grade, reviewId, seenReps: card.seen.reps, seenUpdatedAt: card.seen.updatedAt, durationMs: 2000 }, at(step.minute));
    made.push({ reviewId: `offline-grade-${i}`, cardId: card.id, grade: step.grade, review: at(step.minute), durationMs: 2000 });
  }
  return made;
}

const states = async (userId: string) =>
  (await db.cardState.findMany({ where: { userId }, orderBy: { cardId: "asc" } })).map(({ userId: _u, ...s }) => s);
const logs = async (userId: string) =>
  (await db.reviewLog.findMany({ where: { userId }, orderBy: [{ review: "asc" }] })).map(({ id: _i, userId: _u, ...l }) => l);

describe("offline sync against the database", () => {
  it("leaves the same card states and log rows as the online session, sent in any order, twice", async () => {
    const grades = await studyOnline(online);
    expect(grades.length).toBeGreaterThan(4);
    const first = await syncGrades(db, offline, [...grades].reverse(), at(60 * 24 * 5));
    expect(first.recorded.sort()).toEqual(grades.map((g) => g.reviewId).sort());
    const again = await syncGrades(db, offline, grades, at(60 * 24 * 5));
    expect(again.recorded).toEqual([]);
    expect(again.duplicates.sort()).toEqual(grades.map((g) => g.reviewId).sort());
    expect(await db.reviewLog.count({ where: { userId: offline } })).toBe(grades.length);
    expect(await states(offline)).toEqual(await states(online));
    expect(await logs(offline)).toEqual(await logs(online));
  });

  it("merges a grade another device recorded meanwhile by review time, and drops the card's undo entries", async () => {
    const grades = await studyOnline(online);
    // The laptop answered a card the phone had already answered earlier, offline; its answer reaches the server first.
    const j = grades.findLastIndex((g, idx) => grades.slice(0, idx).some((h) => h.cardId === g.cardId));
    expect(j).toBeGreaterThan(0);
    const other = grades[j];
    const phone = grades.filter((_, i) => i !== j);
    const unrelated = phone.filter((g) => g.cardId !== other.cardId);
    await syncGrades(db, offline, unrelated.slice(0, 1), at(1)); // part synced before the laptop's answer
    await gradeCard(db, offline, { cardId: other.cardId, grade: other.grade, reviewId: "laptop-answer-1", seenReps: 0, seenUpdatedAt: null, durationMs: 2000 }, other.review);
    const rest = phone.filter((g) => g !== unrelated[0]);
    const merged = await syncGrades(db, offline, rest, at(60 * 24 * 5));
    expect(merged.recorded).toHaveLength(rest.length);
    expect(await db.reviewLog.count({ where: { userId: offline } })).toBe(grades.length);
    expect(await states(offline)).toEqual(await states(online));
    expect(await logs(offline)).toEqual(await logs(online));
    // the laptop's grade was rewritten by the merge; undo must not put back a state from before it
    expect(await undoLast(db, offline)).toBeNull();
  });

  it("rejects grades for a card that is gone and ids another learner used, and records the rest", async () => {
    const { card } = await getNext(db, offline, { now: T0 });
    await gradeCard(db, online, { cardId: card!.id, grade: 3, reviewId: "taken-by-online", seenReps: 0, seenUpdatedAt: null, durationMs: 1 }, T0);
    const result = await syncGrades(
      db,
      offline,
      [
        { reviewId: "taken-by-online", cardId: card!.id, grade: 3, review: T0, durationMs: 1 },
        { reviewId: "no-such-card-1", cardId: "missing", grade: 3, review: T0, durationMs: 1 },
        { reviewId: "fine-grade-1", cardId: card!.id, grade: 4, review: T0, durationMs: 1 },
      ],
      at(1),
    );
    expect(result.rejected.map((r) => r.reviewId).sort()).toEqual(["no-such-card-1", "taken-by-online"]);
    expect(result.recorded).toEqual(["fine-grade-1"]);
  });

  it("gives a device today's queue with each card's state and the settings to schedule it", async () => {
    const bundle = await getOfflineBundle(db, offline, { now: T0 });
    expect(bundle.cards.map((c) => c.view.questionHtml.slice(0, 200)).join()).toContain("attention scores");
    expect(bundle.cards).toHaveLength(3);
    expect(bundle.cards.every((c) => c.state === null)).toBe(true);
    expect(Object.keys(bundle.settings)).toEqual(["Attention / Basics"]);
    expect(bundle.truncated).toBe(false);
  });

  it("shows on the device what the server would show, and grades to the state the server records", async () => {
    // The bundle as the device keeps it (through JSON, as fetched), then the same session on both sides.
    let bundle = JSON.parse(JSON.stringify(await getOfflineBundle(db, offline, { now: T0 }))) as Awaited<ReturnType<typeof getOfflineBundle>>;
    bundle = { ...bundle, cards: bundle.cards.map((c) => ({ ...c, state: reviveState(c.state) })) };
    const pending: Parameters<typeof localNext>[1][number][] = [];
    for (const [i, step] of PLAN.entries()) {
      const now = at(step.minute);
      const server = await getNext(db, online, { now });
      const device = localNext(bundle, pending, now);
      expect(device.card?.id).toBe(server.card?.id);
      expect(device.card?.intervals).toEqual(server.card?.intervals);
      expect(device.counts).toEqual(server.counts);
      expect(device.doneToday).toBe(server.doneToday);
      if (!server.card) continue;
      const reviewId = `same-grade-${i}`;
      await gradeCard(db, online, { cardId: server.card.id, grade: step.grade, reviewId, seenReps: server.card.seen.reps, seenUpdatedAt: server.card.seen.updatedAt, durationMs: 1 }, now);
      const local = localGrade(bundle, { userId: offline, cardId: server.card.id, grade: step.grade, reviewId, durationMs: 1 }, now);
      pending.push(local.pending);
      bundle = withState(bundle, server.card.id, local.state);
      const row = await db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: online, cardId: server.card.id } } });
      const { userId: _u, ...stored } = row;
      expect(local.state).toEqual(stored);
    }
  });
});
