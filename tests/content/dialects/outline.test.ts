import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import katex from "katex";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import { outlineDialect } from "@/lib/content/dialects/outline";
import { removeAuthorTodos } from "@/lib/content/clean/author-todos";
import type { CardItem, ParseResult } from "@/lib/content/types";

const CONTENT = path.resolve(import.meta.dirname, "../../../content");
const SEED = "transformers-review-outline.md";
const seedText = readFileSync(path.join(CONTENT, SEED), "utf8");

const cardsOf = (r: ParseResult) => r.items.filter((i): i is CardItem => i.kind === "card");
const parse = (text: string, file = "made-up.md") => outlineDialect.parse(text, file);
const cardAt = (cards: CardItem[], line: number) => {
  const card = cards.find((c) => c.source.line === line);
  if (!card) throw new Error(`no card at line ${line}`);
  return card;
};

/** Math spans as the renderer will see them (remark-math), with display mode. */
function mathSpans(markdown: string): { tex: string; display: boolean }[] {
  const spans: { tex: string; display: boolean }[] = [];
  const walk = (node: { type: string; value?: string; children?: unknown[] }) => {
    if (node.type === "math" || node.type === "inlineMath") spans.push({ tex: node.value ?? "", display: node.type === "math" });
    for (const child of node.children ?? []) walk(child as typeof node);
  };
  walk(unified().use(remarkParse).use(remarkGfm).use(remarkMath).parse(markdown) as never);
  return spans;
}

