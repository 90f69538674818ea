/**
 * Who is asking, and at which public address: the client's IP for rate limits, the origin that
 * same-origin checks and sign-in redirects compare against, and whether cookies must be Secure.
 *
 * Forwarded headers are believed only when the operator says a proxy sits in front
 * (ATTEND_TRUST_PROXY=<hops>): `next start` keeps a client-sent X-Forwarded-For as it is, so
 * without a trusted proxy anyone could claim any address (issue 13: 30 of 30 registrations in a
 * second with made-up addresses).
 */

/**
 * What these checks read of a request's headers: a web `Headers` (App Router routes, proxy.ts)
 * or lib/http/node-api.ts's view of a Node request's (the Pages Router route).
 */
export type HeaderReader = Pick<Headers, "get">;

/** Set for every request by lib/http/peer-address.ts from the TCP socket; a client's own value is overwritten. */
export const PEER_HEADER = "x-attend-peer-address";

/** How many reverse proxies in front of the app append to X-Forwarded-For (0: none, trust no forwarded header). */
export function trustedProxyHops(env: Record<string, string | undefined> = process.env): number {
  const raw = env.ATTEND_TRUST_PROXY?.trim();
  if (!raw) return 0;
  if (raw === "true") return 1;
  if (raw === "false") return 0;
  const hops = Number(raw);
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) {
    throw new Error(`ATTEND_TRUST_PROXY must be the number of proxies in front of Attend (0-10), not "${raw}".`);
  }
  return hops;
}

/** Addresses longer than this are not addresses (an IPv6 with zone id fits in 64). */
const MAX_ADDRESS = 64;

const list = (value: string | null) =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The client's address: the socket's peer, or with N trusted proxies the entry each of them
 * vouches for, counted from the right of X-Forwarded-For (Express's `trust proxy` rule). Anything
 * further left was written by the client and is ignored.
 */
export function clientAddress(headers: HeaderReader, env: Record<string, string | undefined> = process.env): string {
  const peer = headers.get(PEER_HEADER)?.trim() || "unknown";
  const hops = trustedProxyHops(env);
  let address = peer;
  if (hops > 0) {
    // [peer, nearest proxy's view, ..., client's claim]: step left once per trusted hop.
    const chain = [peer, ...list(headers.get("x-forwarded-for")).reverse()];
    address = chain[Math.min(hops, chain.length - 1)];
  }
  return address.slice(0, MAX_ADDRESS).toLowerCase();
}

/** A host[:port] as a browser would send it; anything else (paths, user info, spaces) is refused. */
const HOST = /^(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i;

/**
 * The origin the browser sees, e.g. "https://attend.example.org": NEXTAUTH_URL when set;
 * else, behind a trusted proxy, X-Forwarded-Proto and X-Forwarded-Host (the nearest proxy's,
 * the rightmost entry); else `http://` + Host (`next start` serves plain HTTP). Null when the
 * Host header is missing or malformed.
 */
export function publicOrigin(headers: HeaderReader, env: Record<string, string | undefined> = process.env): string | null {
  if (env.NEXTAUTH_URL) {
    try {
      return new URL(env.NEXTAUTH_URL).origin;
    } catch {
      throw new Error(`NEXTAUTH_URL is not a URL: "${env.NEXTAUTH_URL}".`);
    }
  }
  const trusted = trustedProxyHops(env) > 0;
  const host = (trusted ? list(headers.get("x-forwarded-host")).at(-1) : undefined) ?? headers.get("host") ?? "";
  if (!HOST.test(host)) return null;
  const proto = trusted ? list(headers.get("x-forwarded-proto")).at(-1)?.toLowerCase() : undefined;
  return `${proto === "https" ? "https" : "http"}://${host.toLowerCase()}`;
}

/** Session cookies get the Secure flag (and next-auth's __Secure- prefix) exactly when the public origin is HTTPS. */
export function servedOverHttps(headers: HeaderReader, env: Record<string, string | undefined> = process.env): boolean {
  return publicOrigin(headers, env)?.startsWith("https://") ?? false;
}
