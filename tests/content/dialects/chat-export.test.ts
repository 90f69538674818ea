import { describe, expect, it } from "vitest";
import fc from "fast-check";
import katex from "katex";
import { readFileSync } from "node:fs";
import path from "node:path";
import { chatExportDialect, parseChatExport, preferFormattedAnswer } from "@/lib/content/dialects/chat-export";
import { mathSpans } from "@/lib/content/clean/pasted-math";
import { normalizeForMatch } from "@/lib/content/similarity";
import type { CardItem } from "@/lib/content/types";

const root = path.resolve(import.meta.dirname, "../../..");
const SEED = "llm-interview-chat-export.md";
const seedText = readFileSync(path.join(root, "content", SEED), "utf8");
const seed = parseChatExport(seedText, SEED);
const seedCards = seed.items as CardItem[];

/** Every Markdown text a student can see on a card. */
const cardTexts = (c: CardItem) => [c.question, c.answer ?? "", ...c.alternatives.map((a) => a.answer)];
/** The answer the question's first copy gave (the answer itself, or the alternative from its line). */
const firstCopyAnswer = (c: CardItem) => c.alternatives.find((a) => a.source.line === c.source.line)?.answer ?? c.answer!;

/** Formatting-free form, as merge.ts compares answers: bold, bullets, numbering, `\rightarrow`. */
const fingerprint = (s: string) =>
  normalizeForMatch(
    s
      .replace(/\\(?:rightarrow|to)\b/g, "→")
      .replace(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+/gm, " ")
      .replace(/\\text\{([^{}]*)\}/g, "$1"),
  );

const CHATTER = [
  "You asked",
  "You said",
  "ChatGPT said",
  "Gemini Replied",
  "Expanded Q&A",
  "Want me to",
  "Do you want me",
  "Would you like me",
  "✅ That's",
  "👉 That's",
  "marching on",
  "fully expanded",
  "of the 500",
  "chunk size",
  "docx",
  "Pandoc",
  "CloudConvert",
  "can u pls",
  "INCREASE CHUNK",
];

