import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { promptListDialect, splitPrompts } from "@/lib/content/dialects/prompt-list";
import type { CardItem, PromptItem } from "@/lib/content/types";

const CONTENT = path.resolve(import.meta.dirname, "../../../content");
const SEED = "study-questions-and-sentence-starters.md";
const read = (file: string) => readFileSync(path.join(CONTENT, file), "utf8");
const prompts = (text: string, file = "made-up.md") =>
  promptListDialect.parse(text, file).items.filter((i): i is PromptItem => i.kind === "prompt");
const texts = (text: string) => prompts(text).map((p) => p.text);

describe("prompt-list on seed 001", () => {
  const result = promptListDialect.parse(read(SEED), SEED);
  const all = result.items.filter((i): i is PromptItem => i.kind === "prompt");
  const cards = result.items.filter((i): i is CardItem => i.kind === "card");
  const questions = all.filter((p) => p.promptKind === "question");
  const starters = all.filter((p) => p.promptKind === "starter");

  it("reads exactly 100 prompts: 50 questions, then 50 starters, all on line 1", () => {
    expect(all).toHaveLength(100);
    expect(questions).toHaveLength(50);
    expect(starters).toHaveLength(50);
    expect(all.slice(0, 50).every((p) => p.promptKind === "question")).toBe(true);
    expect(all.every((p) => p.source.file === SEED && p.source.line === 1)).toBe(true);
    expect(result.diagnostics).toEqual([]);
  });

  it("makes each question (and only the questions) an open card in the file's deck", () => {
    expect(cards).toHaveLength(50);
    expect(cards.map((c) => c.question)).toEqual(questions.map((q) => q.text));
    expect(cards.every((c) => c.answer === null && c.deck.join() === "Study questions and sentence starters")).toBe(true);
    expect(cards.every((c) => c.source.line === 1)).toBe(true);
  });

  it("cuts the glued text at the right places", () => {
    expect(all[0].text).toBe("Explain how attention mechanisms work in transformers");
    expect(all[1].text).toBe("What is the difference between self-attention and cross-attention?");
    expect(all[48].text).toBe("What is the purpose of the test set in model evaluation?");
    expect(all[49].text).toBe("Describe how cross-validation works in machine learning");
    expect(all[50].text).toBe("The transformer architecture revolutionized natural language processing by introducing");
    expect(all[51].text).toBe("Attention mechanisms allow models to focus on relevant parts of the input sequence when");
    expect(all[52].text).toBe("In deep learning, the optimization process involves iteratively updating model parameters to");
    expect(all[99].text).toBe(
      "Feature extraction learns meaningful representations from raw input data, enabling models to identify patterns",
    );
  });

  it("does not split at capitals inside a prompt (Adam, KV, RNNs) but does where they start one", () => {
    const find = (start: string) => all.filter((p) => p.text.startsWith(start)).map((p) => p.text);
    expect(find("How does the Adam")).toEqual(["How does the Adam optimizer differ from standard gradient descent?"]);
    expect(find("Explain how KV")).toEqual(["Explain how KV caching improves inference performance"]);
    expect(find("Transformers replaced")).toEqual([
      "Transformers replaced RNNs in many applications because they can process sequences in parallel and capture",
    ]);
    expect(find("Adam optimizer")).toEqual([
      "Adam optimizer combines the benefits of momentum and adaptive learning rates to achieve faster",
    ]);
    expect(find("KV caching")).toEqual([
      "KV caching stores previously computed key and value matrices to avoid redundant computations during autoregressive",
    ]);
    expect(find("Early stopping")).toHaveLength(1); // after a starter that ends on "the"
    expect(all.every((p) => /^[A-Z]/.test(p.text))).toBe(true);
  });

  it("loses no text", () => {
    const line = read(SEED).trim();
    expect(all.map((p) => p.text).join(" ")).toBe(line.split(/\s+/).join(" "));
  });
});

