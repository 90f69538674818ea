import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { ingestDirectory } from "@/lib/ingest";
import { registerUser } from "@/lib/auth/users";
import { getNext, gradeCard } from "@/lib/db/review";
import { reviewStore } from "@/lib/db/review-store";
import { readOp } from "@/lib/db/store";
import { sqliteOf } from "@/lib/db/sqlite";
import type { GradeRequest, ReviewCardView } from "@/lib/review/contract";
import { freshDb, writeContent } from "../helpers/db";

/**
 * The review loop's direct SQLite path (lib/db/sqlite.ts): it shares Prisma's connection without
 * landing inside Prisma's transactions, in either direction.
 */

const CARDS = 80;
const deck = (name: string, from: number, to: number) =>
  `---\ndeck: ${name}\n---\n` + Array.from({ length: to - from }, (_, i) => `Q: Question number ${from + i} about attention?\nA: Answer ${from + i}.\n`).join("\n");

let db: Db;
let cleanup: () => Promise<void>;
let dir: string;
let ada: string;
let seq = 0;
const T0 = new Date("2026-11-23T09:00:00Z");

beforeEach(async () => {
  ({ db, cleanup } = await freshDb());
  dir = writeContent({ "a.md": deck("Alpha", 0, CARDS / 2), "b.md": deck("Beta", CARDS / 2, CARDS) });
  await ingestDirectory(db, dir);
  ada = (await registerUser(db, { email: "ada@example.com", name: "Ada", password: "correct horse battery" })).id;
});
afterEach(async () => {
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const grade = (card: ReviewCardView, g: 1 | 2 | 3 | 4): GradeRequest => ({
  cardId: card.id,
  grade: g,
  reviewId: `r-${++seq}`,
  seenReps: card.seen.reps,
  seenUpdatedAt: card.seen.updatedAt,
  durationMs: 3000,
});

describe("the direct SQLite path", () => {
  it("is Prisma's own connection, and a grade waits for an open Prisma transaction instead of landing in it", async () => {
    const { card } = await getNext(db, ada, { now: T0 });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inside = false;
    // A Prisma interactive transaction that writes, waits, then fails (and so rolls back).
    const failing = db
      .$transaction(async (tx) => {
        await tx.user.update({ where: { id: ada }, data: { name: "Changed" } });
        inside = sqliteOf(db).inTransaction;
        await held;
        throw new Error("roll back");
      })
      .catch((e: Error) => e.message);
    await new Promise((r) => setTimeout(r, 20));
    expect(inside).toBe(true); // same connection: Prisma's BEGIN is visible on it

    let graded = false;
    const grading = gradeCard(db, ada, grade(card!, 3), T0).then((r) => ((graded = true), r));
    await new Promise((r) => setTimeout(r, 50));
    expect(graded).toBe(false); // waiting, not writing inside Prisma's transaction
    release();
    expect(await failing).toBe("roll back");
    expect((await grading).duplicate).toBe(false);
    // Prisma's write was rolled back; the grade, made after it, stands.
    expect((await db.user.findUniqueOrThrow({ where: { id: ada } })).name).toBe("Ada");
    expect(await db.reviewLog.count({ where: { userId: ada } })).toBe(1);
    expect((await readOp(db, reviewStore.findState(ada, card!.id)))!.reps).toBe(1);
  });

  it("keeps Prisma's plain queries out of another request's open transaction", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const failing = db
      .$transaction(async (tx) => {
        await tx.user.update({ where: { id: ada }, data: { name: "Changed" } });
        await held;
        throw new Error("roll back");
      })
      .catch((e: Error) => e.message);
    await new Promise((r) => setTimeout(r, 20));
    // Other requests read and write meanwhile, one statement each with no transaction of their own
    // (`.then` sends a Prisma query; it is lazy until then).
    let seen = "not yet";
    const reading = db.user.findUniqueOrThrow({ where: { id: ada } }).then((u) => (seen = u.name));
    const saving = db.$executeRaw`UPDATE "User" SET "timeZone" = 'Europe/Paris' WHERE "id" = ${ada}`.then(() => "saved");
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toBe("not yet"); // no dirty read of the open transaction's write
    release();
    expect(await failing).toBe("roll back");
    expect(await reading).toBe("Ada");
    expect(await saving).toBe("saved");
    const user = await db.user.findUniqueOrThrow({ where: { id: ada } });
    expect(user.name).toBe("Ada"); // the transaction's write is gone
    expect(user.timeZone).toBe("Europe/Paris"); // the other request's write is not
  });
});
