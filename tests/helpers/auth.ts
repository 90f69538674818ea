import type { BrowserContext } from "playwright-core";

/** A tiny cookie jar over fetch, enough for next-auth's session cookies. */
export class HttpClient {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", this.cookieHeader);
    const res = await fetch(this.base + path, { ...init, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }

  json(path: string, body: unknown): Promise<Response> {
    return this.fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  }

  /** Sign in through next-auth's credentials callback; returns the callback's redirect target. */
  async signIn(email: string, password: string): Promise<string> {
    const { csrfToken } = (await (await this.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    });
    // With json=true next-auth answers { url } instead of redirecting (v4).
    const location = res.headers.get("location");
    if (location) return location;
    const body = (await res.json().catch(() => ({}))) as { url?: string };
    return body.url ?? "";
  }

  /** The Cookie header this client sends, for requests made without it (node:http streams). */
  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  get signedIn(): boolean {
    return [...this.cookies.keys()].some((k) => k.includes("next-auth.session-token"));
  }
}

/** Register and sign in; returns a client holding the session. */
export async function signUp(base: string, user: { email: string; name?: string; password?: string }): Promise<HttpClient> {
  const client = new HttpClient(base);
  const password = user.password ?? "correct horse battery staple";
  const res = await client.json("/api/account/register", { email: user.email, name: user.name ?? user.email.split("@")[0], password });
  if (res.status !== 201) throw new Error(`register ${user.email}: ${res.status} ${await res.text()}`);
  await client.signIn(user.email, password);
  if (!client.signedIn) throw new Error(`sign-in failed for ${user.email}`);
  return client;
}

/** Give a browser context the session of a signed-in HttpClient's user by signing in within it. */
export async function signInBrowser(context: BrowserContext, base: string, email: string, password = "correct horse battery staple"): Promise<void> {
  const csrf = await context.request.get(base + "/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  await context.request.post(base + "/api/auth/callback/credentials", { form: { csrfToken, email, password, json: "true" } });
}