describe("outline dialect on seed 003", () => {
  const result = parse(seedText, SEED);
  const cards = cardsOf(result);

  it("reads all 93 questions, 28 with answers", () => {
    expect(result.items).toHaveLength(93);
    expect(cards).toHaveLength(93);
    expect(cards.filter((c) => c.answer !== null)).toHaveLength(28);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(new Set(cards.map((c) => c.source.line)).size).toBe(93);
  });

  it("builds decks from the heading hierarchy under the title H1", () => {
    const dot = cardAt(cards, 12);
    expect(dot.question).toBe("What is the dot product and what does it represent geometrically?");
    expect(dot.deck).toEqual(["Transformers", "Background", "Math Foundations", "Linear Algebra", "Vector Knowledge"]);
    expect(dot.tags).toEqual(["vector-knowledge"]);
    expect(dot.sources).toEqual([{ file: SEED, line: 12 }]);
    expect(cardAt(cards, 142).deck).toEqual(["Transformers", "Background", "Math Foundations", "Calculus and Optimization"]);
    expect(cardAt(cards, 359).deck).toEqual(["Transformers", "Background", "ML Fundamentals", "Neural Networks", "Graph Neural Networks"]);
    expect(cardAt(cards, 365).deck).toEqual(["Transformers", "Background", "ML Fundamentals", "Optimization Algorithms"]);
    expect(cardAt(cards, 440).deck).toEqual(["Transformers", "Basic Transformer Questions (High Level)"]);
    expect(cardAt(cards, 528).deck).toEqual(["Transformers", "Practice Problems", "Attention Mechanics"]);
    expect(cardAt(cards, 561).deck).toEqual(["Transformers", "Coding Exercises"]);
    expect(new Set(cards.map((c) => c.deck.join("/"))).size).toBe(22);
    for (const c of cards) expect(c.deck[0]).toBe("Transformers");
  });

  it("keeps answers as Markdown dedented to column 0, with math, lists and HTML", () => {
    for (const c of cards) {
      expect(c.question).not.toMatch(/^\s/);
      if (c.answer) expect(c.answer.split("\n").every((l) => !/^ {4}/.test(l))).toBe(true);
    }
    const cosine = cardAt(cards, 22).answer!;
    expect(cosine).toMatch(/^Cosine similarity refers/);
    expect(cosine).toContain("$$\\cos (\\theta) = \\frac{a \\cdot b}{||a|| \\ ||b||}$$");
    expect(cosine).toMatch(/only the direction!$/);
    const projection = cardAt(cards, 30).answer!;
    expect(projection).toContain('<p align="center">\n<img src="https://upload.wikimedia.org/');
    expect(projection).toMatch(/<\/p>$/);
    expect(cardAt(cards, 59).answer).toContain("\n- $L_1$: Diamond\n");
    expect(cardAt(cards, 309).answer).toBeNull();
    expect(cardAt(cards, 555).answer).toBeNull();
  });

  it("keeps a practice problem's listed data in the question", () => {
    const mlp = cardAt(cards, 510);
    expect(mlp.question).toBe(
      [
        "Given a 2-layer MLP with ReLU, compute the forward pass:",
        "",
        "- Input: x = [1, 2]",
        "- W1 = [[0.5, -0.5], [0.5, 0.5]], b1 = [0, 0]",
        "- W2 = [[1, 1]], b2 = [0]",
        "- Activation: ReLU after layer 1",
        "- Compute: h = ReLU(W1 · x + b1), then y = W2 · h + b2",
      ].join("\n"),
    );
    expect(mlp.answer).toBeNull();
    expect(cardAt(cards, 519).question).toContain("- Learning rate: α = 0.1, momentum: β = 0.9");
    expect(cardAt(cards, 528).question).toContain("- V = [[1, 2], [3, 4]]");
    // The opposite case: a list after a blank line under "...?" is the answer.
    expect(cardAt(cards, 344).answer).toMatch(/^Concrete example in backpropagation:\n- \*\*Forward pass\*\*/);
  });

  it("unwraps the <details> answer to its content", () => {
    expect(cardAt(cards, 440).answer).toBe("Test");
  });

  it("removes author TODOs from card text and reports each with file:line", () => {
    for (const c of cards) {
      expect(c.question).not.toContain("TODO");
      expect(c.answer ?? "").not.toContain("TODO");
    }
    const todos = result.diagnostics.filter((d) => d.rule === "author-todo");
    expect(todos.map((d) => d.line)).toEqual([57, 77, 103, 104, 138, 162, 171, 452, 455, 460]);
    for (const d of todos) {
      expect(d).toMatchObject({ file: SEED, severity: "info" });
      expect(d.message).toContain("TODO");
    }
    expect(todos[1].message).toContain("can explore these with more questions");
    expect(cardAt(cards, 73).answer).toMatch(/\\leq \|\|u\|\| \+ \|\|v\|\|\$$/); // inline note cut, math intact
    expect(cardAt(cards, 95).answer).toMatch(/for all samples simultaneously\.$/);
    expect(cardAt(cards, 450).answer).toBeNull(); // only a TODO followed it
  });

  it("reads the unindented answer to the SGD question, with a warning", () => {
    expect(cardAt(cards, 365).answer).toMatch(/^The noise averages out to 0/);
    expect(cardAt(cards, 368).question).toMatch(/^Derive the momentum update rule/);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ line: 367, severity: "warning", rule: "outline-unindented-answer" }),
    );
  });

  it("notes repeated numbers and text that students never see", () => {
    const numbering = result.diagnostics.filter((d) => d.rule === "outline-numbering").map((d) => d.line);
    expect(numbering).toEqual([354, 377]);
    const unused = result.diagnostics.filter((d) => d.rule === "outline-unused-text").map((d) => d.line);
    expect(unused).toEqual([3, 464, 551]);
  });

  it("produces math that KaTeX renders", () => {
    const failures: string[] = [];
    let count = 0;
    for (const c of cards) {
      for (const md of [c.question, c.answer ?? ""]) {
        for (const { tex, display } of mathSpans(md)) {
          count++;
          try {
            katex.renderToString(tex, { throwOnError: true, displayMode: display });
          } catch (err) {
            failures.push(`line ${c.source.line}: ${tex}: ${(err as Error).message}`);
          }
        }
      }
    }
    expect(count).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  });

  it("is detected as an outline, and other seeds are not", () => {
    expect(outlineDialect.detect(seedText)).toBeGreaterThan(0.8);
    for (const other of [
      "rnn-and-fundamentals-qa.md",
      "study-questions-and-sentence-starters.md",
      "llm-interview-chat-export.md",
      "tests/building-a-gpt-from-scratch.md",
    ]) {
      expect(outlineDialect.detect(readFileSync(path.join(CONTENT, other), "utf8")), other).toBeLessThan(0.2);
    }
  });
});

