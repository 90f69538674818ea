import fs from "node:fs";
import { randomBytes } from "node:crypto";

/**
 * Secrets come from the environment; on a local machine without them, a random secret is
 * generated once and kept in data/secrets.json (gitignored, mode 600), so sessions survive restarts.
 */
export function ensureSecrets(file = "data/secrets.json") {
  if (process.env.NEXTAUTH_SECRET) return {};
  let stored = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, "utf8"));
  if (!stored.NEXTAUTH_SECRET) {
    stored.NEXTAUTH_SECRET = randomBytes(32).toString("base64url");
    fs.mkdirSync("data", { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return { NEXTAUTH_SECRET: stored.NEXTAUTH_SECRET };
}
