import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, migrateDatabase, readMigrations, type Migration } from "@/lib/db/migrate";
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from "@/lib/db/schema-files";
import { tempPostgres } from "../helpers/postgres";
import { runScript } from "../helpers/cli";

const ROOT = path.resolve(import.meta.dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "attend-migrate-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const sqliteUrl = (name: string) => `file:${path.join(tmp, name)}`;
const migration = (name: string, sql: string): Migration => ({ name, sql, checksum: createHash("sha256").update(sql).digest("hex") });
const rows = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`).all() as { migration_name: string }[];
  } finally {
    db.close();
  }
};

/** `npm run db:migrate` in a child process. */
const migrateInChild = (url: string) => runScript("migrate", [], { DATABASE_URL: url });

describe("SQLite migrations", () => {
  const all = readMigrations(path.join(ROOT, SQLITE_MIGRATIONS));

  it("applies every migration once, records them as Prisma does, and then has nothing to do", async () => {
    const url = sqliteUrl("fresh.db");
    const first = await migrateDatabase(url, ROOT);
    expect(first.applied).toEqual(all.map((m) => m.name));
    const again = await migrateDatabase(url, ROOT);
    expect(again).toEqual({ applied: [], modified: [], unknown: [] });
    expect(rows(url.slice(5)).map((r) => r.migration_name)).toEqual(all.map((m) => m.name));
    const db = new Database(url.slice(5), { readonly: true });
    const checksum = db.prepare(`SELECT checksum FROM "_prisma_migrations" WHERE migration_name = ?`).pluck().get(all[0].name);
    db.close();
    expect(checksum).toBe(createHash("sha256").update(fs.readFileSync(path.join(ROOT, SQLITE_MIGRATIONS, all[0].name, "migration.sql"))).digest("hex"));
  });

  it("takes no lock when nothing is pending: runs while another connection holds the write lock", async () => {
    const url = sqliteUrl("busy.db");
    await migrateDatabase(url, ROOT);
    const other = new Database(url.slice(5));
    other.prepare("BEGIN IMMEDIATE").run();
    other.prepare(`INSERT INTO "Deck" (id, path, name, depth) VALUES ('d1', 'D', 'D', 0)`).run();
    try {
      // The child's own busy handler would wait up to 2 minutes for this lock if it wanted it.
      const started = Date.now();
      const { code, out } = await migrateInChild(url);
      expect(out).toContain("nothing to apply");
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      other.prepare("ROLLBACK").run();
      other.close();
    }
  });

  it("lets several processes migrate a new database at once: one applies, the others wait and find nothing", async () => {
    const url = sqliteUrl("race.db");
    const results = await Promise.all([migrateInChild(url), migrateInChild(url), migrateInChild(url)]);
    for (const r of results) expect(r.code, r.out).toBe(0);
    expect(results.filter((r) => r.out.includes("Applied ")).length).toBe(1);
    expect(rows(url.slice(5)).length).toBe(all.length);
  });

  it("waits for another writer instead of failing when a migration is pending", async () => {
    const url = sqliteUrl("pending.db");
    await applyMigrations(url, all.slice(0, -1));
    const other = new Database(url.slice(5));
    other.prepare("BEGIN IMMEDIATE").run();
    const child = migrateInChild(url);
    // The writer finishes a moment later; the migration must then go through.
    setTimeout(() => {
      other.prepare("COMMIT").run();
      other.close();
    }, 1_000);
    const { code, out } = await child;
    expect(code, out).toBe(0);
    expect(out).toContain(all.at(-1)!.name);
    expect(rows(url.slice(5)).length).toBe(all.length);
  });

  it("rolls back every pending file when one fails, naming it", async () => {
    const url = sqliteUrl("broken.db");
    const set = [migration("001_good", `CREATE TABLE "A" (id INTEGER PRIMARY KEY);`), migration("002_bad", `CREATE TABLE "B" (id INTEGER PRIMARY KEY); SELEC nonsense;`)];
    await expect(applyMigrations(url, set)).rejects.toThrow(/002_bad failed, nothing was changed/);
    const db = new Database(url.slice(5), { readonly: true });
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
    db.close();
    expect(tables).not.toContain("A");
    expect(tables).not.toContain("B");
  });

  it("redefines a referenced table the way Prisma does without deleting the rows that point at it", async () => {
    const url = sqliteUrl("redefine.db");
    const set = [
      migration(
        "001_init",
        `CREATE TABLE "Parent" (id TEXT PRIMARY KEY);
         CREATE TABLE "Child" (id TEXT PRIMARY KEY, parentId TEXT NOT NULL REFERENCES "Parent"(id) ON DELETE CASCADE);
         INSERT INTO "Parent" VALUES ('p');
         INSERT INTO "Child" VALUES ('c1', 'p'), ('c2', 'p');`,
      ),
      migration(
        "002_redefine",
        `PRAGMA defer_foreign_keys=ON;
         PRAGMA foreign_keys=OFF;
         CREATE TABLE "new_Parent" (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '');
         INSERT INTO "new_Parent" (id) SELECT id FROM "Parent";
         DROP TABLE "Parent";
         ALTER TABLE "new_Parent" RENAME TO "Parent";
         PRAGMA foreign_keys=ON;
         PRAGMA defer_foreign_keys=OFF;`,
      ),
    ];
    await applyMigrations(url, set);
    const db = new Database(url.slice(5), { readonly: true });
    expect(db.prepare(`SELECT count(*) FROM "Child"`).pluck().get()).toBe(2);
    db.close();
  });

  it("reports applied migrations that were edited or that this checkout lacks", async () => {
    const url = sqliteUrl("drift.db");
    await applyMigrations(url, [migration("001_a", "CREATE TABLE a (x);"), migration("002_b", "CREATE TABLE b (x);")]);
    const report = await applyMigrations(url, [migration("001_a", "CREATE TABLE a (x, y);")]);
    expect(report).toEqual({ applied: [], modified: ["001_a"], unknown: ["002_b"] });
  });
});

describe("PostgreSQL migrations", () => {
  const all = readMigrations(path.join(ROOT, POSTGRES_MIGRATIONS));

  it("lets several instances migrate one new database at once: each migration applied exactly once", async () => {
    const db = await tempPostgres("attend_migrate");
    try {
      const reports = await Promise.all([migrateDatabase(db.url, ROOT), migrateDatabase(db.url, ROOT), migrateDatabase(db.url, ROOT)]);
      expect(reports.map((r) => r.applied.length).sort()).toEqual([0, 0, all.length]);
      expect(await migrateDatabase(db.url, ROOT)).toEqual({ applied: [], modified: [], unknown: [] });
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const names = (await client.query(`SELECT migration_name FROM "_prisma_migrations" ORDER BY 1`)).rows.map((r) => r.migration_name);
      const tables = (await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)).rows.map((r) => r.table_name);
      await client.end();
      expect(names).toEqual(all.map((m) => m.name));
      expect(tables).toEqual(expect.arrayContaining(["Card", "CardState", "ReviewLog", "User", "TestAttempt"]));
    } finally {
      await db.drop();
    }
  });

  it("rolls back a failing migration, naming it", async () => {
    const db = await tempPostgres("attend_migrate");
    try {
      await expect(applyMigrations(db.url, [migration("001_good", `CREATE TABLE "A" (id INT PRIMARY KEY);`), migration("002_bad", "SELEC 1;")])).rejects.toThrow(/002_bad failed/);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const a = (await client.query(`SELECT to_regclass('"A"') AS t`)).rows[0].t;
      await client.end();
      expect(a).toBeNull();
    } finally {
      await db.drop();
    }
  });
});