describe("outline dialect on made-up files", () => {
  it("handles a BOM and CRLF line endings with the same lines and text", () => {
    const lf = "# Deck\n\n## Part\n1) First?\n\n    Answer one.\n\n2) Second?\n";
    const crlf = "\uFEFF" + lf.replace(/\n/g, "\r\n");
    const a = parse(lf);
    const b = parse(crlf);
    expect(b).toEqual(a);
    const cards = cardsOf(b);
    expect(cards.map((c) => [c.source.line, c.question, c.answer])).toEqual([
      [4, "First?", "Answer one."],
      [8, "Second?", null],
    ]);
    expect(cards[0].deck).toEqual(["Deck", "Part"]);
    expect(cards[0].question).not.toContain("\r");
  });

  it.each([
    ["tabs", "\t"],
    ["2 spaces", "  "],
    ["3 spaces", "   "],
    ["4 spaces", "    "],
    ["8 spaces", "        "],
  ])("dedents answers indented with %s", (_name, pad) => {
    const text = ["# Deck", "1) Q?", "", `${pad}Line one with $x^2$.`, `${pad}- item`, `${pad}  - nested`, "", `${pad}Last.`, "2) Next?"].join("\n");
    const cards = cardsOf(parse(text));
    expect(cards).toHaveLength(2);
    expect(cards[0].answer).toBe("Line one with $x^2$.\n- item\n  - nested\n\nLast.");
    expect(cards[1]).toMatchObject({ question: "Next?", answer: null, source: { line: 9 } });
  });

  it("keeps a `1)` list nested in a 2-space answer inside the answer", () => {
    const cards = cardsOf(parse("1) Steps?\n\n  1) first\n  2) second\n2) Other?\n"));
    expect(cards.map((c) => c.question)).toEqual(["Steps?", "Other?"]);
    expect(cards[0].answer).toBe("1) first\n2) second");
  });

  it("names the root deck after the file when there is no title H1", () => {
    const cards = cardsOf(parse("## Basics\n1) Why?\n", "notes/attention-basics.md"));
    expect(cards[0].deck).toEqual(["Attention basics", "Basics"]);
    expect(cards[0].tags).toEqual(["basics"]);
    expect(cardsOf(parse("1) Bare?\n", "bare.md"))[0].deck).toEqual(["Bare"]);
  });

  it("removes whole-line and inline TODOs and reports them", () => {
    const text = [
      "# Deck", //                                    1
      "1) What is X? (TODO reword)", //               2
      "", //                                          3
      "    X is a thing (TODO cite f(x) source).", // 4
      "", //                                          5
      "    TODO: add an example", //                  6
      "", //                                          7
      "    More text.", //                            8
      "    ```python", //                             9
      "    # TODO inside code stays", //             10
      "    TODO also stays in code", //               11
      "    ```", //                                  12
    ].join("\n");
    const r = parse(text);
    const [card] = cardsOf(r);
    expect(card.question).toBe("What is X?");
    expect(card.answer).toBe("X is a thing.\n\nMore text.\n```python\n# TODO inside code stays\nTODO also stays in code\n```");
    const todos = r.diagnostics.filter((d) => d.rule === "author-todo");
    expect(todos.map((d) => [d.line, d.column, d.severity])).toEqual([
      [2, 15, "info"],
      [4, 18, "info"],
      [6, 5, "info"],
    ]);
    expect(todos[1].message).toContain("TODO cite f(x) source");
    expect(todos[2].message).toContain("TODO: add an example");
  });

  it("gives an open card when the only answer text is a TODO, and drops TODO-only questions", () => {
    const r = parse("# D\n1) Open?\n\nTODO: write the answer\n2) TODO write this question\n3) Real?\n");
    const cards = cardsOf(r);
    expect(cards.map((c) => [c.question, c.answer])).toEqual([
      ["Open?", null],
      ["Real?", null],
    ]);
    expect(r.diagnostics.filter((d) => d.rule === "author-todo").map((d) => d.line)).toEqual([4, 5]);
    expect(r.diagnostics.some((d) => d.rule === "outline-unindented-answer")).toBe(false);
  });

  it("takes the inner content of a <details> answer, without its summary", () => {
    const text = "# D\n1) Why?\n\n   <details><summary>Answer</summary>\n\n    Because **math**: $a^2$.\n\n    - point\n   </details>\n";
    expect(cardsOf(parse(text))[0].answer).toBe("Because **math**: $a^2$.\n\n- point");
    // directly under the question, without a blank line
    expect(cardsOf(parse("1) Why?\n<details>\n<summary>Solution</summary>\nIt is.\n</details>\n"))[0]).toMatchObject({
      question: "Why?",
      answer: "It is.",
    });
    // a meaningful summary is kept with its block
    const kept = cardsOf(parse("1) Why?\n\n    <details><summary>Proof sketch</summary>\n    Induction.\n    </details>\n"))[0];
    expect(kept.answer).toBe("<details><summary>Proof sketch</summary>\nInduction.\n</details>");
  });

  it("warns about an unclosed <details> and keeps its text", () => {
    const r = parse("1) Why?\n\n    <details><summary>Answer</summary>\n    Because.\n");
    expect(cardsOf(r)[0].answer).toBe("<details><summary>Answer</summary>\nBecause.");
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ rule: "outline-details", line: 2, severity: "warning" }));
  });

  it("leaves an unanswered question open", () => {
    const cards = cardsOf(parse("# D\n## S\n1) Alone?\n\n\n## T\n1) Next?"));
    expect(cards.map((c) => [c.question, c.answer, c.deck])).toEqual([
      ["Alone?", null, ["D", "S"]],
      ["Next?", null, ["D", "T"]],
    ]);
  });

  it("keeps a problem's data list in the question, attached or after a blank line", () => {
    const attached = cardsOf(parse("1) Compute y:\n   - x = 2\n   - w = 3\n\n    y = 6\n"))[0];
    expect(attached).toMatchObject({ question: "Compute y:\n\n- x = 2\n- w = 3", answer: "y = 6" });
    const separated = cardsOf(parse("1) Compute y:\n\n    - x = 2\n    - w = 3\n\n    $y = 6$\n"))[0];
    expect(separated).toMatchObject({ question: "Compute y:\n\n- x = 2\n- w = 3", answer: "$y = 6$" });
    const dataOnly = cardsOf(parse("1) Compute y:\n\n    - x = 2\n"))[0];
    expect(dataOnly).toMatchObject({ question: "Compute y:\n\n- x = 2", answer: null });
    // a question that asks for a list gets its list as the answer
    const listed = cardsOf(parse("1) Name two norms?\n\n    - L1\n    - L2\n"))[0];
    expect(listed).toMatchObject({ question: "Name two norms?", answer: "- L1\n- L2" });
  });

  it("does not read headings or questions inside code fences", () => {
    const text = "# D\n1) Show code?\n\n  ```\n# not a heading\n1) not a question\n  ```\n2) Next?\n";
    const cards = cardsOf(parse(text));
    expect(cards).toHaveLength(2);
    expect(cards[0].answer).toContain("# not a heading");
    expect(cards[0].deck).toEqual(["D"]);
  });

  it("takes an explicit card id from an HTML comment", () => {
    const [card] = cardsOf(parse("1) Q?\n<!-- id: dot-product -->\n\n    A.\n"));
    expect(card).toMatchObject({ explicitId: "dot-product", question: "Q?", answer: "A." });
  });

  it("scores other dialects low", () => {
    const d = outlineDialect.detect;
    expect(d("# Notes\n\n1) What?\n\n    This.\n\n2) Why?\n3) How?\n")).toBeGreaterThan(0.6);
    expect(d("Q: What is x?\nA: A thing.\n\nQ: Why?\nA: Because.\n")).toBe(0);
    expect(d("1) Q: What is x?\nA: y\n2) Q: Why?\nA: z\n")).toBeLessThan(0.3);
    expect(d("# Test\n\n### 1. Tokenization\n\nText\n\n- a) part\n\n### 2. Embeddings\n")).toBe(0);
    expect(d("You asked:\n\n1) What is a transformer?\n\nChatGPT said:\n\n1. Q: What?\nA: this\n")).toBeLessThan(0.2);
    expect(d("1) Explain attention What is softmax? Describe layer norm Once upon a time")).toBeLessThan(0.2);
    expect(d("")).toBe(0);
  });
});

