import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { registerUser } from "@/lib/auth/users";
import { createDb, type Db } from "@/lib/db/client";
import { copyDatabase, NOT_COPIED, TABLES } from "@/lib/db/copy";
import { migrateDatabase } from "@/lib/db/migrate";
import { buryCard, getNext, gradeCard } from "@/lib/db/review";
import { ingestDirectory } from "@/lib/ingest";
import { freshDb, writeContent } from "../helpers/db";
import { tempPostgres } from "../helpers/postgres";

const ROOT = path.resolve(import.meta.dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "attend-copy-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Every row of every copied table, in key order. */
async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) {
    const d = (db as unknown as Record<string, { findMany(a: object): Promise<unknown[]> }>)[t.model[0].toLowerCase() + t.model.slice(1)];
    out[t.model] = await d.findMany({ orderBy: t.key.map((k) => ({ [k]: "asc" })) });
  }
  return out;
}

describe("db:copy", () => {
  it("names every model: copied, or left out on purpose", () => {
    expect([...TABLES.map((t) => t.model), ...NOT_COPIED].sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });

  it("copies SQLite to PostgreSQL and back with every row equal, users and review history included", async () => {
    const { db: source, cleanup } = await freshDb();
    const pg = await tempPostgres("attend_copy");
    const backUrl = `file:${path.join(tmp, "back.db")}`;
    let target: Db | null = null;
    let back: Db | null = null;
    try {
      const dir = writeContent({
        "attention.md": "---\ndeck: Attention / Scaling\n---\nQ: Why divide by $\\sqrt{d_k}$?\nA: To keep the variance near one.\n\nQ: What does the causal mask hide?\nA: Later positions.\n",
        "kv.md": "---\ndeck: Inference\n---\nQ: What does a KV cache store?\nA: Keys and values of earlier positions.\n",
      });
      await ingestDirectory(source, dir);
      const ada = (await registerUser(source, { email: "ada@example.com", name: "Ada", password: "correct horse battery" })).id;
      const now = new Date("2026-11-23T09:00:00Z");
      for (let i = 0; i < 2; i++) {
        const card = (await getNext(source, ada, { now })).card!;
        await gradeCard(source, ada, { cardId: card.id, grade: 3, reviewId: `copy-review-${i}`, seenReps: card.seen.reps, seenUpdatedAt: card.seen.updatedAt, durationMs: 1500 }, now);
      }
      await buryCard(source, ada, (await getNext(source, ada, { now })).card!.id, now);
      const before = await dump(source);
      expect(before.ReviewLog).toHaveLength(2);
      expect(before.ReviewAction).toHaveLength(3);

      await migrateDatabase(pg.url, ROOT);
      target = createDb(pg.url);
      const report = await copyDatabase(source, target, pg.url);
      expect(report.tables.every((t) => t.source === t.target)).toBe(true);
      expect(await dump(target)).toEqual(before);
      // Autoincrement ids go on after the copied ones on PostgreSQL.
      const deckId = (before.Deck[0] as { id: string }).id;
      await expect(target.reviewAction.create({ data: { userId: ada, cardId: (before.Card[0] as { id: string }).id, kind: "bury", at: now } })).resolves.toMatchObject({ id: 4 });
      await target.reviewAction.deleteMany({ where: { id: 4 } });
      expect(deckId).toBeTruthy();

      await expect(copyDatabase(source, target, pg.url)).rejects.toThrow(/not empty/);

      await migrateDatabase(backUrl, ROOT);
      back = createDb(backUrl);
      await copyDatabase(target, back, backUrl);
      expect(await dump(back)).toEqual(before);
    } finally {
      await target?.$disconnect();
      await back?.$disconnect();
      await pg.drop();
      await cleanup();
    }
  });
});
