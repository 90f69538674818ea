import { describe, expect, it } from "vitest";
import { passwordProblem } from "@/lib/auth/password-policy";
import { registerSchema } from "@/lib/auth/users";

describe("password policy (NIST 800-63B)", () => {
  it("refuses the passwords issue 13 saw accepted, each with a reason", () => {
    const cases: [string, RegExp][] = [
      [" ".repeat(10), /only spaces|easy to guess/],
      ["\u0000".repeat(10), /control characters/],
      ["1234567890", /hundred most used/],
      ["password12", /commonly used/],
      ["qwertyuiop", /most used|row of keys|keyboard/],
      ["aaaaaaaaaaaa", /Repeated/],
      ["short", /at least 10 characters/],
      ["x".repeat(201), /at most 200/],
      ["good words\nsplit line", /control characters/],
    ];
    for (const [password, reason] of cases) expect(passwordProblem(password), JSON.stringify(password)).toMatch(reason);
  });

  it("accepts long passphrases and counts characters, not bytes", () => {
    expect(passwordProblem("correct horse battery staple")).toBeNull();
    expect(passwordProblem("a brand new passphrase")).toBeNull();
    expect(passwordProblem("ünïcödé wörds ärë fïnë")).toBeNull();
  });

  it("refuses a password built from the account's own name or e-mail at registration", () => {
    const r = registerSchema.safeParse({ email: "marguerite.dupont@example.com", name: "Marguerite Dupont", password: "margueritedupont" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(["password"]);
  });

  it("bounds e-mail and name length before anything else runs", () => {
    const long = registerSchema.safeParse({ email: "a".repeat(250) + "@example.com", name: "A", password: "correct horse battery staple" });
    expect(long.error!.issues[0].message).toMatch(/254/);
    const name = registerSchema.safeParse({ email: "a@example.com", name: "n".repeat(81), password: "correct horse battery staple" });
    expect(name.error!.issues[0].message).toMatch(/80/);
  });
});
