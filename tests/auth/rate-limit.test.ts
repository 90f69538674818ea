import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb } from "../helpers/db";
import type { Db } from "@/lib/db/client";
import { pruneThrottle, registrationWait, throttledPasswordCheck, throttleKeys } from "@/lib/auth/rate-limit";
import { delayAfter, FIRST_DELAY_MS, MAX_DELAY_MS, PER_ACCOUNT_AND_ADDRESS } from "@/lib/auth/throttle-policy";

let db: Db;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ db, cleanup } = await freshDb()));
afterAll(async () => cleanup?.());

const T0 = new Date("2026-12-01T10:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const PASSWORD = "the right password";

/** One attempt; "ok", "wrong" or "wait" (without verifying), counting how many were verified. */
let verified = 0;
async function attempt(email: string, address: string, password: string, now = T0): Promise<"ok" | "wrong" | "wait"> {
  const r = await throttledPasswordCheck(db, { email, address }, now, async () => {
    verified++;
    await new Promise((resolve) => setImmediate(resolve)); // a real verify yields (argon2 runs off-thread)
    return password === PASSWORD ? { email } : null;
  });
  return r.ok ? "ok" : r.retryAfterMs > 0 ? "wait" : "wrong";
}

describe("delays", () => {
  it("grows 30 s, 1, 2, 4 ... minutes after the free attempts and stops at 15 minutes", () => {
    expect(delayAfter(4, PER_ACCOUNT_AND_ADDRESS)).toBe(0);
    expect(delayAfter(5, PER_ACCOUNT_AND_ADDRESS)).toBe(FIRST_DELAY_MS);
    expect(delayAfter(6, PER_ACCOUNT_AND_ADDRESS)).toBe(2 * FIRST_DELAY_MS);
    expect(delayAfter(500, PER_ACCOUNT_AND_ADDRESS)).toBe(MAX_DELAY_MS);
  });
});

describe("sign-in throttling", () => {
  it("22 strangers guessing 22 e-mails lock nobody else out (each address is counted apart)", async () => {
    for (let i = 0; i < 22; i++) expect(await attempt(`nobody${i}@example.com`, "198.51.100.7", "guess")).toBe(i < 20 ? "wrong" : "wait");
    // The stranger's own address is now slowed down; a real user elsewhere is not.
    expect(await attempt("owner@example.com", "192.0.2.10", PASSWORD)).toBe("ok");
  });

  it("a stranger's failures on the owner's account never slow the owner's known address", async () => {
    expect(await attempt("owner2@example.com", "192.0.2.20", PASSWORD)).toBe("ok"); // known from now on
    for (let i = 0; i < 12; i++) await attempt("owner2@example.com", `203.0.113.${i}`, "guess"); // 12 addresses, 1 guess each
    expect(await attempt("owner2@example.com", "203.0.113.99", "guess")).toBe("wait"); // a 13th unknown address waits
    expect(await attempt("owner2@example.com", "192.0.2.20", PASSWORD)).toBe("ok"); // the owner does not
  });

  it("the owner's own mistakes cost progressive delays, not a lock: after the wait the right password works", async () => {
    for (let i = 0; i < 5; i++) expect(await attempt("owner3@example.com", "192.0.2.30", "typo")).toBe("wrong");
    expect(await attempt("owner3@example.com", "192.0.2.30", PASSWORD)).toBe("wait");
    expect(await attempt("owner3@example.com", "192.0.2.30", PASSWORD, at(FIRST_DELAY_MS + 1))).toBe("ok");
  });

  it("20 parallel wrong passwords: at most the 5 free ones are verified", async () => {
    verified = 0;
    const results = await Promise.all(Array.from({ length: 20 }, () => attempt("victim@example.com", "198.51.100.50", "guess")));
    expect(verified).toBe(5);
    expect(results.filter((r) => r === "wrong")).toHaveLength(5);
    expect(results.filter((r) => r === "wait")).toHaveLength(15);
  });

  it("stores fixed-size hashed keys (a 4 MB e-mail is not stored) and forgets expired rows", async () => {
    await attempt("x".repeat(4 * 1024 * 1024) + "@example.com", "198.51.100.60", "guess");
    const longest = (await db.$queryRaw<{ n: bigint }[]>`SELECT MAX(LENGTH("key")) AS n FROM "AuthThrottle"`)[0].n;
    expect(Number(longest)).toBeLessThan(64);
    // An attempt a day later prunes every row whose expiry passed (known addresses stay 30 days).
    await attempt("late@example.com", "198.51.100.61", "guess", at(24 * 3600_000));
    const keys = (await db.authThrottle.findMany({ select: { key: true } })).map((r) => r.key.split(":")[0]);
    expect(keys.filter((k) => k !== "known").sort()).toEqual(["acct", "addr", "pair"]);
  });

  it("never holds more than the cap: the rows closest to expiry go first", async () => {
    for (let i = 0; i < 10; i++) await attempt(`cap${i}@example.com`, `198.51.100.${100 + i}`, "guess", at(24 * 3600_000 + i * 1000));
    const total = await db.authThrottle.count();
    expect(total).toBeGreaterThan(25);
    await pruneThrottle(db, at(24 * 3600_000 + 10_000), 12);
    expect(await db.authThrottle.count()).toBe(12);
    // The newest attempt's count survives, the oldest one's went.
    const exists = async (key: string) => (await db.authThrottle.count({ where: { key } })) === 1;
    expect(await exists(throttleKeys("cap9@example.com", "198.51.100.109").pair)).toBe(true);
    expect(await exists(throttleKeys("cap0@example.com", "198.51.100.100").pair)).toBe(false);
  });
});

describe("registration throttling", () => {
  it("allows 20 from one address, then makes it wait; other addresses are unaffected", async () => {
    const waits = [];
    for (let i = 0; i < 22; i++) waits.push(await registrationWait(db, "198.51.100.70", T0));
    expect(waits.slice(0, 20).every((w) => w === 0)).toBe(true);
    expect(waits[20]).toBeGreaterThan(0);
    expect(await registrationWait(db, "198.51.100.71", T0)).toBe(0);
  });
});
