import { getServerSession } from "next-auth";
import { encode, getToken } from "next-auth/jwt";
import type { NextApiRequest } from "next";
import type { NextRequest } from "next/server";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { sessionUser } from "@/lib/db/auth-store";
import { queryOp } from "@/lib/db/store";
import { readCookies } from "@/lib/http/cookies";
import { servedOverHttps, type HeaderReader } from "@/lib/http/origin";
import { authOptions } from "./options";
import { authSecret } from "./secret";
import type { Role, SessionUser } from "./users";

/**
 * A session is valid while its user exists and its version (the `sv` claim, set at sign-in) equals
 * the user's sessionVersion: a password change or "sign out everywhere" raises the version, and
 * every older session stops at its next request, pages and API alike.
 */
const current = (user: { sessionVersion: number | bigint } | null | undefined, version: unknown) =>
  user != null && typeof version === "number" && Number(user.sessionVersion) === version;

/** The signed-in user for pages and server actions, checked against the database, or null. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const claims = session?.user as { id?: string; sv?: number } | undefined;
  if (!claims?.id) return null;
  const user = await getDb().user.findUnique({ where: { id: claims.id }, select: { id: true, email: true, name: true, role: true, sessionVersion: true } });
  if (!user || !current(user, claims.sv)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role as Role };
}

/** next-auth names the cookie __Secure-next-auth.session-token when the site is served over HTTPS. */
const cookieName = (secure: boolean) => `${secure ? "__Secure-" : ""}next-auth.session-token`;

/**
 * Decoded session cookies, by cookie value: decoding one costs an HKDF key derivation and a JWE
 * decryption (~1 ms of CPU, the largest single cost of a grade request in a server profile), and a
 * learner's review session sends the same cookie hundreds of times. Only the decoding is cached:
 * the account and its session version are still read from the database on every request, so a
 * password change or "sign out everywhere" ends the session at once; an entry lives no longer
 * than its token.
 */
const decoded = new Map<string, { uid: string | null; sv: unknown; expiresAt: number }>();
const MAX_DECODED = 10_000;

async function sessionClaims(headers: HeaderReader): Promise<{ uid: string | null; sv: unknown }> {
  const secure = servedOverHttps(headers);
  const name = cookieName(secure);
  // The cookie, and the chunks (name.0, name.1, ...) next-auth splits a very large token into.
  const cookies = readCookies(headers, (n) => n.startsWith(name));
  const cookie = cookies[name] ?? null;
  const hit = cookie ? decoded.get(cookie) : undefined;
  if (hit && hit.expiresAt > Date.now()) return hit;
  const authorization = headers.get("authorization") ?? undefined;
  const token = await getToken({ req: { cookies, headers: { authorization } } as unknown as NextApiRequest, secret: authSecret(), secureCookie: secure });
  const claims = { uid: typeof token?.uid === "string" ? token.uid : null, sv: token?.sv, expiresAt: typeof token?.exp === "number" ? token.exp * 1000 : 0 };
  // A cookie split into chunks is not cached; ours never are.
  if (cookie && claims.uid) {
    if (decoded.size >= MAX_DECODED) decoded.delete(decoded.keys().next().value!);
    decoded.set(cookie, claims);
  }
  return claims;
}

/**
 * For API routes: the user from the request's session cookie, decoded only (getServerSession also
 * re-issues the cookie on every call, which costs more than the review step itself).
 */
export async function getRequestUser(request: { headers: HeaderReader }): Promise<SessionUser | null> {
  const { uid, sv } = await sessionClaims(request.headers);
  if (!uid) return null;
  const user = await queryOp(getDb(), sessionUser(uid));
  if (!user || !current(user, sv)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role as Role };
}

/**
 * Keep the caller's own session after its version was raised (a password change): the same
 * claims under the new version, in a fresh cookie on `response`. Other sessions stay ended.
 */
export async function reissueSession(request: Request, response: Response, version: number): Promise<void> {
  const secure = servedOverHttps(request.headers);
  const token = await getToken({ req: request as NextRequest, secret: authSecret(), secureCookie: secure });
  if (!token) return;
  const maxAge = authOptions.session?.maxAge ?? 30 * 24 * 60 * 60;
  const value = await encode({ token: { ...token, sv: version }, secret: authSecret(), maxAge });
  const expires = new Date(Date.now() + maxAge * 1000).toUTCString();
  response.headers.append("set-cookie", `${cookieName(secure)}=${value}; Path=/; Expires=${expires}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`);
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
