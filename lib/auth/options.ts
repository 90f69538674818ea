import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { checkCredentials, type Role } from "./users";
import { clearFailures, isRateLimited, recordFailure } from "./rate-limit";
import { authSecret } from "./secret";

/** The client address next-auth hands to authorize(), for rate limiting. */
function clientAddress(headers: Record<string, unknown> | undefined): string {
  const forwarded = String(headers?.["x-forwarded-for"] ?? "").split(",")[0].trim();
  return forwarded || String(headers?.["x-real-ip"] ?? "local");
}

export class RateLimitedError extends Error {}

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "E-mail and password",
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const db = getDb();
        const email = String(credentials?.email ?? "");
        const password = String(credentials?.password ?? "");
        const keys = { email, address: clientAddress(req?.headers as Record<string, unknown>) };
        const now = new Date();
        if (await isRateLimited(db, keys, now)) {
          // next-auth turns a thrown error into ?error=<message> for the sign-in page.
          throw new RateLimitedError("RateLimited");
        }
        const user = await checkCredentials(db, email, password);
        if (!user) {
          await recordFailure(db, keys, now);
          return null;
        }
        await clearFailures(db, email);
        return user;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = (user as { role?: Role }).role ?? "learner";
        token.name = user.name;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user) {
        (session.user as { id?: string }).id = token.uid as string;
        (session.user as { role?: Role }).role = token.role as Role;
      }
      return session;
    },
  },
};
