import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comprehensionTestDialect } from "@/lib/content/dialects/comprehension-test";
import type { TestItem } from "@/lib/content/types";

const CONTENT = path.resolve(import.meta.dirname, "../../../content");
const SEED = "tests/building-a-gpt-from-scratch.md";
const read = (file: string) => readFileSync(path.join(CONTENT, file), "utf8");
const parse = (text: string, file = "made-up.md") => comprehensionTestDialect.parse(text, file);
const testOf = (text: string) => parse(text).items[0] as TestItem;

describe("comprehension-test on seed 002", () => {
  const result = parse(read(SEED), SEED);
  const test = result.items[0] as TestItem;

  it("reads one test with its title, slug, intro and no time limit", () => {
    expect(result.items).toHaveLength(1);
    expect(result.diagnostics).toEqual([]);
    expect(test.kind).toBe("test");
    expect(test.title).toBe("Comprehension Test: Building a GPT from Scratch");
    expect(test.slug).toBe("comprehension-test-building-a-gpt-from-scratch");
    expect(test.instructions).toBe(
      "Answer these questions based on what you learned building this project. The goal isn't to recite code — it's to confirm you could explain these concepts to someone else.",
    );
    expect(test.timeLimitMinutes).toBeNull();
    expect(test.tags).toEqual([]);
    expect(test.source).toEqual({ file: SEED, line: 1 });
  });

  it("reads 20 numbered questions with titles and source lines", () => {
    expect(test.questions.map((q) => q.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(test.questions[0]).toMatchObject({ title: "Tokenization", source: { file: SEED, line: 7 } });
    expect(test.questions[3].title).toBe("Q, K, V — In Your Own Words");
    expect(test.questions[19].title).toBe("The Mechanical Sympathy Question");
    expect(test.questions.every((q) => q.rubric === null && q.prompt.length > 0)).toBe(true);
    expect(test.questions.every((q) => !q.prompt.includes("---"))).toBe(true);
  });

  it("splits lettered parts off the prompt (question 3 has five, question 6 two)", () => {
    const q3 = test.questions[2];
    expect(q3.parts.map((p) => p.label)).toEqual(["a", "b", "c", "d", "e"]);
    expect(q3.parts[0].prompt).toBe("After `Embeddings.forward()`");
    expect(q3.parts[4].prompt).toBe("After `MiniGPT.forward()` (the final output)");
    expect(q3.prompt.endsWith("what is the shape after each of these stages?")).toBe(true);
    const q6 = test.questions[5];
    expect(q6.parts.map((p) => p.label)).toEqual(["a", "b"]);
    expect(q6.prompt).toBe(
      "The causal mask sets upper-triangle entries to negative infinity *before* softmax. Two-part question:",
    );
    expect(q6.parts[0].prompt).toBe("Why negative infinity specifically (as opposed to, say, zero)?");
    const withParts = test.questions.filter((q) => q.parts.length > 0).map((q) => [q.number, q.parts.length]);
    expect(withParts).toEqual([[3, 5], [6, 2], [8, 2], [9, 2], [11, 2], [17, 2], [18, 2]]);
  });

  it("keeps code fences and multi-paragraph prompts", () => {
    expect(test.questions[8].prompt).toBe(
      "In `Transformer.forward()`, the pattern is:\n\n```\nattended = input + attention(layernorm(input))\noutput   = attended + ffn(layernorm(attended))\n```",
    );
    expect(test.questions[6].prompt.split("\n\n")).toHaveLength(2);
  });
});

describe("comprehension-test on made-up files", () => {
  const small = "# Quiz One\n\nTake your time.\n\n---\n\n### 1. First\n\nWhat is x?\n\n---\n\n### 2. Second\n\nParts:\n\n- a) one\n- b) two\n";

  it("reads BOM and CRLF like LF", () => {
    const crlf = "\uFEFF" + small.replace(/\n/g, "\r\n");
    expect(parse(crlf)).toEqual(parse(small));
    expect(testOf(crlf).questions.map((q) => [q.number, q.source.line])).toEqual([[1, 7], [2, 13]]);
  });

  it("reads odd indentation, trailing spaces, unbulleted and continued parts", () => {
    const t = testOf("# T  \n\n## 1) Odd   \n\n   Indented prompt   \n  -   a)   spaced part   \n      continued here\n(b) no bullet\nc) bare\n\nBack in the prompt.\n");
    const q = t.questions[0];
    expect(q.title).toBe("Odd");
    expect(q.prompt).toBe("Indented prompt\n\nBack in the prompt.");
    expect(q.parts).toEqual([
      { label: "a", prompt: "spaced part\ncontinued here" },
      { label: "b", prompt: "no bullet" },
      { label: "c", prompt: "bare" },
    ]);
  });

  it("reads an author rubric (bold or plain) to the end of the question", () => {
    const t = testOf(
      "# T\n\n### 1. A\n\nWhy?\n\n**Rubric:** mentions variance\n- and scale\n\n---\n\n### 2. B\n\nHow?\n- a) part\n\nRubric:\nkey points\n",
    );
    expect(t.questions[0]).toMatchObject({ prompt: "Why?", rubric: "mentions variance\n- and scale" });
    expect(t.questions[1]).toMatchObject({ prompt: "How?", parts: [{ label: "a", prompt: "part" }], rubric: "key points" });
  });

  it("reads the time limit, id and tags from front matter", () => {
    const t = testOf("---\ntime_limit_minutes: 45\nid: My Test\ntags: [GPT, Basics]\n---\n# Title\n\n### 1. Q\n\nText\n");
    expect(t).toMatchObject({ timeLimitMinutes: 45, slug: "my-test", tags: ["gpt", "basics"], title: "Title" });
    expect(t.questions[0].source.line).toBe(8);
    expect(testOf("---\ntimeLimitMinutes: '20'\n---\n# T\n### 1. Q\nText\n").timeLimitMinutes).toBe(20);
  });

  it("treats a leading --- followed by prose as a rule, not front matter", () => {
    const t = testOf("---\nJust an intro.\n---\n# T\n\n### 1. Q\n\nText\n");
    expect(t.timeLimitMinutes).toBeNull();
    expect(t.instructions).toBe("Just an intro.");
  });

  it("reports bad front matter and bad time limits without throwing", () => {
    const bad = parse("---\ntime_limit_minutes: [1, 2\n---\n# T\n### 1. Q\nText\n");
    expect(bad.diagnostics.map((d) => [d.line, d.severity, d.rule])).toEqual([[1, "error", "front-matter"]]);
    expect((bad.items[0] as TestItem).questions).toHaveLength(1);
    const neg = parse("---\ntime_limit_minutes: -5\n---\n# T\n### 1. Q\nText\n");
    expect(neg.diagnostics.map((d) => [d.severity, d.rule])).toEqual([["warning", "test-time-limit"]]);
    expect((neg.items[0] as TestItem).timeLimitMinutes).toBeNull();
  });

  it("reports numbering gaps, duplicate numbers, part order and unnumbered headings", () => {
    const r = parse("# T\n### 1. A\nx\n### 3. C\n- b) wrong\n### 3. D\ny\n#### Extra\nz\n");
    expect(r.diagnostics.map((d) => [d.line, d.severity, d.rule])).toEqual([
      [8, "warning", "test-unnumbered-heading"],
      [4, "warning", "test-numbering"],
      [5, "warning", "test-part-order"],
      [6, "warning", "test-numbering"],
    ]);
    expect((r.items[0] as TestItem).questions[2].prompt).toBe("y\n#### Extra\nz");
  });

  it("ignores headings and rules inside code fences", () => {
    const t = testOf("# T\n### 1. A\n```\n### 2. not a question\n---\n- a) not a part\n```\n");
    expect(t.questions).toHaveLength(1);
    expect(t.questions[0].parts).toEqual([]);
    expect(t.questions[0].prompt).toBe("```\n### 2. not a question\n---\n- a) not a part\n```");
  });

  it("reports empty questions, a missing title and a file without questions", () => {
    const r = parse("Intro only\n\n### 1. Empty\n\n---\n\n### 2. Fine\nText\n", "tests/my-quiz.md");
    const t = r.items[0] as TestItem;
    expect(t.title).toBe("My quiz");
    expect(t.instructions).toBe("Intro only");
    expect(t.questions.map((q) => q.number)).toEqual([2]);
    expect(r.diagnostics.map((d) => [d.line, d.severity, d.rule])).toEqual([
      [1, "warning", "test-missing-title"],
      [3, "error", "test-empty-question"],
    ]);
    const none = parse("# Just a title\n\nSome text.\n");
    expect(none.items).toEqual([]);
    expect(none.diagnostics.map((d) => [d.line, d.severity, d.rule])).toEqual([[1, "error", "test-no-questions"]]);
  });
});

describe("comprehension-test detect", () => {
  it("is sure about seed 002 and not about the other seeds", () => {
    expect(comprehensionTestDialect.detect(read(SEED))).toBeGreaterThan(0.9);
    for (const f of ["rnn-and-fundamentals-qa.md", "study-questions-and-sentence-starters.md", "transformers-review-outline.md", "llm-interview-chat-export.md"])
      expect(comprehensionTestDialect.detect(read(f))).toBeLessThan(0.2);
  });
  it("is low for an outline and a chat export in miniature", () => {
    expect(comprehensionTestDialect.detect("# Deck\n## Topic\n1) What is it?\n\n    An answer.\n2) Why?\n")).toBeLessThan(0.2);
    expect(comprehensionTestDialect.detect("You asked:\n\n1. Q: What is a Transformer?\n\nA:\n\nAn architecture.\n\nChatGPT said:\n")).toBeLessThan(0.2);
  });
});

describe("comprehension-test properties", () => {
  const lineArb = fc.oneof(
    fc.string(),
    fc.constantFrom("---", "# Title", "### 1. One", "## 2) Two", "- a) part", "b) part", "**Rubric:** r", "```", "time_limit_minutes: x", "", "  - c) x", "\r"),
  );

  it("never throws on arbitrary text", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), (text) => {
      parse(text);
      const s = comprehensionTestDialect.detect(text);
      return s >= 0 && s <= 1;
    }), { numRuns: 500 });
  });

  it("on test-shaped noise: never throws, at most one test, diagnostics point at real lines", () => {
    fc.assert(fc.property(fc.array(lineArb, { maxLength: 40 }), (lines) => {
      const text = lines.join("\n");
      const { items, diagnostics } = parse(text);
      const lineCount = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n").length;
      return items.length <= 1 && diagnostics.every((d) => d.line >= 1 && d.line <= lineCount);
    }), { numRuns: 500 });
  });
});
