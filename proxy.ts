import { NextResponse, type NextRequest } from "next/server";
import { crossSiteError, tooLarge } from "@/lib/http/guard";
import { COMMON_HEADERS, pageCsp } from "@/lib/http/headers";
import { publicOrigin } from "@/lib/http/origin";

/**
 * Runs before every page, server action and /api/auth request (other API routes check themselves
 * in lib/http/api.ts, the grade route in lib/http/node-api.ts, and skipping the proxy keeps their
 * large uploads out of its body buffer):
 * - writes (server actions, sign-in, sign-out) only from this site's own pages: 403 otherwise;
 * - bodies over PROXY_MAX_BODY refused with 413 before Next buffers them;
 * - X-Forwarded-Host/-Proto replaced by what lib/http/origin.ts trusts, so next-auth (which reads
 *   them, lib/auth/options.ts) never believes a client-made one;
 * - a Content-Security-Policy with a fresh nonce, and the other security headers.
 */
const PROXY_MAX_BODY = 1024 * 1024; // = experimental.proxyClientMaxBodySize in next.config.ts, = server actions' default limit

export function proxy(request: NextRequest) {
  const forged = crossSiteError(request);
  if (forged) return withCommonHeaders(forged);
  if (Number(request.headers.get("content-length") ?? 0) > PROXY_MAX_BODY) return withCommonHeaders(tooLarge(PROXY_MAX_BODY));

  const headers = new Headers(request.headers);
  const origin = publicOrigin(request.headers);
  if (origin) {
    const url = new URL(origin);
    headers.set("x-forwarded-host", url.host);
    headers.set("x-forwarded-proto", url.protocol.slice(0, -1));
  } else {
    headers.delete("x-forwarded-host");
    headers.delete("x-forwarded-proto");
  }
  const https = origin?.startsWith("https://") ?? false;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = pageCsp(nonce, { dev: process.env.NODE_ENV === "development", https });
  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  if (https) response.headers.set("strict-transport-security", "max-age=31536000");
  return withCommonHeaders(response);
}

function withCommonHeaders<T extends Response>(response: T): T {
  for (const [name, value] of Object.entries(COMMON_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    // Everything but static build output and the API routes, which lib/http/api.ts guards...
    "/((?!api/|_next/static/|_next/image|favicon\\.ico).*)",
    // ...except next-auth's, which is not ours to wrap in withUser.
    "/api/auth/:path*",
  ],
};