describe("author TODO cleaning on its own", () => {
  it("maps lines from the given start line and collapses the gap a removed line leaves", () => {
    const r = removeAuthorTodos("a\n\nTODO x\n\nb (TODO y\nc (TODO z) d (TODO w)", "f.md", 10, 5);
    expect(r.text).toBe("a\n\nb\nc d");
    expect(r.diagnostics.map((d) => [d.line, d.column, d.rule, d.message])).toEqual([
      [12, 1, "author-todo", "Author note hidden from students: TODO x"],
      [14, 3, "author-todo", "Author note hidden from students: TODO y"],
      [15, 3, "author-todo", "Author note hidden from students: TODO z"],
      [15, 14, "author-todo", "Author note hidden from students: TODO w"],
    ]);
    expect(removeAuthorTodos("x (TODO y)", "f.md", 3, 5).diagnostics[0].column).toBe(7);
  });

  it("leaves lower-case todo and TODOS alone", () => {
    const text = "a todo list\nTODOS are fine (TODOS too)";
    expect(removeAuthorTodos(text, "f.md", 1)).toEqual({ text, diagnostics: [] });
  });
});

describe("outline parser never throws", () => {
  const check = (text: string) => {
    const r = outlineDialect.parse(text, "fuzz.md");
    expect(Array.isArray(r.items)).toBe(true);
    for (const c of cardsOf(r)) {
      expect(c.deck.length).toBeGreaterThan(0);
      expect(c.question.trim()).not.toBe("");
      expect(c.source.line).toBeGreaterThanOrEqual(1);
    }
    for (const d of r.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
    const score = outlineDialect.detect(text);
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(1);
  };

  it("on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), check), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 400 }), check), { numRuns: 300 });
  });

  it("on arbitrary mixes of outline-like lines", () => {
    const piece = fc.constantFrom(
      "# Title", "## Section", "#### Deep", "#", "1) Question?", "12) Another one:", "  3) nested",
      "\t4) tabbed", "", "   ", "    Answer line", "\tTabbed answer", "  two-space answer", "   - data item",
      "    - answer item", "TODO: note", "    TODO fix", "text (TODO inline", "text (TODO (nested) x) end",
      "<details><summary>Answer</summary>", "</details>", "   <details>", "```", "~~~", "    ```js",
      "$$", "$x$", "<!-- id: x -->", "\r", "\uFEFF", "1)", "1) ", "Q: A:", "You asked:",
    );
    const line = fc.oneof(piece, fc.string({ maxLength: 20 }));
    const doc = fc.tuple(fc.array(line, { maxLength: 40 }), fc.constantFrom("\n", "\r\n", "\r")).map(([ls, nl]) => ls.join(nl));
    fc.assert(fc.property(doc, check), { numRuns: 500 });
  });
});
