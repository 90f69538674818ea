import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ContentError, ingestDirectory } from "@/lib/ingest";
import type { Db } from "@/lib/db/client";
import { freshDb, writeContent } from "../helpers/db";

const DECK = `---
deck: Transformers / Attention
tags: [attention]
---

# Scaling

Q: Why do we divide attention scores by $\\sqrt{d_k}$?
A: Dot products of vectors with unit-variance entries have variance $d_k$; dividing keeps softmax out of saturation.

Q: What does softmax temperature do?
A: It divides the logits before softmax: below 1 sharpens, above 1 flattens.

# Caching

Q: Why does a KV cache help?
A: Decoding reuses the keys and values of earlier positions instead of recomputing them.

\`\`\`python
k_cache = torch.cat([k_cache, k_new], dim=1)
\`\`\`
`;

let db: Db;
let cleanup: () => Promise<void>;
let dir: string;

beforeEach(async () => {
  ({ db, cleanup } = await freshDb());
  dir = writeContent({ "attention.md": DECK });
});
afterEach(async () => {
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const idOf = async (fragment: string) => (await db.card.findFirstOrThrow({ where: { question: { contains: fragment } } })).id;
const write = (text: string) => fs.writeFileSync(path.join(dir, "attention.md"), text);

describe("syncContent", () => {
  it("ingests cards, decks, tags and rendered HTML", async () => {
    const s = await ingestDirectory(db, dir);
    expect(s.added).toBe(3);
    const decks = await db.deck.findMany({ orderBy: { path: "asc" } });
    expect(decks.map((d) => d.path)).toEqual([
      "Transformers",
      "Transformers / Attention",
      "Transformers / Attention / Caching",
      "Transformers / Attention / Scaling",
    ]);
    const card = await db.card.findFirstOrThrow({ where: { question: { contains: "sqrt" } }, include: { tags: true, sources: true } });
    expect(card.questionHtml).toContain('class="katex"');
    expect(card.tags.map((t) => t.tag).sort()).toEqual(["attention", "scaling"]);
    expect(card.sources).toMatchObject([{ file: "attention.md", line: 8 }]);
    const kv = await db.card.findFirstOrThrow({ where: { question: { contains: "KV" } } });
    expect(kv.answerHtml).toContain("hljs");
  });

  it("writes nothing on a second run over unchanged content", async () => {
    await ingestDirectory(db, dir);
    const before = await db.card.findMany({ orderBy: { id: "asc" } });
    const runs = await db.ingestRun.count();
    const s = await ingestDirectory(db, dir);
    expect(s.changed).toBe(false);
    expect(await db.ingestRun.count()).toBe(runs);
    expect(await db.card.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  it("keeps a card's id when its question is reworded, moved or reformatted; retires and revives it", async () => {
    await ingestDirectory(db, dir);
    const scalingId = await idOf("Why do we divide attention scores");
    const kvId = await idOf("Why does a KV cache help?");

    // reword
    write(DECK.replace("Why do we divide attention scores by", "Why are attention scores divided by"));
    let s = await ingestDirectory(db, dir);
    expect(s.updated).toBe(1);
    expect(s.added).toBe(0);
    expect((await db.card.findUniqueOrThrow({ where: { id: scalingId } })).question).toContain("Why are attention scores divided by");

    // move to another file and deck
    const [head, rest] = DECK.split("# Caching");
    write(head);
    fs.writeFileSync(path.join(dir, "caching.md"), "---\ndeck: Inference\n---\n# Caching" + rest);
    s = await ingestDirectory(db, dir);
    const kv = await db.card.findFirstOrThrow({ where: { question: { contains: "KV cache" } }, include: { deck: true, sources: true } });
    expect(kv.id).toBe(kvId);
    expect(kv.deck.path).toBe("Inference / Caching");
    expect(kv.sources[0].file).toBe("caching.md");

    // delete: retired, history kept
    fs.rmSync(path.join(dir, "caching.md"));
    s = await ingestDirectory(db, dir);
    expect(s.retired).toBe(1);
    expect((await db.card.findUniqueOrThrow({ where: { id: kv.id } })).retiredAt).not.toBeNull();

    // restore: same id
    fs.writeFileSync(path.join(dir, "caching.md"), "---\ndeck: Inference\n---\n# Caching" + rest);
    s = await ingestDirectory(db, dir);
    expect(s.revived).toBe(1);
    const back = await db.card.findUniqueOrThrow({ where: { id: kv.id } });
    expect(back.retiredAt).toBeNull();
  });

  it("leaves the database untouched and reports file:line on malformed content", async () => {
    await ingestDirectory(db, dir);
    const before = await db.card.findMany({ orderBy: { id: "asc" } });
    write(DECK + "\nQ: Broken math $\\frac{1}{$ here\nA: x\n");
    const err = await ingestDirectory(db, dir).catch((e) => e);
    expect(err).toBeInstanceOf(ContentError);
    expect(err.message).toMatch(/attention\.md:\d+/);
    expect(await db.card.findMany({ orderBy: { id: "asc" } })).toEqual(before);

    write("A: an answer with no question\n");
    const err2 = await ingestDirectory(db, dir).catch((e) => e);
    expect(err2).toBeInstanceOf(ContentError);
    expect(err2.diagnostics[0]).toMatchObject({ file: "attention.md", line: 1 });
    expect(await db.card.count({ where: { retiredAt: null } })).toBe(3);
  });

  it("stores attached and proposed widgets, and warns about unknown widget names", async () => {
    write(DECK.replace("A: Decoding reuses", "<!-- widget: kv-cache, no-such-widget -->\nA: Decoding reuses"));
    const s = await ingestDirectory(db, dir);
    expect(s.diagnostics).toContainEqual(expect.objectContaining({ rule: "unknown-widget", severity: "warning", file: "attention.md" }));
    const kv = await db.card.findFirstOrThrow({ where: { question: { contains: "KV cache" } } });
    expect(JSON.parse(kv.widgets)).toEqual(["kv-cache"]);
    const scaling = await db.card.findFirstOrThrow({ where: { question: { contains: "sqrt" } } });
    expect(JSON.parse(scaling.widgets)).toContain("attention-scaling"); // proposed from the question
  });

  it("sanitises author HTML: scripts and handlers never reach the database", async () => {
    write(DECK + '\nQ: Is this safe? <script>alert(1)</script>\nA: <img src="x.png" onerror="alert(1)"> <a href="javascript:alert(1)">x</a>\n<details><summary>More</summary>\n\nHidden $x^2$\n\n</details>\n');
    await ingestDirectory(db, dir);
    const c = await db.card.findFirstOrThrow({ where: { question: { contains: "Is this safe" } } });
    const html = c.questionHtml + c.answerHtml;
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
    expect(c.answerHtml).toContain("<details>");
    expect(c.answerHtml).toContain('class="katex"');
  });
});
