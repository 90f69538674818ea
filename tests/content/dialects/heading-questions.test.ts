import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { headingQuestion, headingQuestionsDialect } from "@/lib/content/dialects/heading-questions";
import { detectDialect } from "@/lib/content/detect";
import { parseFile } from "@/lib/content";
import type { CardItem } from "@/lib/content/types";
import { qaList } from "./gen";

const parse = (text: string) => headingQuestionsDialect.parse(text, "qa.md");
const cards = (text: string) => parse(text).items as CardItem[];

describe("heading-questions", () => {
  const file = [
    "# ML questions",
    "## Sponsors",
    "Thanks to Example Corp for supporting this list.",
    "## Basics",
    "#### 1) What is bias? [[src](https://example.org/bias)]",
    "Error from wrong assumptions.",
    "",
    "##### Example",
    "A linear model on a parabola.",
    "#### 2) What is variance?",
    "Error from sensitivity to the training set; see [[Notes|my notes]].",
    "### 3. Explain dropout",
    "Randomly zeroes activations during training.",
    "## Q",
    "",
  ].join("\n");

  it("reads `## Q`, `### 1. Q` and `#### 1) Q` headings and the answer under each", () => {
    const out = cards(file);
    expect(out.map((c) => c.question)).toEqual(["What is bias?", "What is variance?", "Explain dropout"]);
    expect(out[0]).toMatchObject({
      deck: ["ML questions", "Basics"],
      answer: "Error from wrong assumptions.\n\n##### Example\nA linear model on a parabola.\n\nSource: [src](https://example.org/bias)",
      source: { line: 5 },
    });
    expect(out[1].answer).toBe("Error from sensitivity to the training set; see my notes.");
    expect(out[2].answer).toBe("Randomly zeroes activations during training.");
  });

  it("keeps text under non-question headings (sponsors) off every card", () => {
    const text = cards(file).map((c) => `${c.question}\n${c.answer}`).join("\n");
    expect(text).not.toContain("Example Corp");
    expect(parse(file).diagnostics).toContainEqual(expect.objectContaining({ line: 3, rule: "heading-not-a-card", severity: "info" }));
  });

  it("tells a Q&A list (answers) from a comprehension test (instructions, parts, no answers)", () => {
    expect(detectDialect(file).dialect.name).toBe("heading-questions");
    const test = "# Quiz\nAnswer in your own words.\n### 1. What is attention?\n- a) Define it.\n- b) Give an example.\n### 2. Why scale?\n- a) Explain.\n";
    expect(detectDialect(test).dialect.name).toBe("comprehension-test");
    // The case: `#### 1) Q` + answers, one question unanswered: a Q&A list, not a failed test.
    const qa = "# Q\n#### 1) What is X?\nX is x.\n#### 2) What is Y?\nY is y.\n#### 3) What is Z?\n";
    const parsed = parseFile({ path: "qa.md", text: qa });
    expect(parsed.report.dialect).toBe("heading-questions");
    expect(parsed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect((parsed.items as CardItem[]).map((c) => c.answer)).toEqual(["X is x.", "Y is y.", null]);
  });

  it("only headings that ask are questions", () => {
    expect(headingQuestion("1) What's new? [[src](http://a.b/c)]")).toEqual({ question: "What's new?", sources: ["[src](http://a.b/c)"] });
    expect(headingQuestion("Linear regression")).toBeNull();
    expect(headingQuestion("12 Machine Learning Interview Questions")).toBeNull();
  });

  it("property: every question heading comes back with its full answer", () => {
    fc.assert(
      fc.property(qaList, fc.constantFrom("##", "###", "####"), fc.constantFrom("", "1. ", "1) "), (list, hashes, num) => {
        const text = list.map(({ q, a }, i) => `${hashes} ${num.replace("1", String(i + 1))}${q}\n\n${a}\n`).join("\n");
        expect(cards(text).map((c) => [c.question, c.answer])).toEqual(list.map(({ q, a }) => [q, a]));
      }),
      { numRuns: 200 },
    );
  });
});
