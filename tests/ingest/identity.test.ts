import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ingestDirectory, pairCards } from "@/lib/ingest";
import { sameCardQuestion } from "@/lib/ingest/identity";
import { freshDb, writeContent } from "../helpers/db";

const stored = (id: string, question: string, deckPath = "Deck", extra: Partial<{ explicitId: string; answer: string; retired: boolean }> = {}) => ({
  id,
  question,
  deckPath,
  explicitId: extra.explicitId ?? null,
  answer: extra.answer ?? null,
  retired: extra.retired ?? false,
});
const incoming = (question: string, deckPath = "Deck", extra: Partial<{ explicitId: string; answer: string; line: number }> = {}) => ({
  question,
  deckPath,
  explicitId: extra.explicitId ?? null,
  answer: extra.answer ?? null,
  source: { file: "deck.md", line: extra.line ?? 7 },
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
    expect(p.diagnostics).toEqual([]);
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

describe("identity never lies (issue 12)", () => {
  // Each pair from the issue: the old question, the new one. None may inherit the old history.
  const different: [string, string, string?, string?][] = [
    ["What is the GRU cell used for?", "What is the LSTM cell used for?", "Gates that reset and update a single hidden state.", "Three gates and a separate cell state."],
    ["What is the time complexity of quicksort?", "What is the space complexity of quicksort?"],
    ["Compute $2^{10}$.", "Compute $2*10$."],
    ["What is the derivative of $e^{x}$?", "What is the derivative of $e^{-x}$?"],
    ["Simplify $x_2 + 1$.", "Simplify $x^2 + 1$."],
    ["Why is attention scaled by $\\sqrt{d_k}$?", "Why is attention not scaled by $\\sqrt{d_k}$?"],
    ["What is top-k sampling?", "What is top-p sampling?"],
    ["What does GPT-2 use for positions?", "What does GPT-3 use for positions?"],
  ];

  it.each(different)("%s → %s: a new card, the old one retired", (before, after, oldAnswer, newAnswer) => {
    const p = pairCards([stored("old", before, "Deck", { answer: oldAnswer })], [incoming(after, "Deck", { answer: newAnswer })]);
    expect(p.matches).toEqual([null]);
    expect(p.unmatched).toEqual(["old"]);
    expect(sameCardQuestion(before, after).same).toBe(false);
  });

  it("a new card never takes over a retired look-alike either", () => {
    const p = pairCards([stored("r", "What is the time complexity of quicksort?", "Deck", { retired: true })], [incoming("What is the space complexity of quicksort?")]);
    expect(p.matches).toEqual([null]);
    expect(p.diagnostics).toEqual([
      expect.objectContaining({ file: "deck.md", line: 7, severity: "warning", rule: "identity-uncertain", message: expect.stringMatching(/retired card "What is the time complexity of quicksort\?" but "time" became "space".*add `<!-- id: r -->` to keep the old history/) }),
    ]);
  });

  it("reports an uncertain pairing at file:line with the id that keeps the history, instead of guessing", () => {
    const p = pairCards([stored("K3x9_q", "What is the GRU cell used for?")], [incoming("What is the LSTM cell used for?", "Deck", { line: 12 })]);
    expect(p.diagnostics).toHaveLength(1);
    expect(p.diagnostics[0]).toMatchObject({ file: "deck.md", line: 12, severity: "warning", rule: "identity-uncertain" });
    expect(p.diagnostics[0].message).toContain('"gru" became "lstm"');
    expect(p.diagnostics[0].message).toContain("treated as new".replace("treated", "Treated"));
    expect(p.diagnostics[0].message).toContain("add `<!-- id: K3x9_q -->` to keep the old history");
    // Certainly different (the maths differ): still said, as an info.
    const maths = pairCards([stored("m", "Compute $2^{10}$.")], [incoming("Compute $2*10$.")]);
    expect(maths.diagnostics).toEqual([expect.objectContaining({ severity: "info", message: expect.stringContaining('"2^10" / "2*10" differ') })]);
  });

  it("the author keeps the history by adding the suggested id: the stored card's own id", () => {
    const p = pairCards([stored("K3x9_q", "What is the GRU cell used for?")], [incoming("What is the LSTM cell used for?", "Deck", { explicitId: "K3x9_q" })]);
    expect(p.matches).toEqual(["K3x9_q"]);
    expect(p.how).toEqual(["explicit"]);
    expect(p.diagnostics).toEqual([]);
  });

  const same: [string, string][] = [
    ["What is the GRU cell used for?", "What is a GRU cell used for?"],
    ["What is the GRU cell used for?", "What's the **GRU** cell used for, in practice?"],
    ["Why do we divide attention scores by sqrt(d_k)?", "Why do we divide the attention scores by $\\sqrt{d_k}$?"],
    ["What does the cross_entropy_loss function do?", "What does the `cross_entropy_loss` function compute?"],
    ["What is the time complexity of quicksort?", "What's the time complexity of Quicksort?"],
    ["What is $2^{10}$?", "What is $2^{10}$ ?"],
    ["How does self-attention work?", "How does self attention work?"],
  ];

  it.each(same)("%s → %s: the same card", (before, after) => {
    const p = pairCards([stored("old", before)], [incoming(after)]);
    expect(p.matches).toEqual(["old"]);
    expect(p.diagnostics).toEqual([]);
  });

  // Random rewordings: frames, articles, emphasis, case, punctuation, fillers. Different questions
  // change one key noun (or a number) before rewording.
  const NOUNS = ["GRU", "LSTM", "transformer", "tokenizer", "softmax", "dropout", "batchnorm", "quicksort", "heap", "encoder", "decoder", "embedding"];
  const ASPECTS = ["time complexity", "space complexity", "main purpose", "gradient flow", "output shape", "memory cost", "training speed"];
  const reword = (q: { aspect: string; noun: string; n: number }) =>
    fc.record({ article: fc.constantFrom("the ", "a ", ""), frame: fc.constantFrom("What is", "What's", "Explain", "Describe briefly"), bold: fc.boolean(), upper: fc.boolean(), tail: fc.constantFrom("?", " ?", "", " exactly?", " in practice?") }).map(
      (r) => `${r.frame} ${r.article}${q.aspect} of ${r.bold ? `**${q.noun}**` : q.noun} with ${q.n} layers${r.tail}`.replace(/^(.)/, (c) => (r.upper ? c.toUpperCase() : c.toLowerCase())),
    );
  const question = fc.record({ aspect: fc.constantFrom(...ASPECTS), noun: fc.constantFrom(...NOUNS), n: fc.integer({ min: 1, max: 12 }) });

  it("property: random rewordings of a different question never inherit", () => {
    const pair = question.chain((a) =>
      fc
        .record({ noun: fc.constantFrom(...NOUNS), aspect: fc.constantFrom(...ASPECTS), n: fc.integer({ min: 1, max: 12 }), change: fc.constantFrom("noun", "aspect", "n") })
        .filter((b) => (b.change === "noun" ? b.noun !== a.noun : b.change === "aspect" ? b.aspect !== a.aspect : b.n !== a.n))
        .map((b) => ({ a, b: { ...a, [b.change]: b[b.change as "noun" | "aspect" | "n"] } })),
    );
    fc.assert(
      fc.property(pair.chain(({ a, b }) => fc.tuple(reword(a), reword(b))), ([before, after]) => {
        const p = pairCards([stored("old", before)], [incoming(after)]);
        expect(p.matches).toEqual([null]);
      }),
      { numRuns: 500 },
    );
  });

  it("property: random rewordings of the same question keep its id", () => {
    fc.assert(
      fc.property(question.chain((q) => fc.tuple(reword(q), reword(q))), ([before, after]) => {
        expect(pairCards([stored("old", before)], [incoming(after)]).matches).toEqual(["old"]);
      }),
      { numRuns: 500 },
    );
  });
});

describe("identity through ingest", () => {
  it("a replaced question gets a new card, the old one is retired with its id, and the author is told where", async () => {
    const { db, cleanup } = await freshDb();
    const dir = writeContent({ "rnn.md": "# RNN\nQ: What is the GRU cell used for?\nA: Gating a single hidden state.\n\nQ: What is BPTT?\nA: Backpropagation through time.\n" });
    try {
      await ingestDirectory(db, dir);
      const old = await db.card.findFirstOrThrow({ where: { question: { contains: "GRU" } } });
      fs.writeFileSync(path.join(dir, "rnn.md"), "# RNN\nQ: What is the BPTT?\nA: Backpropagation through time.\n\nQ: What is the LSTM cell used for?\nA: Three gates and a cell state.\n");
      const summary = await ingestDirectory(db, dir);
      const lstm = await db.card.findFirstOrThrow({ where: { question: { contains: "LSTM" } } });
      expect(lstm.id).not.toBe(old.id);
      expect((await db.card.findUniqueOrThrow({ where: { id: old.id } })).retiredAt).not.toBeNull();
      expect(summary.pairedBy).toMatchObject({ "similar-deck": 1 }); // "What is the BPTT?" is the same card
      expect(summary.diagnostics).toContainEqual(expect.objectContaining({ file: "rnn.md", line: 5, rule: "identity-uncertain", message: expect.stringContaining(`<!-- id: ${old.id} -->`) }));
      expect(await db.diagnostic.count({ where: { rule: "identity-uncertain", line: 5 } })).toBe(1);

      // The author adds the suggested id: the LSTM question takes over the old card and its history.
      fs.writeFileSync(path.join(dir, "rnn.md"), `# RNN\nQ: What is the BPTT?\nA: Backpropagation through time.\n\nQ: What is the LSTM cell used for? <!-- id: ${old.id} -->\nA: Three gates and a cell state.\n`);
      await ingestDirectory(db, dir);
      const revived = await db.card.findUniqueOrThrow({ where: { id: old.id } });
      expect(revived).toMatchObject({ retiredAt: null, question: "What is the LSTM cell used for?" });
    } finally {
      await cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
