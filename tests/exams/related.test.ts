import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseContent, type CardItem, type TestItem } from "@/lib/content";
import { readContentDir } from "@/lib/ingest";
import { indexCards, rankRelatedCards } from "@/lib/exams";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Per seed-test question, a card from the seeds that must be among the top five suggestions. */
const EXPECTED: Record<number, string> = {
  1: "What are the tradeoffs between word-level, character-level, and subword tokenization?",
  2: "What is positional encoding in Transformers?",
  3: "If we have a matrix of dimensions N×D and multiply it by a matrix D×M, what are the dimensions of the result?",
  4: "Derive Bahdanau (additive) attention. What are the query, key, and value in this formulation?",
  5: "Why does scaled dot-product attention divide by √d?",
  6: "What is causal masking?",
  7: "What is multi-head attention?",
  8: "What is the role of the feed-forward network in transformer blocks?",
  9: "What is residual connection?",
  10: "Why do transformers use layer norm instead of batch norm? Where is it placed (pre-LN vs post-LN)?",
  11: "How does the softmax function convert a list of raw logits into probabilities that sum to 1?",
  12: "What is autoregressive modeling?",
  13: "Why does SGD work despite using noisy gradient estimates?",
  14: "How does the Adam optimizer differ from standard gradient descent?",
  15: "What is gradient clipping?",
  16: "Explain how text generation works in autoregressive models",
  17: "What is the KV cache in Transformers?",
  18: "What is temperature in softmax sampling? What are top-k and top-p (nucleus) sampling?",
  19: "Given a transformer config (L layers, H heads, d_model, d_ff, vocab V), calculate the total parameter count.",
  20: "What is few-shot prompting?",
};

describe("related cards for the seed test", () => {
  const items = parseContent(readContentDir(path.join(ROOT, "content"))).items;
  const cards = items.filter((i): i is CardItem => i.kind === "card").map((c, i) => ({ id: String(i), question: c.question, tags: c.tags }));
  const test = items.find((i): i is TestItem => i.kind === "test" && /GPT from Scratch/.test(i.title))!;
  const index = indexCards(cards);

  it("has the 20 questions", () => expect(test.questions).toHaveLength(20));

  for (const [number, expected] of Object.entries(EXPECTED)) {
    it(`question ${number}: "${expected.slice(0, 60)}" is among the top five`, () => {
      const q = test.questions.find((x) => x.number === Number(number))!;
      const top = rankRelatedCards({ title: q.title, prompt: q.prompt, parts: q.parts.map((p) => p.prompt) }, index, 5);
      const texts = top.map((t) => cards[Number(t.id)].question.replace(/\s+/g, " "));
      expect(texts.some((t) => t.startsWith(expected)), `top five:\n${texts.join("\n")}`).toBe(true);
    });
  }

  it("ranks a question's own wording first", () => {
    const top = rankRelatedCards({ title: "Causal Masking", prompt: "What is causal masking?", parts: [] }, index, 1);
    expect(cards[Number(top[0].id)].question).toMatch(/^What is causal masking/);
  });
});