describe("chat-export on seed 004", () => {
  it("finds two full copies of 370 items", () => {
    expect(seed.stats.items).toBe(740);
    expect(seed.stats.copies).toEqual([
      { start: 7, items: 370 },
      { start: 5226, items: 370 },
    ]);
  });

  it("merges both copies and all repeats to one card per distinct question", () => {
    // 303 distinct after normalisation (case, hyphens); 14 more are the same question reworded
    // ("RLHF (…)" / "reinforcement learning … (RLHF)", "flash attention" / "FlashAttention", …).
    expect(seedCards.length).toBeGreaterThanOrEqual(240);
    expect(seedCards.length).toBeLessThanOrEqual(303);
    expect(seedCards.length).toBe(289);
    const topics = seedCards.map((c) => normalizeForMatch(c.question));
    expect(new Set(topics).size).toBe(topics.length);
    expect(seed.stats.merged).toBe(740 - 289);
    expect(seed.diagnostics.filter((d) => d.rule === "duplicate-merged")).toHaveLength(451);
  });

  it("keeps look-alike questions apart", () => {
    const q = (s: string) => seedCards.filter((c) => c.question === s);
    for (const s of ["What is top-k sampling?", "What is nucleus (top-p) sampling?", "What is FlashAttention?", "What is FlashAttention-2?", "What is TensorRT?", "What is TensorRT-LLM?", "What is Adam optimizer?", "What is AdamW?"]) {
      expect(q(s), s).toHaveLength(1);
    }
  });

  it("keeps every copy's source and every different answer with its source line", () => {
    const transformer = seedCards.find((c) => c.question === "What is a Transformer?")!;
    expect(transformer.sources.map((s) => s.line)).toEqual([7, 5226]);
    expect(transformer.group).toBeTruthy();
    const flash = seedCards.find((c) => c.question === "What is FlashAttention?")!;
    expect(flash.sources.length).toBeGreaterThanOrEqual(8); // 4 copies in copy 1 + "flash attention", twice
    expect(flash.alternatives.length).toBeGreaterThanOrEqual(4);
    for (const c of seedCards) {
      for (const a of c.alternatives) {
        expect(c.sources).toContainEqual(a.source);
        expect(seedText.split("\n")[a.source.line - 1]).toMatch(/Q:/);
      }
    }
  });

  it("loses no answer paragraph of the source", () => {
    const lines = seedText.split("\n");
    const excluded = new Set<number>();
    for (const d of seed.diagnostics) {
      if (d.rule === "chat-chatter") {
        const [, a, b] = /lines (\d+)–(\d+)/.exec(d.message)!;
        for (let i = Number(a); i <= Number(b); i++) excluded.add(i);
      }
      if (d.rule === "pasted-math") {
        excluded.add(d.line); // dropped junk, or a line that was repaired (checked below)
        for (const m of d.message.matchAll(/line (\d+)/g)) excluded.add(Number(m[1]));
      }
    }
    const haystack = fingerprint(seedCards.flatMap(cardTexts).join("\n\n"));
    const lost: string[] = [];
    lines.forEach((raw, i) => {
      if (excluded.has(i + 1) || !raw.trim()) return;
      let text = raw;
      if (/^\d+\.\s*Q:/.test(raw)) {
        const inline = /\sA:\s*(.*)$/.exec(raw);
        if (!inline) return; // a question line; questions of merged copies are in `sources`
        text = inline[1];
      }
      const f = fingerprint(text);
      if (f && !haystack.includes(f)) lost.push(`${i + 1}: ${raw}`);
    });
    expect(lost).toEqual([]);
    // Repaired lines keep their words.
    expect(haystack).toContain(fingerprint("Mechanics: Only $A$ and $B$ are trainable; base $W$ frozen."));
    expect(haystack).toContain(fingerprint("Formula: Adds $\\lambda \\|W\\|_2^2$ to loss function."));
  });

  it("removes all chat chatter", () => {
    expect(seed.stats.chatterBlocks).toBe(35);
    for (const c of seedCards) {
      for (const t of cardTexts(c)) {
        for (const s of CHATTER) expect(t.includes(s), `${c.source.line}: "${s}"`).toBe(false);
      }
    }
  });

  it("reduces pasted math to one well-formed formula per group, and every span parses", () => {
    expect(seed.stats.mathGroupsReduced).toBe(28);
    // the pasted math is in the first copy's answer, which the export flattened (see "formatted" below)
    const ln = firstCopyAnswer(seedCards.find((c) => c.question === "What is layer normalization?")!);
    expect(ln).toContain("$$y = \\frac{x - \\mu}{\\sigma} \\cdot \\gamma + \\beta$$");
    expect(ln).not.toContain("$$y = \\sigma$$");
    expect(ln).not.toContain("$$x - \\mu$$");
    const residual = firstCopyAnswer(seedCards.find((c) => c.question === "What is residual connection?")!);
    expect(residual.split("$$y = x + f(x)$$")).toHaveLength(2);
    let spans = 0;
    for (const c of seedCards) {
      for (const t of cardTexts(c)) {
        const prose = t.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
        for (const s of mathSpans(prose)) {
          spans++;
          expect(() => katex.renderToString(s.tex, { throwOnError: true, displayMode: s.display }), `${c.source.line}: ${s.tex}`).not.toThrow();
        }
        // No line that is a lone fragment such as "$)$", "m_t" or "\prod".
        expect(prose).not.toMatch(/^\s*(?:\$\$?\)\$?\$|\\prod|m_t|η_t|logP)\s*$/m);
      }
    }
    expect(spans).toBeGreaterThan(80);
    expect(JSON.stringify(seedCards)).not.toMatch(/\\rightarrow gives attention/);
  });

  it("tidies export artefacts: code put back in one fence, copy 2's bullets kept, no empty bullets", () => {
    const transformer = seedCards.find((c) => c.question === "What is a Transformer?")!;
    expect(firstCopyAnswer(transformer)).toContain("```\nimport torch.nn as nn\nattention = nn.MultiheadAttention(embed_dim=512, num_heads=8)\n```");
    const copy2 = transformer.answer!;
    expect(copy2).toContain("- **Core idea:**");
    expect(copy2).toContain("```python\nimport torch.nn as nn");
    expect(copy2).not.toMatch(/^Python$/m);
    for (const c of seedCards) for (const t of cardTexts(c)) expect(t).not.toMatch(/^\s*-\s*$/m);
  });

  it("shows first the answer whose Markdown survived the export, keeping the flattened one", () => {
    const hasList = (t: string) => /^\s*(?:[-*+]|\d+[.)])\s+\S/m.test(t);
    let promoted = 0;
    for (const c of seedCards) {
      if (c.answer === null) continue;
      // a list in any copy's answer means the answer shown first has one
      if (c.alternatives.some((a) => hasList(a.answer))) expect(hasList(c.answer), c.question).toBe(true);
      if (c.alternatives.some((a) => a.source.line === c.source.line)) promoted++;
    }
    expect(promoted).toBe(25);
  });

  it("reports diagnostics with file and line, and no errors or warnings", () => {
    for (const d of seed.diagnostics) {
      expect(d.file).toBe(SEED);
      expect(d.line).toBeGreaterThanOrEqual(1);
    }
    expect(seed.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  });

  it("uses the file name as the deck", () => {
    expect(new Set(seedCards.map((c) => c.deck.join("/")))).toEqual(new Set(["LLM interview chat export"]));
  });
});

