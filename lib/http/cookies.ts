/**
 * Cookies read straight from the request's Cookie header, the same way on both routers (a Pages
 * Router route has no `cookies()` from next/headers). Values are URI-decoded as Next's own parser
 * does; a value that does not decode is taken as it is.
 */
import type { HeaderReader } from "./origin";

const decode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** Every cookie whose name passes `wanted`, by name (the first of a repeated name wins, as in Next). */
export function readCookies(headers: HeaderReader, wanted: (name: string) => boolean): Record<string, string> {
  const found: Record<string, string> = {};
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    if (wanted(name) && !(name in found)) found[name] = decode(part.slice(i + 1).trim());
  }
  return found;
}

/** One cookie's value, or null. */
export function readCookie(headers: HeaderReader, name: string): string | null {
  return readCookies(headers, (n) => n === name)[name] ?? null;
}
