/**
 * The four formats authors arrive with (issue 12), each from a realistic file written for the
 * test under tests/fixtures/public/: every question a card, every answer complete, and nothing
 * that is not a card (SR comments, tag lines, sponsors, lecture prose) on any card.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseContent, renderMarkdown, type CardItem } from "@/lib/content";

const DIR = path.resolve(import.meta.dirname, "../fixtures/public");
const files = fs.readdirSync(DIR).map((f) => ({ path: f, text: fs.readFileSync(path.join(DIR, f), "utf8") }));
const content = parseContent(files);
const cardsOf = (file: string) => content.items.filter((i): i is CardItem => i.kind === "card" && i.source.file === file);
const shown = (c: CardItem) => [c.question, c.answer ?? "", c.context ?? "", ...c.alternatives.map((a) => a.answer)].join("\n");

describe("public formats, from realistic files", () => {
  it("detects each file's dialect and reads it without errors or warnings", () => {
    expect(Object.fromEntries(content.files.map((f) => [f.file, f.dialect]))).toEqual({
      "bold-questions.md": "bold-questions",
      "cloze-attention.md": "cloze",
      "heading-questions.md": "heading-questions",
      "obsidian-rnn-lecture.md": "obsidian-sr",
    });
    expect(content.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  });

  it("bold questions: every question a card, difficulty as tags, answers whole", () => {
    const cards = cardsOf("bold-questions.md");
    expect(cards.map((c) => c.question)).toEqual([
      "What is supervised machine learning?",
      "What is regression? Which models can you use to solve a regression problem?",
      "What is linear regression? When do we use it?",
      "What's the normal distribution? Why do we care about it?",
      "What methods for solving linear regression do you know?",
      "Can we have the same bias for all neurons of a hidden layer?",
      "What is the vanishing gradient problem? How do LSTMs help?",
    ]);
    expect(cards.map((c) => c.tags.find((t) => ["easy", "medium", "hard"].includes(t)))).toEqual(["easy", "easy", "easy", "easy", "medium", "medium", "hard"]);
    expect(cards[1].answer).toMatch(/^Regression is a part[\s\S]*- \*Decision Tree Regression\* splits the data set into smaller subsets\.$/);
    expect(cards[3].answer).toBeNull(); // "Answer here": the collection's placeholder
    expect(cards[4].answer).toMatch(/```python[\s\S]*```\n\nFor large data sets, use gradient descent instead\.$/);
    expect(cards[6].answer).toMatch(/LSTMs add a cell state updated additively, so gradients can flow across many steps\.$/);
  });

  it("numbered heading questions: every question a card, [[src]] links kept in the answer", () => {
    const cards = cardsOf("heading-questions.md");
    expect(cards).toHaveLength(9);
    expect(cards[0].question).toBe("What's the trade-off between bias and variance?");
    expect(cards[4].answer).toMatch(/^A technique that discourages[\s\S]*##### Example\n\n```python[\s\S]*```\n\nSource: \[src\]\(https:\/\/example\.com\/reg\)$/);
    expect(cards.slice(0, 7).every((c) => /\nSource: \[src\]\(https:\/\/example\.com\/[a-z-]+\)$/.test(c.answer ?? ""))).toBe(true);
    expect(cards[8]).toMatchObject({ question: "Why do we use convolutions for images rather than just FC layers?", deck: ["12 Machine Learning Interview Questions", "Computer vision"] });
    expect(cards[8].answer).toMatch(/fewer parameters than fully connected layers\.$/);
  });

  it("Obsidian note: `::`, `:::`, `?`, `??` and highlight cards, decked by tags, lecture text left out", () => {
    const cards = cardsOf("obsidian-rnn-lecture.md");
    expect(cards.map((c) => [c.question, c.deck.join("/")])).toEqual([
      ["What does BPTT stand for", "ml/rnn"],
      ["Which activation does a vanilla RNN cell use for its hidden state", "ml/rnn"],
      ["Why do gradients vanish in a vanilla RNN?", "ml/rnn"],
      ["Show the usual fix for exploding gradients in PyTorch.", "ml/rnn"],
      ["An LSTM has **\\[…\\]** gates and a separate cell state.", "ml/gates"],
      ["An LSTM has three gates and a separate **\\[…\\]**.", "ml/gates"],
      ["GRU", "ml/gates"],
      ["Gated recurrent unit", "ml/gates"],
      ["Forget gate", "ml/gates"],
      ["Decides which parts of the cell state $c_{t-1}$ to keep: $f_t = \\sigma(W_f [h_{t-1}, x_t] + b_f)$.", "ml/gates"],
    ]);
    expect(cards[2].answer).toMatch(/this product shrinks exponentially in \$T\$\.$/);
    expect(cards[3].answer).toMatch(/optimizer\.step\(\)\n```$/);
    expect(cards[1].answer).toBe("$\\tanh$");
  });

  it("cloze file: one card per cloze number, hints on the front, math and code inside", () => {
    const cards = cardsOf("cloze-attention.md");
    expect(cards).toHaveLength(8);
    expect(cards[0].question).toBe("Attention scores are divided by **\\[a scale factor\\]** so that the softmax does not saturate.");
    expect(cards[0].answer).toBe("Attention scores are divided by **$\\sqrt{d_k}$** so that the softmax does not saturate.");
    expect(cards[3].answer).toBe("In PyTorch the scores are computed with **`q @ k.transpose(-2, -1)`**.");
    expect(cards.filter((c) => c.group === cards[0].group)).toHaveLength(2);
  });

  it("never shows an SR comment, a tag line, a sponsor or lecture prose on any card", () => {
    const cards = content.items.filter((i): i is CardItem => i.kind === "card");
    expect(cards).toHaveLength(7 + 9 + 10 + 8);
    for (const c of cards) {
      const text = shown(c);
      expect(text).not.toMatch(/<!--|SR:|#flashcards|sponsor|Talentful|Today we looked|Things to revisit|figures are in the appendix|Table of contents/i);
      expect(text).not.toMatch(/\bExponent\b|ML10/);
      expect(text).not.toMatch(/\[\[/);
    }
  });

  it("renders every card with KaTeX and no errors", () => {
    const cards = content.items.filter((i): i is CardItem => i.kind === "card");
    const diagnostics = cards.flatMap((c) => [c.question, c.answer].filter((t): t is string => !!t).flatMap((t) => renderMarkdown(t, c.source.file, c.source.line).diagnostics));
    expect(diagnostics).toEqual([]);
  });
});

it("each minimal example in docs/authoring.md is read by the dialect it documents, with cards", () => {
  const doc = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/authoring.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Markdown flashcards you already have"));
  const examples = [...section.matchAll(/^### .*\(`([a-z-]+)`\)\n\n```(?:markdown|text)\n([\s\S]*?)\n```$/gm)];
  expect(examples.map((m) => m[1])).toEqual(["bold-questions", "heading-questions", "obsidian-sr", "cloze", "anki-text"]);
  for (const [, dialect, text] of examples) {
    const out = parseContent([{ path: "example.md", text: text.replace(/ +<- .*$/gm, "") }]);
    expect(out.files[0].dialect).toBe(dialect);
    expect(out.items.length).toBeGreaterThan(0);
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  }
});