describe("chat-export detect", () => {
  it("is sure about chat exports", () => {
    expect(chatExportDialect.name).toBe("chat-export");
    expect(chatExportDialect.detect(seedText)).toBeGreaterThanOrEqual(0.9);
    expect(chatExportDialect.detect("You asked:\n\n1. Q: What is BPE?\n\nA:\n\nMerging.\n\nChatGPT said:\n\nok")).toBeGreaterThanOrEqual(0.9);
  });

  it("is low for the other seeds and dialects", () => {
    for (const f of ["rnn-and-fundamentals-qa.md", "study-questions-and-sentence-starters.md", "transformers-review-outline.md", "tests/building-a-gpt-from-scratch.md"]) {
      expect(chatExportDialect.detect(readFileSync(path.join(root, "content", f), "utf8")), f).toBeLessThan(0.3);
    }
    expect(chatExportDialect.detect("Q: What is attention?\nA: Weighting.\n\nQ: Why?\nA: Context.")).toBeLessThan(0.3);
    expect(chatExportDialect.detect("# Transformers\n## Attention\n1) What is attention?\n    Weighting.")).toBeLessThan(0.3);
    expect(chatExportDialect.detect("# Test\n### 1. Embeddings\n- a) What is it?\n---\n### 2. Heads")).toBeLessThan(0.3);
    expect(chatExportDialect.detect("What is a token? What is a logit? The cat sat on the")).toBeLessThan(0.3);
    expect(chatExportDialect.detect("")).toBeLessThan(0.3);
  });
});

