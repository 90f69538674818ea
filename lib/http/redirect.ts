/**
 * Where a sign-in may send the browser afterwards: a path on this site, nothing else.
 * `/login?callbackUrl=/%09/evil.example/` once left the site (browsers drop the tab and read
 * `//evil.example/`), and a `%0a` in it gave a 500 (a newline in a Location header).
 */
const BASE = "http://attend.invalid";

export function safeReturnPath(value: string | null | undefined): string {
  if (!value || value.length > 2048) return "/";
  // Control characters, spaces and backslashes never belong in our own paths; browsers strip or
  // rewrite them (a tab vanishes, "\" becomes "/"), which turns "/\t/host" into "//host".
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(value)) return "/";
  if (!value.startsWith("/") || value.startsWith("//")) return "/";
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  return url.pathname + url.search + url.hash;
}
