import { NextResponse } from "next/server";
import { z } from "zod";
import { getRequestUser } from "@/lib/auth/session";
import type { SessionUser } from "@/lib/auth/users";
import { ReviewError } from "@/lib/db/review";
import type { ApiError } from "@/lib/review/contract";
import { BodyTooLargeError, MAX_JSON_BYTES, crossSiteError, notJsonError, readTextCapped, tooLarge } from "./guard";
import type { HeaderReader } from "./origin";

/**
 * Route-handler plumbing: same-origin writes only (403), the signed-in user or 401, the body
 * declared JSON (415), at most MAX_JSON_BYTES (413) and parsed by a zod schema (400), domain
 * errors mapped to 4xx with a message. Nothing a client sends turns into a 500.
 */
export function apiError(status: number, error: string, code?: ApiError["code"], extra: Record<string, unknown> = {}) {
  return NextResponse.json({ error, ...(code ? { code } : {}), ...extra } satisfies ApiError & Record<string, unknown>, { status });
}

export function readJson<T extends z.ZodType>(request: Request, schema: T, maxBytes = MAX_JSON_BYTES): Promise<z.infer<T> | Response> {
  return readJsonWith(request, () => readTextCapped(request, maxBytes), schema);
}

/**
 * readJson's checks with the body read by `read` (./node-api.ts reads a Node request's): 415
 * unless declared JSON, 413 past the cap, 400 for a body cut off mid-way or not what `schema` says.
 */
export async function readJsonWith<T extends z.ZodType>(request: { headers: HeaderReader }, read: () => Promise<string>, schema: T): Promise<z.infer<T> | Response> {
  const wrongType = notJsonError(request);
  if (wrongType) return wrongType;
  let text: string;
  try {
    text = await read();
  } catch (error) {
    if (error instanceof BodyTooLargeError) return tooLarge(error.limit);
    return apiError(400, NOT_JSON, "invalid"); // cut off mid-way
  }
  return parseJson(text, schema);
}

const NOT_JSON = "The request body is not valid JSON.";

/** A request body's text as `schema` says, or the 400 that says what is wrong with it. */
function parseJson<T extends z.ZodType>(text: string, schema: T): z.infer<T> | Response {
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    return apiError(400, NOT_JSON, "invalid");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return apiError(400, `${issue.path.join(".") || "body"}: ${issue.message}`, "invalid", { field: issue.path.join(".") });
  }
  return parsed.data;
}

/**
 * The 4xx/503 answer for an error a handler may throw, or null for anything unexpected (a bug,
 * which Next turns into a 500 and logs).
 */
export function errorResponse(error: unknown): Response | null {
  if (error instanceof BodyTooLargeError) return tooLarge(error.limit);
  if (error instanceof ReviewError) {
    const status = error.code === "not-found" ? 404 : error.code === "invalid" ? 400 : 409;
    return apiError(status, error.message, error.code);
  }
  // Another process (an ingest) held the write lock past the connection's busy timeout.
  if ((error as { code?: string } | null)?.code === "SQLITE_BUSY") return apiError(503, "The database is busy right now; try again in a moment.", "busy");
  return null;
}

/** The signed-in user of a request, or the answer refusing it: 403 for a cross-site write, else 401. */
export async function requestUser(request: { method: string; headers: HeaderReader }): Promise<SessionUser | Response> {
  const forged = crossSiteError(request);
  if (forged) return forged;
  return (await getRequestUser(request)) ?? apiError(401, "Sign in first.", "unauthorized");
}

/** Run a handler, answering the errors it may throw as errorResponse says; anything else is a bug. */
export async function answering<R>(handler: () => Promise<R>): Promise<R | Response> {
  try {
    return await handler();
  } catch (error) {
    const response = errorResponse(error);
    if (response) return response;
    throw error;
  }
}

export function withUser(handler: (user: SessionUser, request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const user = await requestUser(request);
    if (user instanceof Response) return user;
    return answering(() => handler(user, request));
  };
}
