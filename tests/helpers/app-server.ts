import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { createRequire } from "node:module";
import { migrateDatabase } from "@/lib/db/migrate";
import { createDb, type Db } from "@/lib/db/client";
import { ingestDirectory } from "@/lib/ingest";

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, "../..");

export interface AppServer {
  url: string;
  db: Db;
  dbUrl: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/**
 * A fresh database with `content` ingested, served by the production build (`next build` first).
 * `dbUrl`: serve an existing database instead (a second instance on the same one; nothing is
 * migrated or ingested, and stop() leaves it there).
 */
export async function startApp(options: { content?: string; env?: Record<string, string>; dbUrl?: string } = {}): Promise<AppServer> {
  if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) throw new Error("Run `next build` before the browser tests (npm test does).");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-e2e-"));
  const dbUrl = options.dbUrl ?? `file:${path.join(dir, "e2e.db")}`;
  const db = createDb(dbUrl);
  if (!options.dbUrl) {
    await migrateDatabase(dbUrl, ROOT);
    await ingestDirectory(db, options.content ?? path.join(ROOT, "content"));
  }
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_SECRET: "e2e-secret-not-for-production",
      NEXT_TELEMETRY_DISABLED: "1",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  // E2E_SERVER_LOG=1 shows the server's own output (errors behind a 500) while a test runs.
  if (process.env.E2E_SERVER_LOG) { child.stdout!.pipe(process.stderr); child.stderr!.pipe(process.stderr); }
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited early:\n${log}`);
    try {
      const res = await fetch(url + "/", { redirect: "manual" });
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    db,
    dbUrl,
    async stop() {
      child.kill("SIGTERM");
      await db.$disconnect();
      await new Promise((r) => setTimeout(r, 100));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
