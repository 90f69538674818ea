import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

/**
 * NEXTAUTH_SECRET from the environment; on a local machine without one, a random secret made
 * once and kept in data/secrets.json (mode 600; scripts/secrets.mjs writes the same file).
 */
export function authSecret(env = process.env): string {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  const file = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "data/secrets.json");
  let stored: { NEXTAUTH_SECRET?: string } = {};
  try {
    stored = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    // first start
  }
  if (!stored.NEXTAUTH_SECRET) {
    stored.NEXTAUTH_SECRET = randomBytes(32).toString("base64url");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  env.NEXTAUTH_SECRET = stored.NEXTAUTH_SECRET;
  return stored.NEXTAUTH_SECRET;
}
