import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { registerUser } from "@/lib/auth/users";
import { getNext, gradeCard } from "@/lib/db/review";
import { sqliteFile } from "@/lib/db/url";
import { ContentError, ingestDirectory } from "@/lib/ingest";
import { LeaseLostError, takeIngestLease } from "@/lib/ingest/lease";
import { STAGED_AT } from "@/lib/ingest/sync";
import { freshDb, writeContent } from "../helpers/db";
import { runScript } from "../helpers/cli";

/** Ingest beside a live app: short transactions, nothing half-published, nobody locked out. */

const ROOT = path.resolve(import.meta.dirname, "../..");
const DAY = 86_400_000;

let db: Db;
let url: string;
let cleanup: () => Promise<void>;
const dirs: string[] = [];

/** A deck file of `n` cards whose answers carry math (rendering takes real time). */
function deck(name: string, n: number, broken: number | null = null): string {
  const cards = Array.from({ length: n }, (_, i) => {
    const math = i === broken ? "$\\frac{1}{$" : `$\\sum_{j=1}^{${i + 2}} \\frac{x_j^2}{\\sqrt{d_{${i}}}}$`;
    return `Q: In ${name}, what is quantity number ${i} of the attention layer?\nA: It is ${math}, the scaled score for key ${i}.`;
  });
  return `---\ndeck: ${name}\n---\n${cards.join("\n\n")}\n`;
}

function content(files: Record<string, string>): string {
  const dir = writeContent(files);
  dirs.push(dir);
  return dir;
}

/** `npm run ingest` in another process. */
const ingestInChild = (dir: string) => runScript("ingest", ["--content", dir, "--quiet"], { DATABASE_URL: url });

const activeCards = (sqlite: Database.Database) => Number(sqlite.prepare(`SELECT count(*) FROM "Card" WHERE "retiredAt" IS NULL`).pluck().get());

beforeEach(async () => {
  ({ db, url, cleanup } = await freshDb());
});
afterEach(async () => {
  await cleanup();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("an ingest beside a running app", () => {
  it("succeeds while another connection reads and learners grade: no grade lost or refused, and learners see all of the run or none", async () => {
    await ingestDirectory(db, content({ "a.md": deck("A", 40) }));
    const learners = await Promise.all(["ada", "bob", "cy"].map(async (n) => (await registerUser(db, { email: `${n}@example.com`, name: n, password: "correct horse battery" })).id));
    const before = activeCards(new Database(sqliteFile(url), { readonly: true }));

    // A reader holding a snapshot for the whole run (an export, a stats page).
    const reader = new Database(sqliteFile(url), { readonly: true });
    reader.prepare("BEGIN").run();
    expect(activeCards(reader)).toBe(before);
    const observer = new Database(sqliteFile(url), { readonly: true });

    let finished = false;
    const result = ingestInChild(content({ "a.md": deck("A", 40), "b.md": deck("B", 1500) })).finally(() => (finished = true));
    const seen = new Set<number>();
    let grades = 0;
    const failures: unknown[] = [];
    for (let round = 0; !finished; round++) {
      const now = new Date(Date.UTC(2026, 0, 1) + round * DAY);
      for (const userId of learners) {
        try {
          const { card } = await getNext(db, userId, { now });
          if (!card) continue;
          await gradeCard(db, userId, { cardId: card.id, grade: 3, reviewId: `r-${userId}-${round}`, seenReps: card.seen.reps, seenUpdatedAt: card.seen.updatedAt, durationMs: 1000 }, now);
          grades++;
        } catch (error) {
          failures.push(error);
        }
      }
      seen.add(activeCards(observer));
      // The review calls settle as microtasks when nothing is locked: let I/O (the child's exit) in.
      await new Promise((r) => setImmediate(r));
    }
    const { code, out } = await result;
    expect(code, out).toBe(0);
    expect(failures).toEqual([]);
    expect(grades).toBeGreaterThan(10);
    expect(await db.reviewLog.count()).toBe(grades);
    // Every look at the active cards saw the old content or the new, never a part of the new.
    expect([...seen].every((n) => n === before || n === before + 1500), [...seen].join(", ")).toBe(true);
    expect(activeCards(observer)).toBe(before + 1500);
    expect(activeCards(reader)).toBe(before); // the snapshot is untouched
    reader.prepare("ROLLBACK").run();
    reader.close();
    observer.close();
    expect(await db.card.count({ where: { retiredAt: STAGED_AT } })).toBe(0);
  });

  it("leaves the database as it was when math in a later chunk fails to render after earlier chunks were staged", async () => {
    await ingestDirectory(db, content({ "a.md": deck("A", 10) }));
    const snapshot = async () => ({
      cards: await db.card.findMany({ orderBy: { id: "asc" } }),
      decks: await db.deck.findMany({ orderBy: { id: "asc" } }),
      sources: await db.cardSource.count(),
      runs: await db.ingestRun.count(),
    });
    const before = await snapshot();
    // 1,200 new cards: chunks of 500, the broken card in the third.
    const error = await ingestDirectory(db, content({ "a.md": deck("A", 10), "b.md": deck("B", 1200, 1100) })).catch((e) => e);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).message).toMatch(/b\.md:\d+/);
    expect(await snapshot()).toEqual(before);
  });

  it("runs two ingests of one change at once: one publishes, the other waits for it and writes nothing twice", async () => {
    await ingestDirectory(db, content({ "a.md": deck("A", 5) }));
    const dir = content({ "a.md": deck("A", 5), "b.md": deck("B", 800) });
    const [first, second] = await Promise.all([ingestInChild(dir), ingestInChild(dir)]);
    expect(first.code, first.out).toBe(0);
    expect(second.code, second.out).toBe(0);
    expect(await db.card.count({ where: { retiredAt: null } })).toBe(805);
    expect(await db.card.count()).toBe(805);
    expect([first.out, second.out].filter((o) => /800 cards added/.test(o)).length).toBe(1);
  });

  it("clears what a crashed run staged before writing", async () => {
    await ingestDirectory(db, content({ "a.md": deck("A", 3) }));
    const deckId = (await db.deck.findFirstOrThrow()).id;
    await db.card.create({ data: { id: "left-over", deckId, question: "Half-written?", questionHtml: "<p>Half-written?</p>", contentHash: "x", retiredAt: STAGED_AT } });
    await ingestDirectory(db, content({ "a.md": deck("A", 4) }));
    expect(await db.card.findUnique({ where: { id: "left-over" } })).toBeNull();
    expect(await db.card.count()).toBe(4);
  });
});

