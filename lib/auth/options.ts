import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { clientAddress, trustedProxyHops } from "@/lib/http/origin";
import { safeReturnPath } from "@/lib/http/redirect";
import { checkCredentials, credentialsSchema, type Role } from "./users";
import { throttledPasswordCheck } from "./rate-limit";
import { authSecret } from "./secret";

// Without NEXTAUTH_URL, next-auth takes its URL (sign-out redirect, Secure cookies) from the
// request's X-Forwarded-Host/-Proto only when AUTH_TRUST_HOST is set, else it falls back to
// http://localhost:3000. proxy.ts rewrites those two headers on every page and /api/auth request
// from what lib/http/origin.ts trusts (the Host header, or a trusted proxy's headers), so trusting
// them here is safe. Checked once at start-up: a bad ATTEND_TRUST_PROXY fails loudly.
trustedProxyHops();
if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "1";

/** Thrown from authorize(); next-auth sends the message to the sign-in page as ?error=. */
export class RateLimitedError extends Error {
  constructor(retryAfterMs: number) {
    super(`RateLimited:${Math.ceil(retryAfterMs / 1000)}`);
  }
}

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "E-mail and password",
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        // Over-long or malformed input is refused before it costs a hash or a stored row.
        const parsed = credentialsSchema.safeParse({ email: credentials?.email ?? "", password: credentials?.password ?? "" });
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const db = getDb();
        const address = clientAddress(new Headers(req?.headers as Record<string, string>));
        const result = await throttledPasswordCheck(db, { email, address }, new Date(), () => checkCredentials(db, email, password));
        if (result.ok) return result.value;
        if (result.retryAfterMs > 0) throw new RateLimitedError(result.retryAfterMs);
        return null;
      },
    }),
  ],
  callbacks: {
    // After sign-in or sign-out: a path on this site only (next-auth's default lets "/\t/host" through).
    async redirect({ url, baseUrl }) {
      const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url;
      return baseUrl + safeReturnPath(path);
    },
    async jwt({ token, user }) {
      if (user) {
        const u = user as { id: string; role?: Role; name?: string | null; sessionVersion?: number };
        token.uid = u.id;
        token.role = u.role ?? "learner";
        token.name = u.name;
        token.sv = u.sessionVersion ?? 0;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user) {
        const s = session.user as { id?: string; role?: Role; sv?: number };
        s.id = token.uid as string;
        s.role = token.role as Role;
        s.sv = typeof token.sv === "number" ? token.sv : 0;
      }
      return session;
    },
  },
};
