import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { followUpReason, qaLinesDialect } from "@/lib/content/dialects/qa-lines";
import type { CardItem } from "@/lib/content/types";

const CONTENT = path.resolve(import.meta.dirname, "../../../content");
const SEED = "rnn-and-fundamentals-qa.md";
const read = (file: string) => readFileSync(path.join(CONTENT, file), "utf8");
const parse = (text: string, file = "made-up.md") => qaLinesDialect.parse(text, file);
const cards = (text: string, file?: string) => parse(text, file).items as CardItem[];

describe("qa-lines on seed 000", () => {
  const result = parse(read(SEED), SEED);
  const seed = result.items as CardItem[];
  const deck = "RNN and fundamentals QA";

  it("reads 29 cards and nothing to report", () => {
    expect(seed).toHaveLength(29);
    expect(seed.every((c) => c.kind === "card" && c.answer)).toBe(true);
    expect(result.diagnostics).toEqual([]);
  });

  it("turns --- Section --- lines into sub-decks and tags", () => {
    expect(seed.slice(0, 14).every((c) => c.deck.length === 1 && c.deck[0] === deck && c.tags.length === 0)).toBe(true);
    expect(seed.slice(14, 17).map((c) => c.deck)).toEqual(Array(3).fill([deck, "Few-shot chain example"]));
    expect(seed.slice(14, 17).every((c) => c.tags.join() === "few-shot-chain-example")).toBe(true);
    expect(seed.slice(17).map((c) => c.deck)).toEqual(Array(12).fill([deck, "Balanced topics"]));
    expect(seed[28].tags).toEqual(["balanced-topics"]);
  });

  it("keeps source lines, code fences and inline code", () => {
    expect(seed[0].source).toEqual({ file: SEED, line: 1 });
    expect(seed[0].sources).toEqual([{ file: SEED, line: 1 }]);
    expect(seed[28].source.line).toBe(89);
    const code = seed.find((c) => c.question.startsWith("Show a simple Python function"))!;
    expect(code.answer).toBe("```python\ndef add(a, b):\n    return a + b\n```");
    expect(seed[2].answer).toBe("loss = - Σ y_true * log(y_pred), averaged over all tokens.");
    expect(seed.find((c) => c.question.includes("jax.lax.scan"))!.answer).toContain("`lax.scan` compiles");
  });

  it("marks exactly the cross-entropy follow-ups and groups them with their topic question", () => {
    const followUps = seed.filter((c) => c.context !== null).map((c) => [c.source.line, c.question, c.context]);
    expect(followUps).toEqual([
      [4, "How is it calculated in our RNN?", "What does the cross_entropy_loss function do?"],
      [7, "What is the math formula for cross-entropy?", "How is it calculated in our RNN?"],
      [10, "Why do we use it?", "What is the math formula for cross-entropy?"],
    ]);
    const group = seed[0].group;
    expect(group).toBeTruthy();
    expect(seed.slice(0, 4).every((c) => c.group === group)).toBe(true);
    expect(seed.slice(4).every((c) => c.group === null)).toBe(true);
  });
});

describe("followUpReason", () => {
  it.each([
    ["How is it calculated in our RNN?", false, "pronoun"],
    ["Why do we use it?", false, "pronoun"],
    ["Why is that?", false, "pronoun"],
    ["What are their limits?", false, "pronoun"],
    ["What is the math formula for cross-entropy?", true, "drill-down"],
    ["What is the math formula for cross-entropy?", false, null],
    ["What is perplexity?", true, null],
    ["If x = 3, what is x * 2 + 5?", true, null],
    ["Is it possible to train without a GPU?", false, null],
    ["What is a function that returns two values in Python?", false, null],
    ["Why does `it` appear in the code?", false, null],
  ] as const)("%s (chain open: %s) → %s", (q, open, want) => {
    expect(followUpReason(q, open)).toBe(want);
  });

  it("does not link across sections, and starts a new group per chain", () => {
    const text = [
      "Q: What is softmax?", "A: A normalised exponential.",
      "Q: Why do we use it?", "A: Probabilities.",
      "Q: What is ReLU?", "A: max(0, x)",
      "Q: Why is it popular?", "A: Cheap.",
      "--- Next ---",
      "Q: What about this?", "A: Nothing to refer to.",
    ].join("\n");
    const c = cards(text);
    expect(c.map((x) => x.context)).toEqual([null, "What is softmax?", null, "What is ReLU?", null]);
    expect(c[0].group).toBe(c[1].group);
    expect(c[2].group).toBe(c[3].group);
    expect(c[0].group).not.toBe(c[2].group);
    expect(c[4].group).toBeNull();
  });
});