describe("the ingest lease", () => {
  it("is refused while another holder's lease runs, taken once it has expired, and a holder that lost it is told", async () => {
    const first = await takeIngestLease(db);
    let waited = false;
    await expect(takeIngestLease(db, { patienceMs: 200, onWait: () => (waited = true) })).rejects.toThrow(/Another ingest/);
    expect(waited).toBe(true);
    // The first holder crashes: its lease runs out.
    await db.ingestLease.updateMany({ data: { expiresAt: new Date(Date.now() - 1) } });
    const second = await takeIngestLease(db, { patienceMs: 200 });
    await expect(first.renew()).rejects.toBeInstanceOf(LeaseLostError);
    await second.renew();
    await first.release(); // not the holder: changes nothing
    await expect(takeIngestLease(db, { patienceMs: 200 })).rejects.toThrow(/Another ingest/);
    await second.release();
    await (await takeIngestLease(db, { patienceMs: 200 })).release();
  });
});

describe("an ingest on PostgreSQL", () => {
  it("stages, publishes and moves unchanged cards in source order as on SQLite", async () => {
    const { tempPostgres } = await import("../helpers/postgres");
    const { migrateDatabase } = await import("@/lib/db/migrate");
    const { createDb } = await import("@/lib/db/client");
    const pgdb = await tempPostgres("attend_ingest");
    await migrateDatabase(pgdb.url, ROOT);
    const other = createDb(pgdb.url);
    try {
      const order = async (d: Db) => (await d.card.findMany({ where: { retiredAt: null }, orderBy: { position: "asc" }, select: { question: true, position: true } })).map((c) => `${c.position}:${c.question}`);
      for (const files of [{ "b.md": deck("B", 30) }, { "a.md": deck("A", 20), "b.md": deck("B", 30) }] as Record<string, string>[]) {
        const dir = content(files);
        const [x, y] = [await ingestDirectory(db, dir), await ingestDirectory(other, dir)];
        expect({ ...y, publishMs: 0 }).toEqual({ ...x, publishMs: 0 });
        expect(await order(other)).toEqual(await order(db));
      }
      // Cards added before them moved the 30 B cards to positions 20..49, without rewriting them.
      expect((await order(db)).slice(20, 21)[0]).toMatch(/^20:In B, what is quantity number 0/);
    } finally {
      await other.$disconnect();
      await pgdb.drop();
    }
  });
});