describe("chat-export on small made-up files", () => {
  const file = "made-up/chat.md";

  it("handles BOM, CRLF, chatter, duplicates, math junk and odd indentation", () => {
    const text =
      "\uFEFF" +
      [
        "You asked:", // 1
        "", // 2
        "Expanded Q&A (1–2)", // 3
        "", // 4
        "1. Q: What is a residual connection?", // 5
        "", // 6
        "A:", // 7
        "", // 8
        "   It adds the input to the output.", // 9 (odd indentation)
        "", // 10
        "$$y = x + f(x)$$", // 11
        "", // 12
        "$$y = x + f(x)$$", // 13
        "", // 14
        "$$+ f(x)$$", // 15
        "", // 16
        "2. Q: What is top-k sampling?", // 17
        "A: Sample among the k most likely tokens.", // 18
        "", // 19
        "✅ That's 1–2 done.", // 20
        "", // 21
        "Want me to push 3–4?", // 22
        "", // 23
        "You said:", // 24
        "", // 25
        "yes", // 26
        "", // 27
        "1. Q: What is a residual connection? A: It adds the input to the output.", // 28
        "", // 29
        "- **Formula:** $y = x + f(x)$", // 30
        " - **Why:** gradients flow.", // 31
        "-", // 32
        "", // 33
        "3. Q: What is top-p sampling? A: Sample from the smallest set with mass p.", // 34
      ].join("\r\n");
    const r = parseChatExport(text, file);
    const cards = r.items as CardItem[];
    expect(cards.map((c) => c.question)).toEqual(["What is a residual connection?", "What is top-k sampling?", "What is top-p sampling?"]);
    const [res, topK, topP] = cards;
    expect(res.source).toEqual({ file, line: 5 });
    // the second copy kept its bullets, so it is the answer shown first; the first copy's is kept
    expect(res.answer).toBe("It adds the input to the output.\n\n- **Formula:** $y = x + f(x)$\n - **Why:** gradients flow.");
    expect(res.alternatives).toEqual([{ answer: "It adds the input to the output.\n\n$$y = x + f(x)$$", source: { file, line: 5 } }]);
    expect(res.sources.map((s) => s.line)).toEqual([5, 28]);
    expect(topK.answer).toBe("Sample among the k most likely tokens.");
    expect(topP.source.line).toBe(34);
    for (const t of cards.flatMap(cardTexts)) {
      expect(t).not.toMatch(/\r|\uFEFF|You said|Want me|✅|^yes$/m);
    }
    const rules = r.diagnostics.map((d) => `${d.rule}@${d.line}`);
    expect(rules).toEqual(expect.arrayContaining(["chat-chatter@1", "chat-chatter@20", "pasted-math@13", "pasted-math@15", "duplicate-merged@28"]));
  });

  it("keeps a file without chatter as it is, and warns about a question with no answer", () => {
    const r = parseChatExport("1. Q: What is BPE?\nA:\nMerging pairs.\n\n2. Q: What is WordPiece?\n", file);
    expect((r.items as CardItem[]).map((c) => [c.question, c.answer])).toEqual([
      ["What is BPE?", "Merging pairs."],
      ["What is WordPiece?", null],
    ]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ rule: "no-answer", severity: "warning", line: 5 })]);
  });

  it("promotes a formatted alternative only over an answer without lists", () => {
    const file = "x.md";
    const base = { ...parseChatExport("1. Q: What is dropout?\nA:\nIt zeroes units.\n", file).items[0] } as CardItem;
    const flat = { ...base, answer: "Idea: zero units.\nWhy: less co-adaptation.", alternatives: [{ answer: "- **Idea:** zero units\n- **Why:** less co-adaptation", source: { file, line: 9 } }] };
    expect(preferFormattedAnswer(flat)).toMatchObject({
      answer: "- **Idea:** zero units\n- **Why:** less co-adaptation",
      alternatives: [{ answer: "Idea: zero units.\nWhy: less co-adaptation.", source: base.source }],
    });
    const listed = { ...flat, answer: "1. zero units\n2. rescale" };
    expect(preferFormattedAnswer(listed)).toBe(listed);
    const noneFormatted = { ...flat, alternatives: [{ answer: "Plain text too.", source: { file, line: 9 } }] };
    expect(preferFormattedAnswer(noneFormatted)).toBe(noneFormatted);
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), (s) => {
        const r = chatExportDialect.parse(s, file);
        expect(Array.isArray(r.items)).toBe(true);
        const d = chatExportDialect.detect(s);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on text made of chat-export pieces", () => {
    const piece = fc.constantFrom(
      "You asked:", "ChatGPT said:", "1. Q: What is x?", "Q: What is x? A: y", "A:", "A: z", "", "```", "$$", "$$a = b$$",
      "$a$", "$)$", "AA", "A and BB", "B to", "✅ That's 1–2 done.", "- ", "-", "Python", "\\rightarrow", "\r", "\uFEFF", "   indented",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 20 })), { maxLength: 60 }), (parts) => {
        const r = chatExportDialect.parse(parts.join("\n"), file);
        for (const item of r.items) expect(item.kind).toBe("card");
        expect(r.diagnostics.every((d) => d.severity !== "error")).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
