import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { ingestDirectory } from "@/lib/ingest";
import { registerUser } from "@/lib/auth/users";
import { exportBackup, exportCardsCsv, exportReviewCsv, importReviewCsv, restoreBackup } from "@/lib/db/portability";
import { getStats, loadFsrsItems } from "@/lib/db/stats";
import { REVIEW_CSV_HEADER } from "@/lib/stats";
import { freshDb, writeContent } from "../helpers/db";
import { seedHistory } from "../helpers/stats";

const CARDS = 120;
const deck = ["---", "deck: Portability", "---", "# Cards", ...Array.from({ length: CARDS }, (_, i) => `Q: Question number ${i}?\nA: Answer ${i}.\n`)].join("\n");

let db: Db;
let cleanup: () => Promise<void>;
let dir: string;
let alice: string;
let bob: string;
let cardIds: string[];
const END = new Date("2026-06-01T12:00:00Z");

beforeEach(async () => {
  ({ db, cleanup } = await freshDb());
  dir = writeContent({ "portability.md": deck });
  await ingestDirectory(db, dir);
  cardIds = (await db.card.findMany({ orderBy: { position: "asc" }, select: { id: true } })).map((c) => c.id);
  alice = (await registerUser(db, { email: "alice@example.com", name: "Alice", password: "correct horse battery" })).id;
  bob = (await registerUser(db, { email: "bob@example.com", name: "Bob", password: "correct horse battery" })).id;
});
afterEach(async () => {
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sortedLines = (csv: string) => csv.trimEnd().split("\n").slice(1).sort();

describe("review-log CSV", () => {
  it("round-trips: import then export gives the same bytes modulo row order, and re-import adds nothing", async () => {
    await seedHistory(db, alice, { cardIds, end: END, days: 60 });
    const csv = await exportReviewCsv(db, alice);
    expect(csv.split("\n")[0]).toBe(REVIEW_CSV_HEADER.join(","));
    const rows = csv.trimEnd().split("\n").length - 1;
    expect(rows).toBeGreaterThan(500);
    // shuffle the rows: order must not matter
    const [head, ...body] = csv.trimEnd().split("\n");
    const shuffled = [head, ...body.reverse()].join("\n") + "\n";

    const first = await importReviewCsv(db, bob, shuffled);
    expect(first).toEqual({ ok: true, imported: rows, skipped: 0 });
    const back = await exportReviewCsv(db, bob);
    expect(back.split("\n")[0]).toBe(csv.split("\n")[0]);
    expect(sortedLines(back)).toEqual(sortedLines(csv));
    expect(back.length).toBe(csv.length);

    expect(await importReviewCsv(db, bob, csv)).toEqual({ ok: true, imported: 0, skipped: rows });
    expect(await db.reviewLog.count({ where: { userId: bob } })).toBe(rows);
    // imported answers feed the optimizer like the learner's own
    expect((await loadFsrsItems(db, bob)).length).toBe((await loadFsrsItems(db, alice)).length);
  });

  it("reports a malformed line with its number and imports nothing", async () => {
    const good = (t: number, id = cardIds[0]) => `${id},${t},3,2,4000`;
    const t0 = Date.UTC(2026, 0, 5);
    const csv = [REVIEW_CSV_HEADER.join(","), `${cardIds[0]},${t0},3,0,4000`, good(t0 + 86_400_000), good(t0 + 3 * 86_400_000), `${cardIds[1]},yesterday,3,2,4000`, good(t0 + 9 * 86_400_000)].join("\n");
    const result = await importReviewCsv(db, alice, csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].line).toBe(5);
    expect(result.problems[0].message).toMatch(/review_time "yesterday"/);
    expect(await db.reviewLog.count()).toBe(0);

    const badRating = [REVIEW_CSV_HEADER.join(","), good(t0), "", `${cardIds[2]},${t0},5,2,100`, `${cardIds[2]},${t0},3,2`].join("\n");
    const r2 = await importReviewCsv(db, alice, badRating);
    expect(r2.ok ? [] : r2.problems.map((p) => p.line)).toEqual([4, 5]);

    const unknown = [REVIEW_CSV_HEADER.join(","), good(t0), `no-such-card,${t0},3,2,100`].join("\n");
    const r3 = await importReviewCsv(db, alice, unknown);
    expect(r3.ok ? null : r3.problems[0]).toEqual({ line: 3, message: 'unknown card_id "no-such-card"' });

    const header = await importReviewCsv(db, alice, "card,time\nx,1\n");
    expect(header.ok ? null : header.problems[0].line).toBe(1);
    expect(await db.reviewLog.count()).toBe(0);
  });
});

describe("backup", () => {
  it("restores card states exactly into a fresh account, and restoring twice changes nothing", async () => {
    await seedHistory(db, alice, { cardIds, end: END, days: 45 });
    await db.cardState.update({ where: { userId_cardId: { userId: alice, cardId: cardIds[3] } }, data: { suspended: true, buriedUntil: new Date("2026-06-02T04:00:00Z") } });
    const backup = JSON.parse(JSON.stringify(await exportBackup(db, alice, END)));
    const restored = await restoreBackup(db, bob, backup);
    expect(restored.ok).toBe(true);
    const states = async (userId: string) => (await db.cardState.findMany({ where: { userId }, orderBy: { cardId: "asc" } })).map(({ userId: _u, ...s }) => s);
    const a = await states(alice);
    expect(a.length).toBeGreaterThan(100);
    expect(await states(bob)).toEqual(a);
    const logs = async (userId: string) => (await db.reviewLog.findMany({ where: { userId }, orderBy: [{ review: "asc" }, { cardId: "asc" }] })).map(({ id: _i, userId: _u, ...l }) => l);
    expect(await logs(bob)).toEqual(await logs(alice));
    // the same settings too
    expect((await db.user.findUniqueOrThrow({ where: { id: bob } })).settings).toBe((await db.user.findUniqueOrThrow({ where: { id: alice } })).settings);

    const again = await restoreBackup(db, bob, backup);
    expect(again).toMatchObject({ ok: true, reviewLogs: 0 });
    expect(await db.reviewLog.count({ where: { userId: bob } })).toBe(backup.reviewLogs.length);
  });

  it("refuses an invalid backup with the field at fault, changing nothing", async () => {
    await seedHistory(db, alice, { cardIds, end: END, days: 20 });
    const backup = JSON.parse(JSON.stringify(await exportBackup(db, alice, END)));
    backup.cardStates[2].due = "next tuesday";
    const result = await restoreBackup(db, bob, backup);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.problems[0]).toMatch(/^cardStates\.2\.due/);
    backup.cardStates[2].due = backup.cardStates[1].due;
    backup.cardStates[2].cardId = "not-a-card";
    expect((await restoreBackup(db, bob, backup)).ok).toBe(false);
    expect(await db.cardState.count({ where: { userId: bob } })).toBe(0);
  });
});

