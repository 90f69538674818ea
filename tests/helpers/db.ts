import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase } from "@/lib/db/migrate";
import { createDb, type Db } from "@/lib/db/client";

const ROOT = path.resolve(import.meta.dirname, "../..");
let template: string | null = null;

/**
 * A new, migrated SQLite database in a temp folder. Migrated once per test file (a template
 * file) and copied for each call.
 */
export async function freshDb(): Promise<{ db: Db; url: string; dir: string; cleanup: () => Promise<void> }> {
  if (!template) {
    const tdir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-template-"));
    template = path.join(tdir, "template.db");
    await migrateDatabase(`file:${template}`, ROOT);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-test-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(template, file);
  const url = `file:${file}`;
  const db = createDb(url);
  return {
    db,
    url,
    dir,
    async cleanup() {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Write a small content tree to a temp folder: { "deck.md": "..." }. */
export function writeContent(files: Record<string, string>, dir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-content-"))): string {
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return dir;
}
