import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { ingestDirectory } from "@/lib/ingest";
import type { GradeResponse, NextResponse } from "@/lib/review/contract";
import { startApp, type AppServer } from "../helpers/app-server";
import { HttpClient, signUp } from "../helpers/auth";
import { tempPostgres } from "../helpers/postgres";

/**
 * Two app instances (`next start`, the production build) on one PostgreSQL database, as behind a
 * load balancer: whatever one instance records, the other serves, and nothing that must hold for
 * the whole site (a session's end, the password-attempt counts, the undo journal) lives in one
 * process.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const PASSWORD = "correct horse battery staple";
let pg: Awaited<ReturnType<typeof tempPostgres>>;
let a: AppServer;
let b: AppServer;

beforeAll(async () => {
  pg = await tempPostgres("attend_instances");
  await migrateDatabase(pg.url, ROOT);
  const db = createDb(pg.url);
  await ingestDirectory(db, path.join(ROOT, "content"));
  await db.$disconnect();
  [a, b] = await Promise.all([startApp({ dbUrl: pg.url }), startApp({ dbUrl: pg.url })]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await pg?.drop();
});

/** The same session cookie, sent to the other instance (the load balancer's next pick). */
function sameSessionOn(server: AppServer, client: HttpClient): HttpClient {
  const other = new HttpClient(server.url);
  (other as unknown as { cookies: Map<string, string> }).cookies = (client as unknown as { cookies: Map<string, string> }).cookies;
  return other;
}
const next = async (c: HttpClient) => (await (await c.fetch("/api/review/next")).json()) as NextResponse;

describe("two instances on one PostgreSQL", () => {
  it("a grade on one instance is the other's history: counts, undo and the next card agree", async () => {
    const onA = await signUp(a.url, { email: "ada@example.com" });
    const onB = sameSessionOn(b, onA);
    const first = await next(onA);
    expect(first.card).not.toBeNull();
    const graded = await onA.json("/api/review/grade", {
      cardId: first.card!.id, grade: 3, reviewId: "inst-review-0001", seenReps: 0, seenUpdatedAt: null, durationMs: 2000,
    });
    expect(graded.status).toBe(200);
    expect(((await graded.json()) as GradeResponse).next.doneToday).toBe(1);

    const seenByB = await next(onB);
    expect(seenByB.doneToday).toBe(1);
    expect(seenByB.undoLabel).toBe("Good");
    // A retry of the same grade, through the other instance, is recorded once.
    const retry = await onB.json("/api/review/grade", { cardId: first.card!.id, grade: 3, reviewId: "inst-review-0001", seenReps: 0, seenUpdatedAt: null, durationMs: 2000 });
    expect(((await retry.json()) as GradeResponse).duplicate).toBe(true);

    const undone = await onB.json("/api/review/undo", {});
    expect(undone.status).toBe(200);
    const afterUndo = await next(onA);
    expect(afterUndo.doneToday).toBe(0);
    expect(afterUndo.card!.id).toBe(first.card!.id);
    expect(await a.db.reviewLog.count()).toBe(0);
  });

  it("'sign out everywhere' on one instance ends the session on the other", async () => {
    const onA = await signUp(a.url, { email: "hal@example.com" });
    const phoneOnB = new HttpClient(b.url);
    await phoneOnB.signIn("hal@example.com", PASSWORD);
    expect((await phoneOnB.fetch("/api/review/next")).status).toBe(200);
    expect((await onA.json("/api/account/sessions", {})).status).toBe(200);
    expect((await phoneOnB.fetch("/api/review/next")).status).toBe(401);
  });

  it("counts password attempts across instances: guesses spread over both are throttled together", async () => {
    await signUp(a.url, { email: "carol@example.com" });
    for (let i = 0; i < 5; i++) {
      const guesser = new HttpClient(i % 2 ? b.url : a.url);
      expect(await guesser.signIn("carol@example.com", `wrong password ${i}`)).toContain("error=CredentialsSignin");
    }
    for (const server of [a, b]) {
      const carol = new HttpClient(server.url);
      expect(await carol.signIn("carol@example.com", PASSWORD)).toContain("error=RateLimited");
      expect(carol.signedIn).toBe(false);
    }
  });
});
