import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseContent, parseFile, renderMarkdown, type CardItem, type PromptItem, type TestItem } from "@/lib/content";
import { detectDialect } from "@/lib/content/detect";
import { readContentDir } from "@/lib/ingest/files";

const CONTENT = path.resolve(import.meta.dirname, "../../content");
const seeds = parseContent(readContentDir(CONTENT));
const byFile = (file: string) => seeds.items.filter((i) => ("source" in i ? i.source.file : "") === file);
const cardsOf = (file: string) => byFile(file).filter((i): i is CardItem => i.kind === "card");

describe("the seed content, through the whole pipeline", () => {
  it("detects one dialect per seed", () => {
    expect(Object.fromEntries(seeds.files.map((f) => [f.file, f.dialect]))).toEqual({
      "llm-interview-chat-export.md": "chat-export",
      "rnn-and-fundamentals-qa.md": "qa-lines",
      "study-questions-and-sentence-starters.md": "prompt-list",
      "tests/building-a-gpt-from-scratch.md": "comprehension-test",
      "transformers-review-outline.md": "outline",
    });
  });

  it("has no errors", () => {
    expect(seeds.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("reads the expected items from each seed", () => {
    expect(cardsOf("rnn-and-fundamentals-qa.md")).toHaveLength(29);
    const prompts = byFile("study-questions-and-sentence-starters.md").filter((i): i is PromptItem => i.kind === "prompt");
    expect(prompts).toHaveLength(100);
    expect(prompts.filter((p) => p.promptKind === "question")).toHaveLength(50);
    expect(cardsOf("study-questions-and-sentence-starters.md").every((c) => c.answer === null)).toBe(true);
    const [test] = byFile("tests/building-a-gpt-from-scratch.md") as TestItem[];
    expect(test.questions).toHaveLength(20);
    expect(test.questions[2].parts.map((p) => p.label)).toEqual(["a", "b", "c", "d", "e"]);
    const outline = cardsOf("transformers-review-outline.md");
    expect(outline).toHaveLength(93);
    const chat = cardsOf("llm-interview-chat-export.md");
    expect(chat.length).toBeGreaterThanOrEqual(240);
    expect(chat.length).toBeLessThanOrEqual(303);
  });

  it("never shows author TODOs or chat chatter to students", () => {
    const cards = seeds.items.filter((i): i is CardItem => i.kind === "card");
    for (const c of cards) {
      const text = [c.question, c.answer ?? "", ...c.alternatives.map((a) => a.answer)].join("\n");
      expect(text).not.toMatch(/^\s*TODO\b|\(TODO/m);
      expect(text).not.toMatch(/ChatGPT said:|You asked:|Want me to (push|keep|continue)|✅ That's/);
    }
  });

  it("renders every math span in the seeds with KaTeX", () => {
    const cards = seeds.items.filter((i): i is CardItem => i.kind === "card");
    const errors = cards.flatMap((c) =>
      [c.question, c.answer, c.context, ...c.alternatives.map((a) => a.answer)]
        .filter((t): t is string => !!t)
        .flatMap((t) => renderMarkdown(t, c.source.file, c.source.line).diagnostics),
    );
    expect(errors).toEqual([]);
  });
});

describe("parseFile", () => {
  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.constantFrom("a.md", "dir/b.markdown"), (text, file) => {
        const out = parseFile({ path: file, text });
        expect(Array.isArray(out.items)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on mixtures of every dialect's markers", () => {
    const line = fc.constantFrom(
      "Q: What is it?", "A: It is.", "--- Section ---", "# Title", "### 3. Shapes", "- a) part", "1) question?",
      "    indented answer", "$$x^2$$", "$\\frac{1}{$", "You asked:", "ChatGPT said:", "12. Q: What?", "---", "<details>",
      "TODO fix", "```", "<!-- id: x -->", "", "plain text", "\uFEFF", "\r",
      // issue 12's dialects and bad input
      "**What is it? 👶**", "<br/>", "#### 1) What is X? [[src](http://a.b)]", "Term::Meaning", "A:::B", "?", "??",
      "#flashcards/deck/sub", "<!--SR:!2026-01-01,3,250-->", "A {{c1::cloze::hint}} and ==mark==", "{{c2::$\\frac{1}{2}$", "==open",
      "#separator:tab", "front\tback\tdeck", "A: ```python", "costs $5 and $10", "$ lone", "- - - - - - - - - - - x", "> > > > > > > > > > q",
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        parseFile({ path: "mix.md", text: lines.join("\n") });
      }),
      { numRuns: 300 },
    );
  });

  it("treats BOM and CRLF like plain LF", () => {
    const text = "---\ndeck: D\n---\n# S\nQ: One?\nA: Yes.\n\nQ: Two?\nA: No.\n";
    const plain = parseFile({ path: "a.md", text });
    const crlf = parseFile({ path: "a.md", text: "\uFEFF" + text.replace(/\n/g, "\r\n") });
    expect(crlf.items).toEqual(plain.items);
    expect(plain.items).toHaveLength(2);
  });

  it("applies front matter deck and tags, and reports bad front matter at its line", () => {
    const ok = parseFile({ path: "x.md", text: "---\ndeck: A / B\ntags: [t1, T2]\n---\n# Sub\nQ: q?\nA: a\n" });
    expect(ok.items[0]).toMatchObject({ deck: ["A", "B", "Sub"], tags: expect.arrayContaining(["t1", "t2", "sub"]), source: { line: 6 } });
    const bad = parseFile({ path: "x.md", text: "---\ndeck: A\ntime_limit_minutes: soon\n---\nQ: q?\nA: a\n" });
    expect(bad.diagnostics).toContainEqual(expect.objectContaining({ severity: "error", rule: "front-matter", line: 3 }));
  });

  it("reads directives in any dialect and hides them from students", () => {
    const out = parseFile({
      path: "d.md",
      text: "# T\nQ: Why scale? <!-- id: scale-1 -->\nA: Variance. <!-- widget: attention-scaling -->\n<!-- tags: softmax -->\n\nQ: And then?\n<!-- follow-up -->\nA: More.\n",
    });
    const [a, b] = out.items as CardItem[];
    expect(a).toMatchObject({ explicitId: "scale-1", widgets: ["attention-scaling"], question: "Why scale?", answer: "Variance." });
    expect(a.tags).toContain("softmax");
    expect(b.context).toBe("Why scale?");
    expect(b.group).toBe(a.group);
    expect(b.question).not.toContain("<!--");
  });

  it("falls back to the canonical dialect, which reports what it cannot place", () => {
    expect(detectDialect("A: an answer with no question\n").dialect.name).toBe("canonical");
    const out = parseFile({ path: "x.md", text: "A: an answer with no question\n" });
    expect(out.diagnostics).toContainEqual(expect.objectContaining({ severity: "error", line: 1, file: "x.md" }));
  });

  it("reports duplicate explicit ids across files", () => {
    const out = parseContent([
      { path: "a.md", text: "# A\nQ: one <!-- id: same -->\nA: x\n" },
      { path: "b.md", text: "# B\nQ: two <!-- id: same -->\nA: y\n" },
    ]);
    expect(out.diagnostics).toContainEqual(expect.objectContaining({ rule: "duplicate-id", file: "b.md", line: 2 }));
  });
});

it("content/ holds each of the five seeds, unchanged in substance", () => {
  // The seed originals, byte for byte, kept in the repository so a bare clone tests the same.
  // Authors may add directives (`<!-- widget: ... -->`) to content/; the rest stays as it was.
  const seedsDir = path.resolve(import.meta.dirname, "../fixtures/seeds");
  const norm = (s: string) => s.replace(/\r\n?/g, "\n").replace(/[ \t]*<!--[^\n]*?-->/g, "").trimEnd();
  const seedTexts = fs.readdirSync(seedsDir).map((f) => norm(fs.readFileSync(path.join(seedsDir, f), "utf8")));
  expect(seedTexts).toHaveLength(5);
  const contentTexts = new Set(readContentDir(CONTENT).map((f) => norm(f.text)));
  for (const seed of seedTexts) expect(contentTexts.has(seed)).toBe(true);
});
