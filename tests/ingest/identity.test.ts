import { describe, expect, it } from "vitest";
import { pairCards } from "@/lib/ingest";

const stored = (id: string, question: string, deckPath = "Deck", extra: Partial<{ explicitId: string; answer: string; retired: boolean }> = {}) => ({
  id,
  question,
  deckPath,
  explicitId: extra.explicitId ?? null,
  answer: extra.answer ?? null,
  retired: extra.retired ?? false,
});
const incoming = (question: string, deckPath = "Deck", extra: Partial<{ explicitId: string; answer: string }> = {}) => ({
  question,
  deckPath,
  explicitId: extra.explicitId ?? null,
  answer: extra.answer ?? null,
});

describe("pairCards", () => {
  it("keeps ids for unchanged, reformatted and moved questions", () => {
    const p = pairCards(
      [stored("a", "What is attention?"), stored("b", "What is **softmax**?", "Old deck")],
      [incoming("What is softmax?", "New deck"), incoming("What is attention?")],
    );
    expect(p.matches).toEqual(["b", "a"]);
    expect(p.how).toEqual(["exact", "exact"]);
    expect(p.unmatched).toEqual([]);
  });

  it("pairs a reworded question with its old card within the deck", () => {
    const p = pairCards(
      [stored("a", "Why do we divide attention scores by sqrt(d_k)?", "D", { answer: "To keep the variance near one." }), stored("b", "What is a KV cache?", "D")],
      [incoming("Why do we divide the attention scores by the square root of d_k?", "D", { answer: "To keep the variance near 1." }), incoming("What is a KV cache?", "D")],
    );
    expect(p.matches).toEqual(["a", "b"]);
    expect(p.how[0]).toBe("similar-deck");
  });

  it("does not pair different questions that merely look alike", () => {
    const p = pairCards([stored("a", "What is top-k sampling?")], [incoming("What is layer normalization?")]);
    expect(p.matches).toEqual([null]);
    expect(p.unmatched).toEqual(["a"]);
  });

  it("explicit ids win over text, and are only taken by the same id", () => {
    const p = pairCards(
      [stored("a", "Old wording entirely", "D", { explicitId: "x1" }), stored("b", "What is attention?")],
      [incoming("What is attention?", "D", { explicitId: "x1" })],
    );
    expect(p.matches).toEqual(["a"]);
    expect(p.how).toEqual(["explicit"]);
    expect(p.unmatched).toEqual(["b"]);
  });

  it("revives a retired card for a restored question", () => {
    const p = pairCards([stored("r", "What is perplexity?", "Deck", { retired: true })], [incoming("What is perplexity?")]);
    expect(p.matches).toEqual(["r"]);
  });

  it("prefers the same deck when two decks hold the same question", () => {
    const p = pairCards(
      [stored("a", "What is attention?", "A"), stored("b", "What is attention?", "B")],
      [incoming("What is attention?", "B"), incoming("What is attention?", "A")],
    );
    expect(p.matches).toEqual(["b", "a"]);
  });
});
