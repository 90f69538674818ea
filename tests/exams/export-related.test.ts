import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { relatedCards } from "@/lib/db/exams";
import { exportContent, type ExportedContent } from "@/lib/db/export";
import { ingestDirectory } from "@/lib/ingest";
import { freshDb } from "../helpers/db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TEST_FILE = "tests/building-a-gpt-from-scratch.md";

let db: Db;
let cleanup: () => Promise<void>;
let content: string;
let exported: ExportedContent;

/** content/ with an author's link on question 12: the card "What is autoregressive modeling?" by its id. */
beforeAll(async () => {
  content = fs.mkdtempSync(path.join(os.tmpdir(), "attend-related-"));
  fs.cpSync(path.join(ROOT, "content"), content, { recursive: true });
  const chat = path.join(content, "llm-interview-chat-export.md");
  fs.writeFileSync(chat, fs.readFileSync(chat, "utf8").replace("19. Q: What is autoregressive modeling?", "19. Q: What is autoregressive modeling? <!-- id: autoregressive -->"));
  const test = path.join(content, TEST_FILE);
  fs.writeFileSync(test, fs.readFileSync(test, "utf8").replace("Why this offset?", "Why this offset? <!-- related: autoregressive -->"));
  ({ db, cleanup } = await freshDb());
  await ingestDirectory(db, content);
  exported = await exportContent(db);
});
afterAll(async () => {
  await cleanup?.();
  fs.rmSync(content, { recursive: true, force: true });
});

describe("npm run export -- --json: related cards per test question", () => {
  it("lists the top five as the review page shows them, best first", async () => {
    const t = exported.tests[0];
    expect(t.questions).toHaveLength(20);
    const shown = await relatedCards(db, t.questions.map((q) => ({ ...q, cardId: null })));
    for (const q of t.questions) {
      expect(q.related.length).toBeGreaterThan(0);
      expect(q.related.length).toBeLessThanOrEqual(5);
      expect(q.related.map((r) => r.cardId)).toEqual(shown.get(q.number)!.map((c) => c.id));
      expect(q.related.map((r) => r.score)).toEqual([...q.related.map((r) => r.score)].sort((a, b) => b - a));
    }
    const q6 = t.questions.find((q) => q.number === 6)!;
    expect(q6.related[0].question).toBe("What is causal masking and why is it used in language models?");
    const ids = new Set(exported.cards.map((c) => c.id));
    expect(t.questions.flatMap((q) => q.related).every((r) => ids.has(r.cardId))).toBe(true);
  });

  it("puts the author's <!-- related: --> link first, with score 1", () => {
    const q12 = exported.tests[0].questions.find((q) => q.number === 12)!;
    const card = exported.cards.find((c) => c.explicitId === "autoregressive")!;
    expect(card.question).toBe("What is autoregressive modeling?");
    expect(q12.related[0]).toEqual({ cardId: card.id, question: "What is autoregressive modeling?", score: 1 });
  });
});
