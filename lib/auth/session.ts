import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { userById } from "@/lib/db/review-queries";
import { runWhenIdle, sqliteOf } from "@/lib/db/sqlite";
import { authOptions } from "./options";
import { authSecret } from "./secret";
import type { Role, SessionUser } from "./users";

/**
 * The signed-in user, checked against the database (a deleted account's token stops working),
 * or null. Every per-user query in lib/ takes this user's id; nothing takes an id from a request.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await getDb().user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true } });
  return user ? { ...user, role: user.role as Role } : null;
}

/**
 * For API routes: the user from the request's session cookie, decoded only (getServerSession also
 * re-issues the cookie on every call, which costs more than the review step itself).
 */
export async function getRequestUser(request: Request): Promise<SessionUser | null> {
  const token = await getToken({ req: request as NextRequest, secret: authSecret() });
  const id = typeof token?.uid === "string" ? token.uid : null;
  if (!id) return null;
  const sqlite = sqliteOf(getDb());
  const user = await runWhenIdle(sqlite, () => userById(sqlite, id));
  return user ? { ...user, role: user.role as Role } : null;
}

/** For pages: the user, or a redirect to the sign-in page that comes back here. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

export async function requireAuthor(returnTo: string): Promise<SessionUser> {
  const user = await requireUser(returnTo);
  if (user.role !== "author") redirect("/?denied=author");
  return user;
}
