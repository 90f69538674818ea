import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ankiTextDialect } from "@/lib/content/dialects/anki-text";
import { detectDialect } from "@/lib/content/detect";
import type { CardItem } from "@/lib/content/types";
import { sentence } from "./gen";

const parse = (text: string) => ankiTextDialect.parse(text, "export.txt");
const cards = (text: string) => parse(text).items as CardItem[];

describe("anki-text", () => {
  const file = [
    "#separator:tab",
    "#html:true",
    "#notetype column:1",
    "#deck column:2",
    "#tags column:5",
    "Basic\tML::Basics\tWhat is a logit?\tThe raw score<br>before the softmax.\tsoftmax basics",
    'Basic\tML\t"Two\tfields?"\t"He said ""hi""<div>then left</div>"\t',
    "Cloze\tML::Attention\tScores are divided by {{c1::$\\sqrt{d_k}$}} before the {{c2::softmax}}.\tSee the paper.\tattention",
  ].join("\n");

  it("reads headers, columns, HTML fields, quoted fields and decks", () => {
    const out = cards(file);
    expect(out.slice(0, 2).map((c) => [c.question, c.answer, c.deck, c.tags, c.source.line])).toEqual([
      ["What is a logit?", "The raw score\nbefore the softmax.", ["ML", "Basics"], ["softmax", "basics"], 6],
      ["Two\tfields?", 'He said "hi"\nthen left', ["ML"], [], 7],
    ]);
    expect(detectDialect(file).dialect.name).toBe("anki-text");
  });

  it("turns a cloze note into sibling cards with the extra field under each answer", () => {
    const out = cards(file).slice(2);
    expect(out.map((c) => c.question)).toEqual([
      "Scores are divided by **\\[…\\]** before the softmax.",
      "Scores are divided by $\\sqrt{d_k}$ before the **\\[…\\]**.",
    ]);
    expect(out[0].answer).toBe("Scores are divided by **$\\sqrt{d_k}$** before the softmax.\n\nSee the paper.");
    expect(out[0].group).toBe(out[1].group);
    expect(out[0].deck).toEqual(["ML", "Attention"]);
  });

  it("accepts other separators and reports an unknown one at line 1", () => {
    expect(cards("#separator:Semicolon\nfront;back\n").map((c) => [c.question, c.answer])).toEqual([["front", "back"]]);
    expect(parse("#separator:Weird\na\tb\n").diagnostics).toEqual([expect.objectContaining({ line: 1, severity: "error", rule: "anki-separator" })]);
  });

  it("property: any notes written as a headerless tab export come back field for field", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ q: sentence(1, 6), a: sentence(1, 8) }), { minLength: 3, maxLength: 20 }), (list) => {
        const text = list.map(({ q, a }) => `${q}\t${a}`).join("\n");
        expect(detectDialect(text).dialect.name).toBe("anki-text");
        expect(cards(text).map((c) => [c.question, c.answer, c.source.line])).toEqual(list.map(({ q, a }, i) => [q, a, i + 1]));
      }),
      { numRuns: 150 },
    );
  });
});
