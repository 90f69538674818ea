import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { hashPassword, verifyPassword } from "./password";
import { MAX_PASSWORD_CHARS, passwordProblem } from "./password-policy";

export type Role = "learner" | "author";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** RFC 5321 caps a forward path at 256 octets, so an address at 254 characters. */
export const MAX_EMAIL_CHARS = 254;
export const MAX_NAME_CHARS = 80;

// The length is checked before the format: a 4 MB string never reaches the e-mail pattern.
export const emailSchema = z
  .string()
  .max(MAX_EMAIL_CHARS, `Use an e-mail address of at most ${MAX_EMAIL_CHARS} characters.`)
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid e-mail address."));

/** A password as typed when signing in or confirming: only bounded, never judged. */
export const typedPasswordSchema = z.string().min(1, "Enter your password.").max(1024, "That password is too long.");

/** A new password: the policy in ./password-policy.ts, with the reason when refused. */
export const passwordSchema = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const credentialsSchema = z.object({ email: emailSchema, password: typedPasswordSchema });

export const registerSchema = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(1, "Enter a name.").max(MAX_NAME_CHARS, `Use a name of at most ${MAX_NAME_CHARS} characters.`),
    password: z.string().max(MAX_PASSWORD_CHARS * 4, `Use at most ${MAX_PASSWORD_CHARS} characters.`),
  })
  .superRefine((data, ctx) => {
    const problem = passwordProblem(data.password, [data.email, data.name]);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });

export class AccountError extends Error {
  constructor(public readonly field: string, message: string) {
    super(message);
  }
}

/**
 * Create an account. The first account on a server is its author, and so is the account whose
 * e-mail is ATTEND_AUTHOR_EMAIL; everyone else is a learner.
 */
export async function registerUser(db: Db, input: z.input<typeof registerSchema>, env = process.env): Promise<SessionUser> {
  const data = registerSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  const authorEmail = env.ATTEND_AUTHOR_EMAIL?.trim().toLowerCase();
  try {
    return await db.$transaction(async (tx) => {
      const first = (await tx.user.count()) === 0;
      const role: Role = first || data.email === authorEmail ? "author" : "learner";
      const user = await tx.user.create({
        data: { id: randomBytes(12).toString("base64url"), email: data.email, name: data.name, passwordHash, role },
      });
      return { id: user.id, email: user.email, name: user.name, role };
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new AccountError("email", "An account with this e-mail already exists.");
    throw error;
  }
}

/**
 * The user for these credentials (with the session version a new session starts under), or null.
 * Takes the same time whether or not the e-mail exists.
 */
export async function checkCredentials(db: Db, email: string, password: string): Promise<(SessionUser & { sessionVersion: number }) | null> {
  const parsed = emailSchema.safeParse(email);
  const user = parsed.success ? await db.user.findUnique({ where: { email: parsed.data } }) : null;
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !ok) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role as Role, sessionVersion: user.sessionVersion };
}

// A real argon2id hash of a random password: verifying against it costs what a real check costs.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$COvZwFghOU10TkC/I6W69w$WnGqy3roCfhbLecXGf6l+aZa99bAswZNi1Xswd918vk";

/** Is `password` this user's? (A deleted user has none.) */
export async function passwordMatches(db: Db, userId: string, password: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return verifyPassword(user?.passwordHash ?? DUMMY_HASH, password).then((ok) => ok && user !== null);
}

/**
 * Set a new password after the caller checked the current one. Raises the session version, so
 * every other session ends; returns the new version for the caller's own, re-issued session.
 */
export async function setPassword(db: Db, userId: string, next: string): Promise<number> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, name: true } });
  if (!user) throw new AccountError("form", "This account no longer exists.");
  const problem = passwordProblem(next, [user.email, user.name]);
  if (problem) throw new AccountError("password", problem);
  const updated = await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(next), sessionVersion: { increment: 1 } }, select: { sessionVersion: true } });
  return updated.sessionVersion;
}

/** "Sign out everywhere": every session issued so far stops working. Returns the new version. */
export async function endAllSessions(db: Db, userId: string): Promise<number> {
  const updated = await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } }, select: { sessionVersion: true } });
  return updated.sessionVersion;
}
