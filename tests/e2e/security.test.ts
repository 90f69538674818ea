import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "../helpers/app-server";
import { HttpClient, signInBrowser, signUp } from "../helpers/auth";
import { launchBrowser, reviewReady, screenshotPath } from "../helpers/browser";
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
    const plain = await alice.fetch("/api/review/grade", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    expect(plain.status).toBe(415);
    const get = await alice.fetch("/api/review/grade");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
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

// ---- issue 13: hardening ---------------------------------------------------------------------

const PASSWORD = "correct horse battery staple";

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * One request over a socket bound to `localAddress` (127.0.0.x are all this machine): the server
 * sees a different client address per x, as it would see different people.
 */
function raw(path: string, o: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string; base?: string } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, o.base ?? app.url), { method: o.method ?? "GET", headers: o.headers, localAddress: o.localAddress }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(o.body);
  });
}

const cookiesOf = (r: Raw) => (r.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]);

/** Sign in through next-auth from `localAddress`: "ok", or next-auth's error code (CredentialsSignin, RateLimited:<s>). */
async function signInFrom(localAddress: string, email: string, password: string, o: { base?: string; headers?: Record<string, string> } = {}): Promise<{ result: string; cookies: string[]; setCookie: string[] }> {
  const csrf = await raw("/api/auth/csrf", { localAddress, base: o.base, headers: o.headers });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const res = await raw("/api/auth/callback/credentials", {
    method: "POST",
    localAddress,
    base: o.base,
    headers: { ...o.headers, "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  const url = (JSON.parse(res.body || "{}") as { url?: string }).url ?? String(res.headers.location ?? "");
  const error = new URL(url, o.base ?? app.url).searchParams.get("error");
  const setCookie = res.headers["set-cookie"] ?? [];
  return { result: error ?? (setCookie.some((c) => c.includes("session-token")) ? "ok" : `no session (${res.status})`), cookies: cookiesOf(res), setCookie };
}

/** Every route file under app/api and pages/api that accepts a write, as a URL path. */
function stateChangingRoutes(): string[] {
  const found: string[] = [];
  const walk = (root: string, dir: string, route: (file: string) => string | null) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(root, p, route);
      else if (route(e.name) !== null && /\b(POST|PUT|PATCH|DELETE)\b/.test(fs.readFileSync(p, "utf8"))) {
        found.push("/api/" + path.relative(root, path.join(dir, route(e.name)!)).split(path.sep).join("/"));
      }
    }
  };
  const app = path.resolve(import.meta.dirname, "../../app/api");
  walk(app, app, (file) => (file === "route.ts" ? "" : null));
  // On the Pages Router every file is a route, named by its path (pages/api/review/grade.ts).
  const pages = path.resolve(import.meta.dirname, "../../pages/api");
  if (fs.existsSync(pages)) walk(pages, pages, (file) => (file.endsWith(".ts") ? file.slice(0, -3) : null));
  return found.map((r) => r.replace(/\/$/, "")).sort();
}

/** Everything a forged write could change. */
async function snapshot() {
  return {
    users: await app.db.user.findMany({ select: { email: true, passwordHash: true, settings: true, timeZone: true, sessionVersion: true }, orderBy: { email: "asc" } }),
    states: await app.db.cardState.findMany({ orderBy: [{ userId: "asc" }, { cardId: "asc" }] }),
    logs: await app.db.reviewLog.count(),
    attempts: await app.db.testAttempt.count(),
    deckSettings: await app.db.deckSettings.count(),
  };
}

describe("cross-site writes (issue 13)", () => {
  it("refuses cross-origin, cross-site and text/plain writes to every state-changing route, writing nothing", async () => {
    const card = (await next(alice)).card!;
    const slug = (await app.db.test.findFirstOrThrow()).slug;
    // Bodies that would change something if they got through.
    const bodies: Record<string, unknown> = {
      "/api/review/grade": gradeBody(await next(alice), 3, "forged-review-01"),
      "/api/review/suspend": { cardId: card.id },
      "/api/review/bury": { cardId: card.id },
      "/api/review/undo": {},
      "/api/exams/start": { slug },
      "/api/account/password": { current: PASSWORD, password: "a forged new passphrase" },
      "/api/account/sessions": {},
      "/api/account/register": { email: "forged@example.com", name: "Forged", password: "a forged new passphrase" },
      "/api/portability/backup": {},
    };
    const routes = [...stateChangingRoutes().filter((r) => !r.includes("[")), "/api/auth/callback/credentials", "/api/auth/signout"];
    expect(routes).toEqual(expect.arrayContaining(["/api/review/grade", "/api/review/suspend", "/api/exams/save", "/api/portability/backup", "/api/account/register", "/api/stats/optimizer/apply"]));
    const before = await snapshot();
    const port = Number(new URL(app.url).port);
    for (const route of routes) {
      const body = JSON.stringify(bodies[route] ?? {});
      // The attack: a text/plain form on another port of the same host (same-site, so the cookie goes along).
      const otherPort = await alice.fetch(route, { method: "POST", headers: { origin: `http://127.0.0.1:${port + 1}`, "content-type": "text/plain" }, body });
      expect(otherPort.status, `${route} from another port`).toBe(403);
      expect(((await otherPort.json()) as { error: string }).error).toMatch(/another site/);
      const crossSite = await alice.fetch(route, { method: "POST", headers: { "sec-fetch-site": "cross-site", "content-type": "application/json" }, body });
      expect(crossSite.status, `${route} cross-site`).toBe(403);
      const evil = await alice.fetch(route, { method: "POST", headers: { origin: "http://evil.example", "content-type": "application/json" }, body });
      expect(evil.status, `${route} from evil.example`).toBe(403);
    }
    // Same origin but sent as a form could send it: JSON routes want JSON.
    for (const route of Object.keys(bodies).filter((r) => r !== "/api/portability/backup")) {
      const res = await alice.fetch(route, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify(bodies[route]) });
      expect(res.status, `${route} as text/plain`).toBe(415);
    }
    // Server actions (settings, leeches) go through proxy.ts: another origin is refused before Next runs the action.
    const action = await alice.fetch("/settings", { method: "POST", headers: { origin: "http://evil.example", "next-action": "0".repeat(42), "content-type": "text/plain" }, body: "[]" });
    expect(action.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("still accepts the same writes from the app's own origin", async () => {
    const n = await next(bob);
    const res = await bob.fetch("/api/review/bury", { method: "POST", headers: { origin: app.url, "sec-fetch-site": "same-origin", "content-type": "application/json" }, body: JSON.stringify({ cardId: n.card!.id }) });
    expect(res.status).toBe(200);
  });
});

describe("sign-in throttling over real sockets (issue 13)", () => {
  it("22 wrong logins by a stranger for 22 unknown e-mails no longer lock out a real user", async () => {
    await signUp(app.url, { email: "erin@example.com" });
    const stranger = "127.0.0.2";
    const results = [];
    for (let i = 0; i < 22; i++) results.push((await signInFrom(stranger, `nobody${i}@example.com`, "wrong guess " + i)).result);
    expect(results.slice(0, 20).every((r) => r === "CredentialsSignin")).toBe(true);
    expect(results[21]).toMatch(/^RateLimited:\d+$/); // the stranger's own address is slowed down
    expect((await signInFrom("127.0.0.5", "erin@example.com", PASSWORD)).result).toBe("ok");
  });

  it("five wrong guesses by a stranger do not lock the owner out", async () => {
    await signUp(app.url, { email: "fay@example.com" }); // fay signed in from 127.0.0.1: a known address
    for (let i = 0; i < 6; i++) await signInFrom("127.0.0.6", "fay@example.com", "wrong guess " + i);
    expect((await signInFrom("127.0.0.6", "fay@example.com", PASSWORD)).result).toMatch(/^RateLimited/);
    expect((await signInFrom("127.0.0.1", "fay@example.com", PASSWORD)).result).toBe("ok");
  });

  it("ignores a made-up X-Forwarded-For without a trusted proxy: 30 registrations in a row hit the limit", async () => {
    const statuses = [];
    for (let i = 0; i < 30; i++) {
      const res = await raw("/api/account/register", {
        method: "POST",
        localAddress: "127.0.0.3",
        headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${i}`, "x-real-ip": `203.0.113.${i}` },
        body: JSON.stringify({ email: `spoof${i}@example.com`, name: "Spoof", password: PASSWORD }),
      });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    expect(await app.db.user.count({ where: { email: { startsWith: "spoof" } } })).toBe(20);
  });

  it("20 parallel wrong passwords: at most the limit (5) are tried", async () => {
    await signUp(app.url, { email: "gus@example.com" });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signInFrom("127.0.0.4", "gus@example.com", "wrong guess " + i)));
    const tried = results.filter((r) => r.result === "CredentialsSignin").length;
    expect(tried).toBeLessThanOrEqual(5);
    expect(tried + results.filter((r) => r.result.startsWith("RateLimited")).length).toBe(20);
  });

  it("stores no over-long e-mail: a huge e-mail is refused before it costs a row", async () => {
    const rows = await app.db.authThrottle.count();
    // 300 KB: under the 1 MB body cap, so it is the e-mail's own limit (254) that refuses it.
    const res = await signInFrom("127.0.0.7", "x".repeat(300 * 1024) + "@example.com", "whatever guess");
    expect(res.result).not.toBe("ok");
    expect(await app.db.authThrottle.count()).toBe(rows);
  });
});

describe("redirects (issue 13)", () => {
  it("sends a signed-in user only to paths on this site; tab and newline tricks go home, never a 500", async () => {
    for (const callback of ["/%09/evil.example/", "/%0a/evil.example/", "%0a", "//evil.example", "/%5cevil.example", "https://evil.example/"]) {
      const res = await alice.fetch(`/login?callbackUrl=${callback}`);
      expect(res.status, callback).toBeGreaterThanOrEqual(300);
      expect(res.status, callback).toBeLessThan(400);
      const target = new URL(res.headers.get("location")!, app.url);
      expect(target.origin, callback).toBe(app.url);
      expect(target.pathname, callback).toBe("/");
    }
    const ok = await alice.fetch(`/login?callbackUrl=${encodeURIComponent("/review?deck=x")}`);
    expect(new URL(ok.headers.get("location")!, app.url).pathname).toBe("/review");
  });

  it("next-auth's own callbackUrl gets the same rule", async () => {
    const client = new HttpClient(app.url);
    const { csrfToken } = (await (await client.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await client.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email: "bob@example.com", password: PASSWORD, callbackUrl: "/\t/evil.example/", json: "true" }),
    });
    const url = new URL(((await res.json()) as { url: string }).url);
    expect(url.origin).toBe(app.url);
    expect(url.pathname).toBe("/");
  });
});

describe("sessions end on demand (issue 13)", () => {
  it("'sign out everywhere' ends every session at once: 401 on the API, sign-in page for pages", async () => {
    const laptop = await signUp(app.url, { email: "hal@example.com" });
    const phone = new HttpClient(app.url);
    await phone.signIn("hal@example.com", PASSWORD);
    expect((await phone.fetch("/api/review/next")).status).toBe(200);
    expect((await laptop.json("/api/account/sessions", {})).status).toBe(200);
    for (const c of [laptop, phone]) {
      expect((await c.fetch("/api/review/next")).status).toBe(401);
      const page = await c.fetch("/review");
      expect(page.headers.get("location")).toContain("/login");
    }
    expect((await phone.signIn("hal@example.com", PASSWORD)) && phone.signedIn).toBe(true);
    expect((await phone.fetch("/api/review/next")).status).toBe(200);
  });

  it("a password change ends the other sessions and keeps this one", async () => {
    const here = await signUp(app.url, { email: "ida@example.com" });
    const elsewhere = new HttpClient(app.url);
    await elsewhere.signIn("ida@example.com", PASSWORD);
    const res = await here.json("/api/account/password", { current: PASSWORD, password: "a brand new passphrase" });
    expect(res.status).toBe(200);
    expect((await here.fetch("/api/review/next")).status).toBe(200);
    expect((await here.fetch("/account")).status).toBe(200);
    expect((await elsewhere.fetch("/api/review/next")).status).toBe(401);
    expect((await signInFrom("127.0.0.1", "ida@example.com", "a brand new passphrase")).result).toBe("ok");
  });
});

/** The server's resident memory in MB: the process listening on the app's port (Next renames itself "next-server"). */
function serverRssMb(): number {
  const port = new URL(app.url).port;
  const listening = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const pid = /pid=(\d+)/.exec(listening)?.[1];
  if (!pid) throw new Error(`no process listens on port ${port}:\n${listening}`);
  const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(rss![1]) / 1024;
}

/** POST `total` bytes in 1 MB chunks without a content-length; resolves with the status once the server answers. */
function streamBody(route: string, total: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(route, app.url), { method: "POST", localAddress: "127.0.0.9", headers: { ...headers, "transfer-encoding": "chunked" } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on("error", (e) => (sent >= total ? reject(e) : undefined)); // the server may close early: that is the point
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

describe("bounded input (issue 13)", () => {
  it("answers 413 with a message to oversized bodies, declared or streamed", async () => {
    const big = JSON.stringify({ cardId: "x".repeat(2 * 1024 * 1024) });
    const res = await alice.fetch("/api/review/suspend", { method: "POST", headers: { "content-type": "application/json" }, body: big });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/larger than 1 MB/);
    // The grade route reads its body itself (pages/api/review/grade.ts): declared and streamed.
    const grade = await alice.fetch("/api/review/grade", { method: "POST", headers: { "content-type": "application/json" }, body: big });
    expect(grade.status).toBe(413);
    expect(((await grade.json()) as { error: string }).error).toMatch(/larger than 1 MB/);
    expect(await streamBody("/api/review/grade", 8 * 1024 * 1024, { "content-type": "application/json", cookie: alice.cookieHeader })).toBe(413);
    expect((await alice.fetch("/api/review/next")).status).toBe(200);
    const auth = await alice.fetch("/api/auth/callback/credentials", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=" + "x".repeat(2 * 1024 * 1024) });
    expect(auth.status).toBe(413);
    const register = await raw("/api/account/register", { method: "POST", localAddress: "127.0.0.8", headers: { "content-type": "application/json" }, body: "x".repeat(64 * 1024) });
    expect(register.status).toBe(413);
    expect((JSON.parse(register.body) as { error: string }).error).toMatch(/larger than 16 KB/);
  });

  it("a 100 MB registration body is cut off while reading: the server's memory barely moves", async () => {
    const before = serverRssMb();
    const status = await streamBody("/api/account/register", 100 * 1024 * 1024, { "content-type": "application/json" });
    expect(status).toBe(413);
    const growth = serverRssMb() - before;
    console.log(`RSS before ${before.toFixed(0)} MB, growth after a 100 MB body: ${growth.toFixed(1)} MB`);
    expect(growth).toBeLessThan(50); // was +300 MB (491 MB in all) before the cap
  });

  it("refuses over-long fields with a message: e-mail over 254, name over 80", async () => {
    const long = (body: unknown) => raw("/api/account/register", { method: "POST", localAddress: "127.0.0.8", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const email = await long({ email: "a".repeat(300) + "@example.com", name: "A", password: PASSWORD });
    expect(email.status).toBe(400);
    expect(JSON.parse(email.body)).toMatchObject({ field: "email", error: expect.stringMatching(/254/) });
    const name = await long({ email: "long@example.com", name: "n".repeat(81), password: PASSWORD });
    expect(JSON.parse(name.body)).toMatchObject({ field: "name", error: expect.stringMatching(/80/) });
  });
});

describe("weak passwords (issue 13)", () => {
  it("refuses ten spaces, ten NULs, 1234567890 and password12, each with a reason", async () => {
    for (const [password, reason] of [[" ".repeat(10), /spaces|easy to guess/], ["\u0000".repeat(10), /control characters/], ["1234567890", /most used/], ["password12", /commonly used/]] as const) {
      const res = await raw("/api/account/register", { method: "POST", localAddress: "127.0.0.10", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "weak@example.com", name: "Weak", password }) });
      expect(res.status, JSON.stringify(password)).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ field: "password", error: expect.stringMatching(reason) });
    }
    expect(await app.db.user.count({ where: { email: "weak@example.com" } })).toBe(0);
  });
});

describe("backup restore (issue 13)", () => {
  const restore = (c: HttpClient, body: unknown, password?: string) =>
    c.fetch("/api/portability/backup", { method: "POST", headers: { "content-type": "application/json", ...(password === undefined ? {} : { "x-attend-password": encodeURIComponent(password) }) }, body: JSON.stringify(body) });

  it("asks for the password again, and refuses a bad backup with the entry at fault (400, not a 500 later)", async () => {
    const jo = await signUp(app.url, { email: "jo@example.com" });
    const n = await next(jo);
    expect((await jo.json("/api/review/grade", gradeBody(n, 3, "jo-review-00001"))).status).toBe(200);
    const backup = (await (await jo.fetch("/api/portability/backup")).json()) as { cardStates: Record<string, unknown>[]; reviewLogs: Record<string, unknown>[] };
    expect((await restore(jo, backup)).status).toBe(400);
    const wrong = await restore(jo, backup, "not my password at all");
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { field: string }).field).toBe("password");

    const negative = structuredClone(backup);
    negative.cardStates[0].stability = -4;
    const res = await restore(jo, negative, PASSWORD);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(new RegExp(`cardStates\\.0\\.stability \\(card "${backup.cardStates[0].cardId}"\\)`));
    const duplicate = structuredClone(backup);
    duplicate.reviewLogs.push(duplicate.reviewLogs[0]);
    const dup = await restore(jo, duplicate, PASSWORD);
    expect(dup.status).toBe(400);
    expect(((await dup.json()) as { error: string }).error).toMatch(/appears twice/);

    expect((await restore(jo, backup, PASSWORD)).status).toBe(200);
    expect((await jo.fetch("/stats")).status).toBe(200);
  });
});

describe("security headers (issue 13)", () => {
  it("puts a nonce CSP, frame-ancestors 'none', nosniff, Referrer-Policy and Permissions-Policy on pages", async () => {
    const first = await alice.fetch("/review");
    const second = await alice.fetch("/review");
    const csp = first.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic' 'wasm-unsafe-eval'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(second.headers.get("content-security-policy")).not.toBe(csp); // a fresh nonce per response
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(await first.text()).toContain(`nonce="${nonce}"`);
    for (const res of [first, await alice.fetch("/login"), await alice.fetch("/cards")]) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      expect(res.headers.get("permissions-policy")).toContain("camera=()");
    }
  });

  it("puts nosniff and a CSP that allows nothing on API responses", async () => {
    // The grade route is on the Pages Router (pages/api/review/grade.ts): the same headers.
    const grade = await alice.json("/api/review/grade", {});
    expect(grade.status).toBe(400);
    for (const res of [await alice.fetch("/api/review/next"), await new HttpClient(app.url).fetch("/api/review/next"), await alice.fetch("/api/widgets/prompts"), grade, await new HttpClient(app.url).json("/api/review/grade", {})]) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
    }
  });
});

describe("public URL without NEXTAUTH_URL, behind a trusted proxy (issue 13)", () => {
  let proxied: AppServer;
  beforeAll(async () => {
    proxied = await startApp({ env: { NEXTAUTH_URL: "", ATTEND_TRUST_PROXY: "1" } });
  });
  afterAll(async () => proxied?.stop());

  it("signs out to the address the browser used, not localhost:3000", async () => {
    const c = await signUp(proxied.url, { email: "kim@example.com" });
    const { csrfToken } = (await (await c.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await c.fetch("/api/auth/signout", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ csrfToken, callbackUrl: "/", json: "true" }) });
    expect(new URL(((await res.json()) as { url: string }).url).origin).toBe(proxied.url);
  });

  it("sets Secure session cookies when the proxy says HTTPS, and only then", async () => {
    const viaTls = { "x-forwarded-proto": "https", "x-forwarded-host": "attend.example.org", "x-forwarded-for": "198.51.100.1" };
    const secure = await signInFrom("127.0.0.1", "kim@example.com", PASSWORD, { base: proxied.url, headers: viaTls });
    expect(secure.result).toBe("ok");
    const session = secure.setCookie.find((c) => c.includes("session-token"))!;
    expect(session).toMatch(/^__Secure-next-auth\.session-token=/);
    expect(session).toMatch(/; Secure/i);
    // The API finds that cookie under the same proxy headers.
    const api = await raw("/api/review/next", { base: proxied.url, headers: { ...viaTls, cookie: secure.cookies.join("; ") } });
    expect(api.status).toBe(200);
    const plain = await signInFrom("127.0.0.1", "kim@example.com", PASSWORD, { base: proxied.url });
    expect(plain.setCookie.find((c) => c.includes("session-token"))).not.toMatch(/Secure/i);
  });

  it("without a trusted proxy, a client's X-Forwarded-Proto does not make cookies Secure", async () => {
    const r = await signInFrom("127.0.0.1", "bob@example.com", PASSWORD, { headers: { "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" } });
    expect(r.result).toBe("ok");
    expect(r.setCookie.find((c) => c.includes("session-token"))).toMatch(/^next-auth\.session-token=/);
  });
});

describe("pages under the CSP in Chromium (issue 13)", () => {
  it("load with no CSP violation, the TF.js wasm widget included", { timeout: 240_000 }, async () => {
    const browser = await launchBrowser();
    try {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const violations: string[] = [];
      // Every blocked load or script fires securitypolicyviolation; the console also says so.
      await ctx.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
      });
      const page = await ctx.newPage();
      page.on("console", (m) => {
        if (/Content Security Policy|CSP violation|Refused to (load|execute|apply|compile|connect)/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => violations.push(`${page.url()}: ${String(e)}`));

      for (const p of ["/", "/login", "/register", "/cards"]) await page.goto(app.url + p);
      await signInBrowser(ctx, app.url, "alice@example.com");
      const slug = (await app.db.test.findFirstOrThrow()).slug;
      const card = (await app.db.card.findFirstOrThrow({ where: { retiredAt: null } })).id;
      const start = await ctx.request.post(app.url + "/api/exams/start", { data: { slug }, headers: { origin: app.url } });
      const attempt = ((await start.json()) as { id: string }).id;
      for (const p of ["/", "/review", "/cards", `/cards/${card}`, "/tests", `/tests/${slug}`, `/attempts/${attempt}`, "/stats", "/settings", "/leeches", "/account", "/author"]) {
        const res = await page.goto(app.url + p);
        expect(res?.status(), p).toBeLessThan(400);
        await page.waitForLoadState("networkidle");
      }
      // Hydration ran under the policy: the review screen's first card is server-rendered, and its keys work.
      await page.goto(app.url + "/review");
      await page.getByRole("region", { name: "Question" }).waitFor();
      await reviewReady(page);
      // A widget on the wasm backend (WebAssembly needs 'wasm-unsafe-eval').
      await page.goto(`${app.url}/cards?q=${encodeURIComponent("top-k sampling")}`);
      await page.getByRole("link", { name: /^What is top-k sampling\?/ }).first().click();
      await page.waitForURL(/\/cards\/[\w-]+/);
      await page.goto(page.url() + "?w=sampling&sampling.temperature=0.5&sampling.reveal=1&backend=wasm");
      await page.waitForFunction(() => / ms$/.test(document.querySelector("[data-testid=widget-ms]")?.textContent ?? ""), undefined, { timeout: 120_000 });
      expect(await page.getByTestId("widget-backend").textContent()).toBe("wasm");
      await page.screenshot({ path: screenshotPath("csp-widget-wasm-1280") });
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe("account screens in Chromium (issue 13)", () => {
  it("the register form says why a weak password is refused; sign out everywhere ends other sessions; restore asks for the password", { timeout: 180_000 }, async () => {
    const browser = await launchBrowser();
    try {
      // Register: a common password is refused with the reason, next to the field; the other fields stay.
      for (const [width, scheme] of [[375, "light"], [1280, "dark"]] as const) {
        const ctx = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme });
        const page = await ctx.newPage();
        await page.goto(app.url + "/register");
        await page.getByLabel("Name").fill("Lee");
        await page.getByLabel("E-mail").fill(`lee-${width}@example.com`);
        await page.getByLabel("Password").fill("password12");
        await page.getByRole("button", { name: "Create account" }).click();
        await page.getByText(/commonly used password/).waitFor();
        expect(await page.getByLabel("E-mail").inputValue()).toBe(`lee-${width}@example.com`);
        await page.screenshot({ path: screenshotPath(`register-weak-password-${width}-${scheme}`), fullPage: true });
        await ctx.close();
      }

      // Sign out everywhere: the other browser's session ends at once.
      await signUp(app.url, { email: "max@example.com" });
      const other = await browser.newContext();
      await signInBrowser(other, app.url, "max@example.com");
      expect((await other.request.get(app.url + "/api/review/next")).status()).toBe(200);
      for (const [width, scheme] of [[1280, "light"], [375, "dark"]] as const) {
        const ctx = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme });
        await signInBrowser(ctx, app.url, "max@example.com");
        const page = await ctx.newPage();
        await page.goto(app.url + "/account");
        await page.getByRole("button", { name: "Sign out everywhere" }).waitFor();
        await page.screenshot({ path: screenshotPath(`account-sessions-${width}-${scheme}`), fullPage: true });
        await ctx.close();
      }
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await signInBrowser(ctx, app.url, "max@example.com");
      const page = await ctx.newPage();
      await page.goto(app.url + "/account");
      await page.getByRole("button", { name: "Sign out everywhere" }).click();
      await page.waitForURL(/\/login/);
      expect((await other.request.get(app.url + "/api/review/next")).status()).toBe(401);
      const otherPage = await other.newPage();
      await otherPage.goto(app.url + "/review");
      await otherPage.waitForURL(/\/login\?callbackUrl=%2Freview/);

      // Restore: refused without the password, done with it.
      await signInBrowser(ctx, app.url, "max@example.com");
      const backup = await (await ctx.request.get(app.url + "/api/portability/backup")).body();
      await page.goto(app.url + "/stats");
      const file = { name: "attend-backup.json", mimeType: "application/json", buffer: backup };
      await page.getByLabel("Restore a backup (JSON)").setInputFiles(file);
      await page.getByText("Enter your password first").waitFor();
      page.once("dialog", (d) => void d.accept());
      await page.getByLabel(/Your password/).fill("not the password");
      await page.getByLabel("Restore a backup (JSON)").setInputFiles(file);
      await page.getByText("The current password is wrong.").waitFor();
      page.once("dialog", (d) => void d.accept());
      await page.getByLabel(/Your password/).fill(PASSWORD);
      await page.getByLabel("Restore a backup (JSON)").setInputFiles(file);
      await page.getByText(/^Restored \d+ card schedules/).waitFor();
      await page.locator("section[aria-labelledby=portability-title]").screenshot({ path: screenshotPath("restore-with-password-1280") });
      await ctx.close();
      await other.close();
    } finally {
      await browser.close();
    }
  });
});
