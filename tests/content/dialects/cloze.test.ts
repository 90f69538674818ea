import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clozeCards, findClozes } from "@/lib/content/cloze";
import { clozeDialect } from "@/lib/content/dialects/cloze";
import { detectDialect } from "@/lib/content/detect";
import { parseFile, renderMarkdown } from "@/lib/content";
import type { CardItem } from "@/lib/content/types";
import { sentence } from "./gen";

const cards = (text: string) => clozeDialect.parse(text, "c.md").items as CardItem[];

describe("clozes", () => {
  it("finds Anki clozes with hints, math and code inside, and highlights", () => {
    const text = "A {{c1::$\\frac{1}{\\sqrt{d}}$::scale}} and {{c2::`a::b`}} and ==marked== but `{{c3::code}}` and a == b.";
    expect(findClozes(text).map((s) => [s.number, s.text, s.hint])).toEqual([
      [1, "$\\frac{1}{\\sqrt{d}}$", "scale"],
      [2, "`a::b`", null],
      [3, "marked", null],
    ]);
  });

  it("makes one card per cloze number: blank (hint shown) on the front, full text on the back", () => {
    expect(clozeCards("{{c1::Paris}} is in {{c2::France}}, {{c1::Berlin::city}} too.")).toEqual([
      { number: 1, question: "**\\[…\\]** is in France, **\\[city\\]** too.", answer: "**Paris** is in France, **Berlin** too." },
      { number: 2, question: "Paris is in **\\[…\\]**, Berlin too.", answer: "Paris is in **France**, Berlin too." },
    ]);
  });

  it("boxes a cloze inside a formula instead of breaking the formula", () => {
    const [c] = clozeCards("Each head has $d_k = {{c1::64}}$ dimensions.");
    expect(c.question).toBe("Each head has $d_k = \\boxed{\\text{?}}$ dimensions.");
    expect(c.answer).toBe("Each head has $d_k = \\boxed{64}$ dimensions.");
    for (const t of [c.question, c.answer]) expect(renderMarkdown(t, "c.md", 1).diagnostics).toEqual([]);
  });

  it("reads a cloze file: siblings per note, list items as notes, headings as decks, prose not cards", () => {
    const result = clozeDialect.parse("# Attention\n## Masks\nA {{c1::causal}} mask hides the {{c2::future}}.\n\nJust notes.\n\n- Item ==one==\n- Item ==two==\n", "c.md");
    const out = result.items as CardItem[];
    expect(out.map((c) => [c.question, c.deck.join("/"), c.source.line])).toEqual([
      ["A **\\[…\\]** mask hides the future.", "Attention/Masks", 3],
      ["A causal mask hides the **\\[…\\]**.", "Attention/Masks", 3],
      ["Item **\\[…\\]**", "Attention/Masks", 7],
      ["Item **\\[…\\]**", "Attention/Masks", 8],
    ]);
    expect(out[0].group).toBe(out[1].group);
    expect(out[2].group).not.toBe(out[3].group);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 5, rule: "cloze-plain-text" })]);
    expect(detectDialect("A {{c1::x}} y.\n\nB {{c1::z}}.\n").dialect.name).toBe("cloze");
  });

  it("gives each cloze card of a note with an explicit id its own id", () => {
    const out = parseFile({ path: "c.md", text: "A {{c1::x}} and {{c2::y}}. <!-- id: pair -->\n" }).items as CardItem[];
    expect(out.map((c) => c.explicitId)).toEqual(["pair-c1", "pair-c2"]);
  });

  it("property: n distinct cloze numbers give n sibling cards that each hide exactly their own text", () => {
    fc.assert(
      fc.property(fc.array(sentence(1, 4), { minLength: 1, maxLength: 6 }), (parts) => {
        const text = parts.map((p, i) => `word${i} {{c${i + 1}::${p}}}`).join(" ");
        const out = cards(text);
        expect(out).toHaveLength(parts.length);
        expect(new Set(out.map((c) => c.group)).size).toBe(1);
        out.forEach((c, i) => {
          expect(c.answer).toBe(parts.map((p, j) => `word${j} ${j === i ? `**${p}**` : p}`).join(" "));
          expect(c.question).toBe(parts.map((p, j) => `word${j} ${j === i ? "**\\[…\\]**" : p}`).join(" "));
        });
      }),
      { numRuns: 200 },
    );
  });
});

it("property: findClozes never throws and returns ordered, non-overlapping spans inside the text", () => {
  const piece = fc.constantFrom("{{c1::", "{{c2::", "::", "}}", "}", "{", "==", "`", "$", "a", " ", "\n", "\\", "x==y", "```\n");
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
      const text = parts.join("");
      const spans = findClozes(text);
      let at = 0;
      for (const s of spans) {
        expect(s.start).toBeGreaterThanOrEqual(at);
        expect(s.end).toBeLessThanOrEqual(text.length);
        at = s.end;
      }
      clozeCards(text);
    }),
    { numRuns: 1000 },
  );
});
