import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase } from "@/lib/db/migrate";
import { createDb, type Db } from "@/lib/db/client";
import { adminQuery, PG_ADMIN_URL } from "./postgres";

const ROOT = path.resolve(import.meta.dirname, "../..");
let template: string | null = null;

/**
 * Which database the integration tests run on: SQLite by default; PostgreSQL when
 * ATTEND_TEST_DATABASE=postgresql (`npm test` runs the integration suite once on each:
 * vitest.postgres.config.ts).
 */
export const TEST_DIALECT = process.env.ATTEND_TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";

/** Databases the PostgreSQL run makes start with this; its global teardown drops them. */
export const PG_TEST_PREFIX = "attend_run_";
let pgTemplate: string | null = null;

function pgUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A migrated PostgreSQL database: the first one of a test file is migrated, later ones are copies of it. */
async function freshPostgres(dir: string): Promise<{ db: Db; url: string; dir: string; cleanup: () => Promise<void> }> {
  const id = () => `${PG_TEST_PREFIX}${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  if (!pgTemplate) {
    const name = id();
    await adminQuery(`CREATE DATABASE "${name}"`);
    await migrateDatabase(pgUrl(name), ROOT);
    pgTemplate = name;
  }
  const name = id();
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${pgTemplate}"`);
  const url = pgUrl(name);
  const db = createDb(url);
  return {
    db,
    url,
    dir,
    async cleanup() {
      await db.$disconnect();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A new, migrated database: SQLite in a temp folder (migrated once per test file, a template file,
 * copied for each call), or on PostgreSQL (see TEST_DIALECT). `dir` is a temp folder either way.
 */
export async function freshDb(): Promise<{ db: Db; url: string; dir: string; cleanup: () => Promise<void> }> {
  if (TEST_DIALECT === "postgresql") return freshPostgres(fs.mkdtempSync(path.join(os.tmpdir(), "attend-test-")));
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
