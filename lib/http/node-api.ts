/**
 * withUser and readJson (./api.ts) for a route on the Pages Router, which hands the handler Node's
 * own request and response. An App Router route handler wraps both in web streams (undici's
 * Request, a WritableStream piped to the socket) and tracing spans: measured on the grade route,
 * 0.8-0.9 ms of the server's main thread a request out of ~3.3 (bench/RESULTS.md, session 11).
 * Only the review loop's hot route takes this path (pages/api/review/grade.ts); the checks, their
 * order and their answers are the App Router's own (./api.ts: requestUser, readJsonWith, answering).
 */
import type { IncomingMessage } from "node:http";
import type { NextApiHandler, NextApiResponse } from "next";
import type { z } from "zod";
import type { SessionUser } from "@/lib/auth/users";
import { answering, apiError, readJsonWith, requestUser } from "./api";
import { MAX_JSON_BYTES, readNodeTextCapped } from "./guard";
import type { HeaderReader } from "./origin";

/** A Node request's headers as the checks read them (Node lowercases names and joins repeats). */
export function nodeHeaders(request: IncomingMessage): HeaderReader {
  return {
    get: (name: string) => {
      const value = request.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/** Write a web Response (the checks' 4xx answers) to Node's response. */
async function send(res: NextApiResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(await response.text());
}

/**
 * A POST route for the signed-in user with a JSON body parsed by `schema`; the handler's result is
 * answered as JSON. The route file must also say `export const config = { api: { bodyParser:
 * false } }`: the body is read here, capped at MAX_JSON_BYTES.
 */
export function userJsonRoute<T extends z.ZodType>(schema: T, handler: (user: SessionUser, body: z.infer<T>, headers: HeaderReader) => Promise<unknown>): NextApiHandler {
  return async (req, res) => {
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      return send(res, apiError(405, `${req.method} is not allowed here; send a POST.`, "invalid"));
    }
    const request = { method: req.method, headers: nodeHeaders(req) };
    const user = await requestUser(request);
    if (user instanceof Response) return send(res, user);
    const body = await readJsonWith(request, () => readNodeTextCapped(req, MAX_JSON_BYTES), schema);
    if (body instanceof Response) return send(res, body);
    const result = await answering(() => handler(user, body, request.headers));
    if (result instanceof Response) return send(res, result);
    res.statusCode = 200;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(result));
  };
}
