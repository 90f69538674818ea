import { describe, expect, it } from "vitest";
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { readCookie, readCookies } from "@/lib/http/cookies";
import { BodyTooLargeError, crossSiteError, notJsonError, readNodeTextCapped, readTextCapped } from "@/lib/http/guard";
import { clientAddress, PEER_HEADER, publicOrigin, servedOverHttps, trustedProxyHops } from "@/lib/http/origin";
import { safeReturnPath } from "@/lib/http/redirect";

const env = {}; // no NEXTAUTH_URL, no trusted proxy
const post = (headers: Record<string, string>, body?: BodyInit) => new Request("http://127.0.0.1:3000/api/x", { method: "POST", headers: { host: "127.0.0.1:3000", ...headers }, body });

describe("crossSiteError", () => {
  it("lets same-origin browser writes and non-browser clients through", () => {
    expect(crossSiteError(post({ origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }), env)).toBeNull();
    expect(crossSiteError(post({}), env)).toBeNull(); // curl: no Origin, no Sec-Fetch-Site
    expect(crossSiteError(new Request("http://127.0.0.1:3000/x", { headers: { origin: "http://evil.example" } }), env)).toBeNull(); // GET is safe
  });

  it("refuses another port, another site, an opaque origin and any cross-site fetch metadata with 403", async () => {
    const cases: Record<string, string>[] = [
      { origin: "http://127.0.0.1:4000" }, // another port of the same host: same-site, not same-origin
      { origin: "http://evil.example" },
      { origin: "null" }, // sandboxed frame, data: URL
      { origin: "https://127.0.0.1:3000" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "none" },
      { "sec-fetch-site": "same-site", origin: "http://127.0.0.1:3000" },
    ];
    for (const headers of cases) {
      const res = crossSiteError(post(headers), env);
      expect(res?.status, JSON.stringify(headers)).toBe(403);
      expect(((await res!.json()) as { error: string }).error).toMatch(/another site/);
    }
  });

  it("compares against NEXTAUTH_URL when set, and against a trusted proxy's host", () => {
    const behind = post({ host: "10.0.0.5:3000", "x-forwarded-host": "attend.example.org", "x-forwarded-proto": "https", origin: "https://attend.example.org" });
    expect(crossSiteError(behind, { NEXTAUTH_URL: "https://attend.example.org/" })).toBeNull();
    expect(crossSiteError(behind, { ATTEND_TRUST_PROXY: "1" })).toBeNull();
    // Without a trusted proxy the forwarded host is the client's word, and is not believed.
    expect(crossSiteError(behind, {})?.status).toBe(403);
  });
});

describe("notJsonError", () => {
  it("accepts application/json (with parameters) and refuses what an HTML form can send with 415", () => {
    expect(notJsonError(post({ "content-type": "application/json; charset=utf-8" }))).toBeNull();
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      expect(notJsonError(post(type ? { "content-type": type } : {}))?.status, type).toBe(415);
    }
  });
});

