import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boldQuestion, boldQuestionsDialect } from "@/lib/content/dialects/bold-questions";
import { detectDialect } from "@/lib/content/detect";
import type { CardItem } from "@/lib/content/types";
import { qaList } from "./gen";

const parse = (text: string) => boldQuestionsDialect.parse(text, "bold.md");
const cards = (text: string) => parse(text).items as CardItem[];

describe("bold-questions", () => {
  const file = [
    "# Interview questions",
    "Intro text, not a card.",
    "",
    "## Basics",
    "**What is a logit? 👶**",
    "",
    "The raw score before the softmax.",
    "",
    "Second paragraph of the answer.",
    "<br/>",
    "",
    "**Why scale by $\\sqrt{d_k}$? ⭐️**",
    "```python",
    "**not a question?**",
    "```",
    "",
    "---",
    "Sponsored by Example Corp.",
    "",
    "## Advanced",
    "**How does FlashAttention save memory? 🚀**",
    "Answer here",
  ].join("\n");

  it("reads bold questions, their answers, decks and difficulty tags", () => {
    const out = cards(file);
    expect(out.map((c) => c.question)).toEqual(["What is a logit?", "Why scale by $\\sqrt{d_k}$?", "How does FlashAttention save memory?"]);
    expect(out[0]).toMatchObject({ deck: ["Interview questions", "Basics"], answer: "The raw score before the softmax.\n\nSecond paragraph of the answer.", tags: ["basics", "easy"], source: { line: 5 } });
    expect(out[1].answer).toBe("```python\n**not a question?**\n```");
    expect(out[1].tags).toContain("medium");
    expect(out[2]).toMatchObject({ deck: ["Interview questions", "Advanced"], answer: null, tags: ["advanced", "hard"] });
  });

  it("never puts intro or sponsor text on a card, and says so once", () => {
    const text = cards(file).map((c) => `${c.question}\n${c.answer}`).join("\n");
    expect(text).not.toMatch(/Sponsored|Intro text/);
    expect(parse(file).diagnostics).toEqual([expect.objectContaining({ line: 2, severity: "info", rule: "bold-not-a-card" })]);
  });

  it("is detected for such files, and only bold lines that ask count as questions", () => {
    expect(detectDialect(file).dialect.name).toBe("bold-questions");
    expect(boldQuestion("**Table of contents**")).toBeNull();
    expect(boldQuestion("**Explain dropout 🚀**")).toEqual({ question: "Explain dropout", tags: ["hard"] });
    expect(boldQuestion("1. **Q3. Why?**")).toEqual({ question: "Why?", tags: [] });
  });

  it("property: every written question comes back with its full answer", () => {
    fc.assert(
      fc.property(qaList, fc.constantFrom("<br/>", "", "---"), (list, sep) => {
        const text = list.map(({ q, a }) => `**${q}**\n\n${a}\n\n${sep}\n`).join("\n");
        const out = cards(text);
        expect(out.map((c) => [c.question, c.answer])).toEqual(list.map(({ q, a }) => [q, a]));
      }),
      { numRuns: 200 },
    );
  });
});