describe("splitPrompts", () => {
  it("splits a question from the next at an opener or after a content word, not after a function word", () => {
    expect(splitPrompts("Explain the difference between SGD and Adam What is BPE? Describe GPT models").map((s) => s.text)).toEqual([
      "Explain the difference between SGD and Adam",
      "What is BPE?",
      "Describe GPT models",
    ]);
  });

  it("gives the column of each prompt", () => {
    expect(splitPrompts("  What is x? Why y?").map((s) => [s.start, s.kind])).toEqual([
      [2, "question"],
      [13, "question"],
    ]);
  });

  it("classifies by the first word or a final question mark", () => {
    expect(splitPrompts("Softmax turns logits into").map((s) => s.kind)).toEqual(["starter"]);
    expect(splitPrompts("Softmax or argmax?").map((s) => s.kind)).toEqual(["question"]);
  });
});

describe("prompt-list on made-up files", () => {
  it("reads BOM, CRLF and one-prompt-per-line files, with line numbers", () => {
    const text = "\uFEFFWhat is attention?\r\nExplain softmax   \r\n\r\nThe model predicts the next\r\n";
    const p = prompts(text);
    expect(p.map((x) => [x.text, x.promptKind, x.source.line])).toEqual([
      ["What is attention?", "question", 1],
      ["Explain softmax", "question", 2],
      ["The model predicts the next", "starter", 4],
    ]);
  });

  it("handles odd spacing between glued prompts", () => {
    expect(texts("   Describe dropout \t  How does it work?    A language model is a")).toEqual([
      "Describe dropout",
      "How does it work?",
      "A language model is a",
    ]);
  });

  it("warns about duplicates, very long and very short prompts, with their column", () => {
    const long = "The " + "very ".repeat(50) + "long starter";
    const r = promptListDialect.parse(`What is x? What is x? ${long}\nGo`, "made-up.md");
    expect(r.diagnostics.map((d) => [d.line, d.column, d.severity, d.rule])).toEqual([
      [1, 12, "warning", "prompt-duplicate"],
      [1, 23, "warning", "prompt-long"],
      [2, 1, "warning", "prompt-short"],
    ]);
  });

  it("returns nothing for an empty or blank file", () => {
    expect(promptListDialect.parse("", "e.md")).toEqual({ items: [], diagnostics: [] });
    expect(promptListDialect.parse(" \n\t\n", "e.md")).toEqual({ items: [], diagnostics: [] });
  });
});

describe("prompt-list detect", () => {
  it("is sure about seed 001 and not about the other seeds", () => {
    expect(promptListDialect.detect(read(SEED))).toBeGreaterThan(0.9);
    for (const f of ["rnn-and-fundamentals-qa.md", "tests/building-a-gpt-from-scratch.md", "transformers-review-outline.md", "llm-interview-chat-export.md"])
      expect(promptListDialect.detect(read(f))).toBeLessThan(0.2);
  });
  it("is low for an outline and a chat export in miniature", () => {
    expect(promptListDialect.detect("# Deck\n## Topic\n1) What is it?\n\n    An answer.\n")).toBeLessThan(0.2);
    expect(promptListDialect.detect("You asked:\n\n1. Q: What is a Transformer?\n\nA:\n\nAn architecture.\n\nChatGPT said:\n")).toBeLessThan(0.2);
  });
});

describe("prompt-list properties", () => {
  it("never throws on arbitrary text and detect stays in 0..1", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 600 }), (text) => {
      promptListDialect.parse(text, "x.md");
      const s = promptListDialect.detect(text);
      return s >= 0 && s <= 1;
    }), { numRuns: 500 });
  });

  it("splitting keeps every word, in order, on prompt-like word soup", () => {
    const word = fc.constantFrom("What", "How", "Explain", "The", "Adam", "KV", "the", "of", "model", "works?", "In", "a", "token.", "x");
    fc.assert(fc.property(fc.array(word, { maxLength: 60 }), fc.constantFrom(" ", "  ", "\t"), (words, sep) => {
      const line = words.join(sep);
      const segs = splitPrompts(line);
      return segs.flatMap((s) => s.text.split(/\s+/)).join(" ") === words.join(" ") && segs.every((s) => line.startsWith(s.text, s.start));
    }), { numRuns: 500 });
  });
});
