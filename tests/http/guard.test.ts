import { describe, expect, it } from "vitest";
import { BodyTooLargeError, crossSiteError, notJsonError, readTextCapped } from "@/lib/http/guard";
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
