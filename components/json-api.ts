// JSON calls from client components to the app's own API routes (/api/review/*, /api/exams/*).

/** The request never reached the server or its answer never came back: safe to retry when idempotent. */
export class NetworkError extends Error {}

export type ApiResult<T, E> = { ok: true; data: T } | { ok: false; status: number; error: E };

/** GET without a body, POST with a JSON body. 4xx answers come back as `{ ok: false }`, never thrown. */
export async function callJson<T, E>(url: string, body?: unknown, init: RequestInit = {}): Promise<ApiResult<T, E>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      ...init,
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  // A proxy between us and the server failing is the same as the network failing.
  if (res.status === 502 || res.status === 503 || res.status === 504) throw new NetworkError(`HTTP ${res.status}`);
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    if (res.ok) throw new NetworkError("The answer was cut off.");
    json = { error: `HTTP ${res.status}` };
  }
  return res.ok ? { ok: true, data: json as T } : { ok: false, status: res.status, error: json as E };
}
