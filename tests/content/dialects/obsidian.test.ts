import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { obsidianDialect } from "@/lib/content/dialects/obsidian";
import { detectDialect } from "@/lib/content/detect";
import { parseFile } from "@/lib/content";
import type { CardItem } from "@/lib/content/types";
import { answer, sentence } from "./gen";

const parse = (text: string) => obsidianDialect.parse(text, "notes/rnn.md");
const cards = (text: string) => parse(text).items as CardItem[];

describe("obsidian-sr", () => {
  it("reads `Q::A` and `Q:::A` (both directions, siblings), skipping `::` in code and clozes", () => {
    const out = cards("#flashcards\nBPTT::Backprop through time\n- Encoder:::Decoder\nUse `std::vector` here.\nA {{c1::cloze}} is not a separator.\n");
    expect(out.slice(0, 3).map((c) => [c.question, c.answer])).toEqual([
      ["BPTT", "Backprop through time"],
      ["Encoder", "Decoder"],
      ["Decoder", "Encoder"],
    ]);
    expect(out[0].group).toBeNull();
    expect(out[1].group).toBe(out[2].group);
    expect(out[1].group).not.toBeNull();
    expect(out).toHaveLength(3);
  });

  it("reads multi-line `?` and `??` cards, code included", () => {
    const out = cards("Why clip?\nTwo lines of question.\n?\nBecause:\n```py\nclip()\n\nstep()\n```\n\nTerm\n??\nDefinition $x$.\n");
    expect(out.map((c) => [c.question, c.answer])).toEqual([
      ["Why clip?\nTwo lines of question.", "Because:\n```py\nclip()\n\nstep()\n```"],
      ["Term", "Definition $x$."],
      ["Definition $x$.", "Term"],
    ]);
    expect(out[1].group).toBe(out[2].group);
  });

  it("decks cards by #flashcards/deck/sub tags and never shows tags or SR comments", () => {
    const out = cards(
      "Before::the first tag\n\n#flashcards/ml/rnn\n\nA::B <!--SR:!2026-01-02,3,250-->\n\n## Gates #flashcards/ml/gates\n\nC::D\nE::F #flashcards/other\n\nQ\n?\nA\n<!--SR:!2026-01-02,3,250-->\n",
    );
    expect(out.map((c) => [c.question, c.answer, c.deck.join("/")])).toEqual([
      ["Before", "the first tag", "ml/rnn"],
      ["A", "B", "ml/rnn"],
      ["C", "D", "ml/gates"],
      ["E", "F", "other"],
      ["Q", "A", "ml/gates"],
    ]);
    for (const c of out) expect(`${c.question}${c.answer}`).not.toMatch(/SR:|#flashcards/);
  });

  it("reads highlight and Anki clozes in a note as sibling cloze cards; prose is not a card", () => {
    const result = parse("Lecture text about LSTMs, no card here.\n\nAn LSTM has ==three== gates and a ==cell state==.\n");
    const out = result.items as CardItem[];
    expect(out.map((c) => c.question)).toEqual(["An LSTM has **\\[…\\]** gates and a cell state.", "An LSTM has three gates and a **\\[…\\]**."]);
    expect(out[0].group).toBe(out[1].group);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 1, rule: "obsidian-notes", severity: "info" })]);
  });

  it("drops sr-* front matter instead of failing on it, and decks by a front-matter flashcards tag", () => {
    const out = parseFile({ path: "n.md", text: "---\nsr-due: 2026-01-01\nsr-interval: 3\nsr-ease: 250\naliases: [x]\ntags: [flashcards/ml]\n---\nTerm::Meaning\n" });
    expect(out.diagnostics).toEqual([]);
    expect(out.report.dialect).toBe("obsidian-sr");
    expect(out.items[0]).toMatchObject({ question: "Term", answer: "Meaning", deck: ["ml"] });
  });

  it("is detected from its separators", () => {
    expect(detectDialect("One::two\nThree::four\n").dialect.name).toBe("obsidian-sr");
    expect(detectDialect("#flashcards\nAn ==x== y\n").dialect.name).toBe("obsidian-sr");
  });

  it("property: every `?` card and `::` card comes back whole", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ q: sentence(1, 6), a: answer, inline: fc.boolean() }), { minLength: 1, maxLength: 10 }), (list) => {
        const text = list.map(({ q, a, inline }) => (inline ? `${q}::${a.replace(/\n/g, " ")}` : `${q}\n?\n${a}`)).join("\n\n");
        expect(cards(text).map((c) => [c.question, c.answer])).toEqual(list.map(({ q, a, inline }) => [q, inline ? a.replace(/\n/g, " ") : a]));
      }),
      { numRuns: 200 },
    );
  });
});

it("obsidian-sr: `Q:` lines with C++ `::` in them stay another dialect's cards", () => {
  const text = "Q: What does std::vector::push_back do?\nA: Appends.\n\nQ: What is std::move?\n";
  expect(detectDialect(text).dialect.name).toBe("qa-lines");
  expect(detectDialect(text).scores["obsidian-sr"]).toBe(0);
});
