import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "../helpers/app-server";
import { HttpClient, signUp } from "../helpers/auth";
import type { GradeResponse, NextResponse } from "@/lib/review/contract";

let app: AppServer;
let alice: HttpClient;
let bob: HttpClient;

beforeAll(async () => {
  app = await startApp();
  alice = await signUp(app.url, { email: "alice@example.com" }); // first account: author
  bob = await signUp(app.url, { email: "bob@example.com" });
});
afterAll(async () => {
  await app?.stop();
});

const next = async (c: HttpClient) => (await (await c.fetch("/api/review/next")).json()) as NextResponse;
const gradeBody = (n: NextResponse, grade: number, reviewId: string) => ({
  cardId: n.card!.id,
  grade,
  reviewId,
  seenReps: n.card!.seen.reps,
  seenUpdatedAt: n.card!.seen.updatedAt,
  durationMs: 3000,
});

describe("per-user data isolation over HTTP", () => {
  it("refuses every per-user API route without a session (401) and redirects pages to sign-in", async () => {
    const anon = new HttpClient(app.url);
    expect((await anon.fetch("/api/review/next")).status).toBe(401);
    for (const route of ["/api/review/grade", "/api/review/undo", "/api/review/bury", "/api/review/suspend", "/api/account/password"]) {
      const res = await anon.json(route, {});
      expect(res.status, route).toBe(401);
    }
    for (const page of ["/review", "/settings", "/leeches", "/account", "/author", "/stats", "/tests", "/tests/x", "/attempts/x", "/attempts/x/review"]) {
      const res = await anon.fetch(page);
      expect([302, 303, 307, 308], page).toContain(res.status);
      expect(res.headers.get("location"), page).toContain("/login");
    }
  });

  it("keeps Alice's reviews invisible and unchangeable for Bob", async () => {
    const a = await next(alice);
    const graded = await alice.json("/api/review/grade", gradeBody(a, 3, "alice-review-0001"));
    expect(graded.status).toBe(200);
    const aliceAfter = ((await graded.json()) as GradeResponse).next;
    expect(aliceAfter.doneToday).toBe(1);

    const b = await next(bob);
    expect(b.doneToday).toBe(0);
    expect(b.canUndo).toBe(false);
    expect(b.card!.id).toBe(a.card!.id); // the same card, new for Bob
    expect(b.card!.seen).toEqual({ reps: 0, updatedAt: null });

    // Bob cannot undo Alice's grade, nor claim her review id
    const undo = await bob.json("/api/review/undo", {});
    expect(((await undo.json()) as { undone: unknown }).undone).toBeNull();
    const steal = await bob.json("/api/review/grade", gradeBody(b, 1, "alice-review-0001"));
    expect(steal.status).toBe(409);
    // Bob suspending the card suspends it for Bob only
    expect((await bob.json("/api/review/suspend", { cardId: b.card!.id })).status).toBe(200);
    expect((await next(alice)).doneToday).toBe(1);
    const aliceState = await app.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: (await app.db.user.findUniqueOrThrow({ where: { email: "alice@example.com" } })).id, cardId: a.card!.id } } });
    expect(aliceState.suspended).toBe(false);
    expect(await app.db.reviewLog.count()).toBe(1);
  });

  it("lets only authors see content diagnostics", async () => {
    const asAuthor = await alice.fetch("/author");
    expect(asAuthor.status).toBe(200);
    const asLearner = await bob.fetch("/author");
    expect([302, 303, 307, 308]).toContain(asLearner.status);
    expect(asLearner.headers.get("location")).not.toContain("/author");
  });

  it("answers bad requests with 4xx and a message, never 500", async () => {
    const cases: [string, unknown][] = [
      ["/api/review/grade", { cardId: "x" }],
      ["/api/review/grade", { cardId: "nope", grade: 3, reviewId: "abcdefgh1", seenReps: 0, seenUpdatedAt: null, durationMs: 1 }],
      ["/api/review/grade", { cardId: "x", grade: 7, reviewId: "abcdefgh2", seenReps: 0, seenUpdatedAt: null, durationMs: 1 }],
      ["/api/review/bury", { cardId: "no-such-card" }],
      ["/api/account/password", { current: "wrong password", password: "a brand new password" }],
    ];
    for (const [route, body] of cases) {
      const res = await alice.json(route, body);
      expect(res.status, `${route} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(((await res.json()) as { error: string }).error).toBeTruthy();
    }
    const broken = await alice.fetch("/api/review/grade", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(broken.status).toBe(400);
    expect((await alice.fetch("/api/review/next?deck=missing")).status).toBe(404);
  });

  it("stores only an argon2id hash of the password", async () => {
    const row = await app.db.user.findUniqueOrThrow({ where: { email: "bob@example.com" } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("correct horse");
  });

  it("rate-limits sign-in after repeated failures, even with the right password", async () => {
    await signUp(app.url, { email: "carol@example.com" });
    const carol = new HttpClient(app.url);
    for (let i = 0; i < 5; i++) {
      const location = await carol.signIn("carol@example.com", "wrong password " + i);
      expect(location).toContain("error=CredentialsSignin");
    }
    const location = await carol.signIn("carol@example.com", "correct horse battery staple");
    expect(location).toContain("error=RateLimited");
    expect(carol.signedIn).toBe(false);
  });
});
