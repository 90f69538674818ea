import { describe, expect, it } from "vitest";
import { nearDuplicateShare, textInCorpus } from "@/lib/model";

describe("verbatim overlap (perplexity widget: has the model seen this text?)", () => {
  const corpus = "Q: What is attention?\nA: Attention lets every position look at every earlier position and mix their values.";

  it("a quoted sentence is whole; a paraphrase is not", () => {
    expect(textInCorpus("  What is attention?  ", corpus)).toEqual({ whole: true, share: 1 });
    expect(textInCorpus("What is self-attention?", corpus)).toEqual({ whole: false, share: 0 });
  });

  it("counts the characters inside copied 32-character passages", () => {
    const copied = "look at every earlier position and mix"; // 38 chars, all in the corpus
    const text = `Each token can ${copied} things.`; // 15 + 38 + 8 = 61 chars
    const r = textInCorpus(text, corpus);
    expect(r.whole).toBe(false);
    // the copied run extends as far as text and corpus agree: "ca[n ]look…mix[ th]ings" against
    // "positio[n ]look…mix[ th]eir", so 2 + 38 + 3 = 43 characters
    expect(r.share).toBeCloseTo(43 / 61, 12);
    expect(nearDuplicateShare(corpus, text)).toBeCloseTo(43 / 61, 12);
  });
});
