import fs from "node:fs";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { ingestDirectory } from "@/lib/ingest";
import { registerUser } from "@/lib/auth/users";
import { getNext, gradeCard } from "@/lib/db/review";
import { sqliteOf } from "@/lib/db/sqlite";
import { sqliteFile } from "@/lib/db/url";
import { errorResponse } from "@/lib/http/api";
import { freshDb, writeContent } from "../helpers/db";

/** Another process (an ingest) holding the write lock: the grade fails cleanly and can be retried. */

let db: Db;
let url: string;
let cleanup: () => Promise<void>;
let dir: string;
let ada: string;

beforeEach(async () => {
  ({ db, url, cleanup } = await freshDb());
  dir = writeContent({ "a.md": "---\ndeck: A\n---\nQ: What does softmax return?\nA: A probability distribution.\n" });
  await ingestDirectory(db, dir);
  ada = (await registerUser(db, { email: "ada@example.com", name: "Ada", password: "correct horse battery" })).id;
});
afterEach(async () => {
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a database locked by another process", () => {
  it("answers 503 with a message, writes nothing, and the same grade goes through once the lock is gone", async () => {
    const { card } = await getNext(db, ada, { now: new Date() });
    const request = { cardId: card!.id, grade: 3 as const, reviewId: "busy-1", seenReps: 0, seenUpdatedAt: null, durationMs: 2000 };
    sqliteOf(db).pragma("busy_timeout = 200"); // the app waits 5 s; the test need not
    const other = new Database(sqliteFile(url));
    other.prepare("BEGIN IMMEDIATE").run();
    let failure: unknown;
    try {
      await gradeCard(db, ada, request, new Date());
    } catch (error) {
      failure = error;
    } finally {
      other.prepare("ROLLBACK").run();
      other.close();
    }
    const response = errorResponse(failure);
    expect(response?.status).toBe(503);
    expect(((await response!.json()) as { error: string }).error).toMatch(/busy/);
    expect(await db.reviewLog.count()).toBe(0);

    expect((await gradeCard(db, ada, request, new Date())).duplicate).toBe(false);
    expect((await gradeCard(db, ada, request, new Date())).duplicate).toBe(true);
    expect(await db.reviewLog.count()).toBe(1);
  });

  /**
   * Run `work` while another connection holds the write lock for 150 ms. The lock is let go by a
   * timer on this event loop, so `work` can only finish if the loop keeps turning; returns its
   * result, how long it took and how often a 10 ms ticker fired meanwhile.
   */
  async function underShortLock<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; ticks: number }> {
    const other = new Database(sqliteFile(url));
    other.prepare("BEGIN IMMEDIATE").run();
    setTimeout(() => {
      other.prepare("ROLLBACK").run();
      other.close();
    }, 150);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = Date.now();
    try {
      return { result: await work(), ms: Date.now() - started, ticks };
    } finally {
      clearInterval(ticker);
    }
  }

  it("waits for a short lock without freezing the server: other work runs meanwhile, then the grade lands", async () => {
    const { card } = await getNext(db, ada, { now: new Date() });
    const { result, ms, ticks } = await underShortLock(() =>
      gradeCard(db, ada, { cardId: card!.id, grade: 3, reviewId: "wait-1", seenReps: 0, seenUpdatedAt: null, durationMs: 2000 }, new Date()),
    );
    expect(result.duplicate).toBe(false);
    expect(ms).toBeGreaterThanOrEqual(140);
    expect(ticks).toBeGreaterThanOrEqual(5);
    expect(await db.reviewLog.count()).toBe(1);
  });

  it("does the same for Prisma's own plain queries", async () => {
    const { result, ticks } = await underShortLock(() => db.$executeRaw`UPDATE "User" SET "timeZone" = 'Europe/Paris' WHERE "id" = ${ada}`.then((n) => n));
    expect(result).toBe(1);
    expect(ticks).toBeGreaterThanOrEqual(5);
    expect((await db.user.findUniqueOrThrow({ where: { id: ada } })).timeZone).toBe("Europe/Paris");
  });

  it("leaves unexpected errors to Next (a 500 that is logged), not disguised as a client error", () => {
    expect(errorResponse(new TypeError("bug"))).toBeNull();
    expect(errorResponse(null)).toBeNull();
  });
});
