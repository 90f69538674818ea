/**
 * Cross-site request forgery and oversized bodies, checked once for every state-changing route:
 * withUser (lib/http/api.ts) runs these for every per-user API route, and the two routes that
 * have no user yet (registration, next-auth) call them directly.
 */
import type { IncomingMessage } from "node:http";
import { publicOrigin, type HeaderReader } from "./origin";

export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** JSON request bodies (reviews, exams, settings): the largest is an exam save, 500 answers × 50,000 characters at most. */
export const MAX_JSON_BYTES = 1024 * 1024;

const json = (status: number, error: string, code: string) =>
  new Response(JSON.stringify({ error, code }), { status, headers: { "content-type": "application/json" } });

/**
 * 403 unless the request comes from this site's own pages. Browsers send Origin with every POST
 * and Sec-Fetch-Site with every request to a secure context; a cross-site form or script cannot
 * remove or forge either. A request with neither header is not from a browser (curl, a script
 * holding the user's cookie already), which CSRF cannot exploit.
 */
export function crossSiteError(request: { method: string; headers: HeaderReader }, env: Record<string, string | undefined> = process.env): Response | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return json(403, "Refused: this request came from another site.", "cross-site");
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const expected = publicOrigin(request.headers, env);
    if (!expected || origin.toLowerCase() !== expected) return json(403, "Refused: this request came from another site.", "cross-site");
  }
  return null;
}

/** 415 unless the body is declared JSON: an HTML form can send only text/plain, urlencoded or multipart. */
export function notJsonError(request: { headers: HeaderReader }): Response | null {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  return type === "application/json" ? null : json(415, "Send the body as JSON (content-type: application/json).", "invalid");
}

export class BodyTooLargeError extends Error {
  constructor(public readonly limit: number) {
    super(`The request body is larger than ${formatBytes(limit)}.`);
  }
}

export const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} KB`);

export const tooLarge = (limit: number) => json(413, `The request body is larger than ${formatBytes(limit)}.`, "too-large");

/**
 * The body as text, read in chunks and abandoned as soon as it passes `limit` bytes: a 100 MB
 * body costs at most `limit` bytes of memory, not 100 MB (issue 13 saw 491 MB RSS).
 */
export async function readTextCapped(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > limit) throw new BodyTooLargeError(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * readTextCapped for a Node request (lib/http/node-api.ts): past `limit` the rest of the body is
 * read and dropped, not kept, so the 413 still reaches the client on the same connection.
 */
export function readNodeTextCapped(request: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(request.headers["content-length"] ?? NaN);
  if (declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) return void chunks.push(chunk);
      done();
      request.resume(); // flowing with no listener: what is left is dropped
      reject(new BodyTooLargeError(limit));
    };
    const onEnd = () => {
      done();
      resolve(new TextDecoder().decode(Buffer.concat(chunks)));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
  });
}
