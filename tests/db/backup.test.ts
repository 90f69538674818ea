import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { freshDb } from "../helpers/db";
import { runScript } from "../helpers/cli";


it("db:backup copies the SQLite database while another connection is writing, and refuses to overwrite", async () => {
  const { url, dir, cleanup } = await freshDb();
  try {
    const writer = new Database(url.slice(5));
    writer.prepare(`INSERT INTO "Deck" (id, path, name, depth) VALUES ('kept', 'Kept', 'Kept', 0)`).run();
    writer.prepare("BEGIN IMMEDIATE").run();
    writer.prepare(`INSERT INTO "Deck" (id, path, name, depth) VALUES ('open', 'Open', 'Open', 0)`).run();
    const run = (file: string) => runScript("db-backup", [file], { DATABASE_URL: url });
    const file = path.join(dir, "backup.db");
    const first = await run(file);
    writer.prepare("COMMIT").run();
    writer.close();
    expect(first.code, first.out).toBe(0);
    const copy = new Database(file, { readonly: true });
    // The committed row is in the copy; the one not yet committed when it was taken is not.
    expect(copy.prepare(`SELECT id FROM "Deck" ORDER BY id`).pluck().all()).toEqual(["kept"]);
    copy.close();
    const again = await run(file);
    expect(again.code).toBe(2);
    expect(again.out).toMatch(/exists/);
    expect(fs.existsSync(file)).toBe(true);
  } finally {
    await cleanup();
  }
});