describe("per-user isolation", () => {
  it("exports only the signed-in learner's data; importing touches only their account", async () => {
    await seedHistory(db, alice, { cardIds, end: END, days: 30 });
    const aliceCount = await db.reviewLog.count({ where: { userId: alice } });
    const t0 = Date.UTC(2026, 4, 1);
    const bobCsv = [REVIEW_CSV_HEADER.join(","), `${cardIds[0]},${t0},3,0,1234`, `${cardIds[0]},${t0 + 2 * 86_400_000},3,2,1234`].join("\n") + "\n";
    expect(await importReviewCsv(db, bob, bobCsv)).toMatchObject({ ok: true, imported: 2 });
    const bobExport = await exportReviewCsv(db, bob);
    expect(bobExport).toBe(bobCsv);
    expect(await db.reviewLog.count({ where: { userId: alice } })).toBe(aliceCount);
    const bobBackup = await exportBackup(db, bob, END);
    expect(bobBackup.cardStates).toHaveLength(0);
    expect(bobBackup.reviewLogs.every((l) => !String(l.id).startsWith("sim-"))).toBe(true);
    const cards = await exportCardsCsv(db, bob);
    expect(cards.split("\n")[0]).toBe("card_id,deck,question,state,due,stability,difficulty,reps,lapses,last_review,suspended,leech");
    expect(cards.split("\n").filter((l) => l.includes(",review,"))).toHaveLength(0); // Bob has studied nothing here
    expect((await exportCardsCsv(db, alice)).split("\n").filter((l) => l.includes(",review,")).length).toBeGreaterThan(0);
  });
});

describe("statistics", () => {
  it("aggregates a history into every chart", async () => {
    await seedHistory(db, alice, { cardIds, end: END, days: 60 });
    const stats = (await getStats(db, alice, { now: END }))!;
    const total = await db.reviewLog.count({ where: { userId: alice } });
    expect(stats.totalReviews).toBe(total);
    expect(stats.heatmap).toHaveLength(365);
    expect(stats.heatmap.reduce((s, d) => s + d.count, 0)).toBe(total);
    expect(stats.heatmap.filter((d) => d.count > 0).length).toBe(60);
    expect(stats.time).toHaveLength(30);
    expect(stats.time.map((d) => d.day)).toEqual(stats.heatmap.slice(-30).map((d) => d.day));
    expect(stats.time.map((d) => d.reviews)).toEqual(stats.heatmap.slice(-30).map((d) => d.count));
    expect(stats.time.slice(0, -1).every((d) => d.minutes > 0)).toBe(true); // today (the last day) has no reviews yet
    expect(stats.forecast).toHaveLength(30);
    const active = await db.cardState.count({ where: { userId: alice, state: { in: [1, 2, 3] } } });
    const dueLater = await db.cardState.count({ where: { userId: alice, state: { in: [1, 2, 3] }, due: { gte: new Date(END.getTime() + 31 * 86_400_000) } } });
    expect(stats.forecast.reduce((s, d) => s + d.learning + d.review, 0)).toBeGreaterThanOrEqual(active - dueLater - 1);
    const states = stats.states;
    expect(states.new + states.learning + states.review + states.relearning + states.suspended).toBe(CARDS);
    const retained = stats.retention.reduce((s, b) => s + b.reviews, 0);
    expect(retained).toBe(await db.reviewLog.count({ where: { userId: alice, state: 2 } }));
    expect(stats.buttons.reduce((s, b) => s + b.total, 0)).toBe(total);
    expect(stats.workload.map((w) => w.retention)).toEqual([0.8, 0.85, 0.9, 0.95]);
    // more retention, more reviews
    expect(stats.workload[3].total).toBeGreaterThan(stats.workload[0].total);

    // one deck: Bob has nothing
    const deckId = (await db.card.findFirstOrThrow()).deckId;
    const bobStats = (await getStats(db, bob, { now: END, deckId }))!;
    expect(bobStats.totalReviews).toBe(0);
    expect(bobStats.states.new).toBe(CARDS);
    expect(await getStats(db, bob, { now: END, deckId: "nope" })).toBeNull();
  });
});