describe("readTextCapped", () => {
  it("reads a body under the cap and throws BodyTooLargeError past it, declared or streamed", async () => {
    expect(await readTextCapped(post({}, "héllo"), 100)).toBe("héllo");
    await expect(readTextCapped(post({ "content-length": "101" }, "x".repeat(101)), 100)).rejects.toBeInstanceOf(BodyTooLargeError);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const streamed = new Request("http://x/", { method: "POST", body: endless, duplex: "half" } as RequestInit);
    await expect(readTextCapped(streamed, 1024 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(pulled).toBeLessThan(20); // stopped after ~1 MB of an endless body
  });
});

describe("readNodeTextCapped (the Pages Router route's body)", () => {
  /** A Node request: a readable body with Node's lowercased headers. */
  const nodeRequest = (chunks: Iterable<Buffer>, headers: Record<string, string> = {}) => Object.assign(Readable.from(chunks), { headers }) as unknown as IncomingMessage;

  it("reads a body under the cap, multi-byte characters across chunks included", async () => {
    const text = "héllo wörld";
    const bytes = Buffer.from(text);
    expect(await readNodeTextCapped(nodeRequest([bytes.subarray(0, 2), bytes.subarray(2)]), 100)).toBe(text);
    expect(await readNodeTextCapped(nodeRequest([]), 100)).toBe("");
  });

  it("refuses a declared length over the cap before reading anything", async () => {
    let pulled = 0;
    const body = (function* () {
      pulled++;
      yield Buffer.alloc(10);
    })();
    await expect(readNodeTextCapped(nodeRequest(body, { "content-length": "101" }), 100)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(pulled).toBe(0);
  });

  it("stops keeping a streamed body past the cap and drops the rest, so the stream still ends", async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let pulled = 0;
    const request = nodeRequest(
      (function* () {
        for (let i = 0; i < 64; i++, pulled++) yield chunk; // 4 MB
      })(),
    );
    const ended = new Promise((resolve) => request.once("end", resolve));
    await expect(readNodeTextCapped(request, 1024 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    await ended; // drained: a 413 can still be answered on the same connection
    expect(pulled).toBe(64);
    expect(request.listenerCount("data")).toBe(0);
  });
});

describe("cookies from the Cookie header", () => {
  const h = (cookie: string) => new Headers({ cookie });

  it("finds a cookie by name, URI-decoded, the first of a repeated name", () => {
    expect(readCookie(h("a=1; attend-custom-study=ahead.3.17; b=2"), "attend-custom-study")).toBe("ahead.3.17");
    expect(readCookie(h("x=hello%20world"), "x")).toBe("hello world");
    expect(readCookie(h("x=%E0%A4%A"), "x")).toBe("%E0%A4%A"); // not decodable: as it is
    expect(readCookie(h("x=1; x=2"), "x")).toBe("1");
    expect(readCookie(h("xx=1; =2; y"), "x")).toBeNull();
    expect(readCookie(new Headers(), "x")).toBeNull();
  });

  it("collects a session cookie's chunks by prefix", () => {
    expect(readCookies(h("next-auth.session-token.0=a; other=b; next-auth.session-token.1=c"), (n) => n.startsWith("next-auth.session-token"))).toEqual({
      "next-auth.session-token.0": "a",
      "next-auth.session-token.1": "c",
    });
  });
});

describe("client address and public origin", () => {
  const h = (o: Record<string, string>) => new Headers(o);

  it("takes the socket's address and ignores X-Forwarded-For without a trusted proxy", () => {
    expect(clientAddress(h({ [PEER_HEADER]: "127.0.0.1", "x-forwarded-for": "203.0.113.9" }), env)).toBe("127.0.0.1");
    expect(clientAddress(h({ "x-forwarded-for": "203.0.113.9" }), env)).toBe("unknown");
  });

  it("with N trusted proxies takes the Nth entry from the right, never a client-written one further left", () => {
    const headers = h({ [PEER_HEADER]: "10.0.0.1", "x-forwarded-for": "6.6.6.6, 203.0.113.9" });
    expect(clientAddress(headers, { ATTEND_TRUST_PROXY: "1" })).toBe("203.0.113.9");
    expect(clientAddress(headers, { ATTEND_TRUST_PROXY: "2" })).toBe("6.6.6.6");
    expect(clientAddress(h({ [PEER_HEADER]: "10.0.0.1" }), { ATTEND_TRUST_PROXY: "1" })).toBe("10.0.0.1");
    expect(clientAddress(h({ [PEER_HEADER]: "x".repeat(5000) }), env)).toHaveLength(64);
  });

  it("refuses a malformed ATTEND_TRUST_PROXY with a message", () => {
    expect(trustedProxyHops({ ATTEND_TRUST_PROXY: "2" })).toBe(2);
    expect(() => trustedProxyHops({ ATTEND_TRUST_PROXY: "yes please" })).toThrow(/ATTEND_TRUST_PROXY/);
  });

  it("infers the origin from Host, or a trusted proxy's headers; https only when known", () => {
    expect(publicOrigin(h({ host: "Attend.local:3000", "x-forwarded-proto": "https" }), env)).toBe("http://attend.local:3000");
    expect(publicOrigin(h({ host: "evil/path" }), env)).toBeNull();
    const proxied = h({ host: "127.0.0.1:3000", "x-forwarded-host": "attend.example.org", "x-forwarded-proto": "https" });
    expect(publicOrigin(proxied, { ATTEND_TRUST_PROXY: "1" })).toBe("https://attend.example.org");
    expect(servedOverHttps(proxied, { ATTEND_TRUST_PROXY: "1" })).toBe(true);
    expect(servedOverHttps(proxied, env)).toBe(false);
    expect(publicOrigin(proxied, { NEXTAUTH_URL: "https://a.example/app" })).toBe("https://a.example");
  });
});

describe("safeReturnPath", () => {
  it("keeps paths on this site", () => {
    expect(safeReturnPath("/review?deck=a%20b#x")).toBe("/review?deck=a%20b#x");
    expect(safeReturnPath("/cards/abc")).toBe("/cards/abc");
  });

  it("sends everything else home: other hosts, tabs, newlines, backslashes, schemes", () => {
    for (const bad of ["/\t/evil.example/", "/\n/evil.example", "/%0a", "//evil.example", "/\\evil.example", "\\\\evil", "https://evil.example/", "javascript:alert(1)", " /review", "/re\u0000view", "", null, undefined]) {
      const out = safeReturnPath(bad as string);
      expect(out === "/" || out === "/%0a", JSON.stringify(bad)).toBe(true);
      expect(out).not.toMatch(/[\s\\]|^\/\//);
    }
  });
});