describe("qa-lines on made-up files", () => {
  it("reads BOM and CRLF like LF, with the same line numbers", () => {
    const lf = "Q: One?\nA: 1\n\n--- Part ---\nQ: Two?\nA: 2\n";
    const crlf = "\uFEFF" + lf.replace(/\n/g, "\r\n");
    expect(parse(crlf)).toEqual(parse(lf));
    expect(cards(crlf).map((c) => [c.source.line, c.question, c.answer])).toEqual([[1, "One?", "1"], [5, "Two?", "2"]]);
  });

  it("accepts indented and bold markers, trims trailing spaces, dedents continuation lines", () => {
    const c = cards("   Q: Indented?   \n\tA: First line  \n      second line\n      third line\n**Q:** Bold?\n**A:** yes\n");
    expect(c.map((x) => [x.question, x.answer])).toEqual([
      ["Indented?", "First line\nsecond line\nthird line"],
      ["Bold?", "yes"],
    ]);
  });

  it("keeps multi-line questions and multi-paragraph answers", () => {
    const c = cards("Q: Compare\nthese two formulas:\n\n$$a=b$$\nA: Para one.\n\nPara two.\n\n\n");
    expect(c[0].question).toBe("Compare\nthese two formulas:\n\n$$a=b$$");
    expect(c[0].answer).toBe("Para one.\n\nPara two.");
  });

  it("never reads markers or separators inside a code fence", () => {
    const c = cards("Q: Show a transcript.\nA:\n~~~\nQ: hi\nA: hello\n--- not a section ---\n~~~\nQ: Next?\nA: ok\n");
    expect(c).toHaveLength(2);
    expect(c[0].answer).toBe("~~~\nQ: hi\nA: hello\n--- not a section ---\n~~~");
    expect(c[1].deck).toEqual(["Made up"]);
  });

  it("keeps a Q: without A: as an open card and says so (info)", () => {
    const r = parse("Q: Open question?\n\nQ: Answered?\nA: yes\n");
    expect((r.items as CardItem[]).map((c) => c.answer)).toEqual([null, "yes"]);
    expect(r.diagnostics).toEqual([
      { file: "made-up.md", line: 1, severity: "info", rule: "qa-open-card", message: expect.any(String) },
    ]);
  });

  it("reports an A: with no question as an error with its line, and a second A: too", () => {
    const r = parse("A: orphan\nQ: Real?\nA: yes\nA: again\n");
    expect(r.items).toHaveLength(1);
    expect(r.diagnostics.map((d) => [d.line, d.severity, d.rule])).toEqual([
      [1, "error", "qa-answer-without-question"],
      [4, "error", "qa-answer-without-question"],
    ]);
  });

  it("reports empty questions (error), empty answers, stray text and unclosed fences (warnings)", () => {
    const r = parse("Intro text\nQ:\nA: lost\nQ: Empty answer?\nA:   \nQ: Code?\nA:\n```\nx\n");
    expect((r.items as CardItem[]).map((c) => [c.question, c.answer])).toEqual([
      ["Empty answer?", null],
      ["Code?", "```\nx"],
    ]);
    expect(r.diagnostics.map((d) => [d.line, d.severity, d.rule]).sort()).toEqual(
      [
        [1, "warning", "qa-stray-text"],
        [8, "warning", "unclosed-fence"],
        [2, "error", "qa-empty-question"],
        [5, "warning", "qa-empty-answer"],
      ].sort(),
    );
  });

  it("reports empty sections as info and keeps later cards in the right section", () => {
    const r = parse("--- Empty ---\n\n--- Also empty ---\n--- Full ---\nQ: In full?\nA: yes\n--- Trailing ---\n");
    expect((r.items as CardItem[])[0].deck).toEqual(["Made up", "Full"]);
    expect(r.diagnostics.map((d) => [d.line, d.rule])).toEqual([
      [1, "qa-empty-section"],
      [3, "qa-empty-section"],
      [7, "qa-empty-section"],
    ]);
  });

  it("returns nothing for an empty file", () => {
    expect(parse("")).toEqual({ items: [], diagnostics: [] });
  });
});

describe("qa-lines detect", () => {
  const others = [
    "study-questions-and-sentence-starters.md",
    "tests/building-a-gpt-from-scratch.md",
    "transformers-review-outline.md",
    "llm-interview-chat-export.md",
  ];
  it("is sure about seed 000 and not about the other seeds", () => {
    expect(qaLinesDialect.detect(read(SEED))).toBeGreaterThan(0.9);
    for (const f of others) expect(qaLinesDialect.detect(read(f))).toBeLessThan(0.2);
  });
  it("leaves Q:/A: blocks under Markdown headings to the canonical dialect (which scores 0.8)", () => {
    expect(qaLinesDialect.detect("# Attention\n\nQ: Why scale?\nA: Variance.\n")).toBeLessThan(0.8);
    expect(qaLinesDialect.detect("Q: Why scale?\nA: Variance.\n```\n# not a heading\n```\n")).toBeGreaterThan(0.9);
  });
  it("is low for an outline and a chat export in miniature", () => {
    expect(qaLinesDialect.detect("# Deck\n## Topic\n1) What is it?\n\n    An answer.\n")).toBeLessThan(0.2);
    expect(qaLinesDialect.detect("You asked:\n\n1. Q: What is a Transformer?\n\nA:\n\nAn architecture.\n\nChatGPT said:\n")).toBeLessThan(0.2);
  });
});

describe("qa-lines properties", () => {
  const lineArb = fc.oneof(
    fc.string(),
    fc.constantFrom("Q: What?", "A: This.", "A:", "Q:", "```", "~~~", "--- Section ---", "---", "", "  Q: x", "**A:** y", "\uFEFF", "\r"),
  );

  it("never throws on arbitrary text", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), (text) => {
      qaLinesDialect.parse(text, "x.md");
      const s = qaLinesDialect.detect(text);
      return s >= 0 && s <= 1;
    }), { numRuns: 500 });
  });

  it("on Q/A-shaped noise: never throws, at most one card per Q:, diagnostics point at real lines", () => {
    fc.assert(fc.property(fc.array(lineArb, { maxLength: 40 }), (lines) => {
      const text = lines.join("\n");
      const { items, diagnostics } = qaLinesDialect.parse(text, "x.md");
      const lineCount = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n").length;
      const qs = (text.match(/Q:/g) ?? []).length;
      return items.length <= qs && diagnostics.every((d) => d.line >= 1 && d.line <= lineCount);
    }), { numRuns: 500 });
  });
});
