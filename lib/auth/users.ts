import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { hashPassword, verifyPassword } from "./password";

export type Role = "learner" | "author";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export const emailSchema = z.string().trim().toLowerCase().email("Enter a valid e-mail address.").max(200);
export const passwordSchema = z
  .string()
  .min(10, "Use at least 10 characters.")
  .max(200, "Use at most 200 characters.");

export const registerSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "Enter a name.").max(80),
  password: passwordSchema,
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

/** The user for these credentials, or null. Takes the same time whether or not the e-mail exists. */
export async function checkCredentials(db: Db, email: string, password: string): Promise<SessionUser | null> {
  const parsed = emailSchema.safeParse(email);
  const user = parsed.success ? await db.user.findUnique({ where: { email: parsed.data } }) : null;
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !ok) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role as Role };
}

// A real argon2id hash of a random password: verifying against it costs what a real check costs.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$COvZwFghOU10TkC/I6W69w$WnGqy3roCfhbLecXGf6l+aZa99bAswZNi1Xswd918vk";

export async function changePassword(db: Db, userId: string, current: string, next: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || !(await verifyPassword(user.passwordHash, current))) throw new AccountError("current", "The current password is wrong.");
  const parsed = passwordSchema.safeParse(next);
  if (!parsed.success) throw new AccountError("password", parsed.error.issues[0].message);
  await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(parsed.data) } });
}
