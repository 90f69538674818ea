import { describe, expect, it } from "vitest";
import { parseContent } from "@/lib/content";
import type { CardItem } from "@/lib/content/types";

const MIXED = `---
deck: Mixed
---
# Attention

Q: Why divide attention scores by $\\sqrt{d_k}$?
A: To keep their variance near one.

# Clozes

The softmax turns {{c1::scores}} into a {{c2::probability distribution}}.

# Obsidian

What does a KV cache store::Keys and values of earlier positions

Q: What does the causal mask hide?
A: Later positions.
`;

describe("a file that mixes formats", () => {
  it("reads each stray region in the dialect that recognises it, in source order, with the author's line numbers", () => {
    const out = parseContent([{ path: "mixed.md", text: MIXED }]);
    const cards = out.items.filter((i): i is CardItem => i.kind === "card");
    expect(cards.map((c) => c.source.line)).toEqual([6, 11, 11, 15, 17]);
    expect(cards[1].question).toContain("\\[…\\]");
    expect(cards[1].answer).toContain("**scores**");
    expect(cards[1].deck).toEqual(["Mixed", "Clozes"]);
    expect(cards[3]).toMatchObject({ question: "What does a KV cache store", answer: "Keys and values of earlier positions" });
    expect(out.diagnostics.filter((d) => d.rule === "stray-text")).toEqual([]);
    expect(out.diagnostics.filter((d) => d.rule === "mixed-region").map((d) => d.line)).toEqual([11, 15]);
  });

  it("still reports text no dialect reads as stray, and leaves a file with a dialect in its front matter alone", () => {
    const prose = "# Notes\n\nQ: What is a token?\nA: A unit of text.\n\n# Aside\n\nThis paragraph is just a remark about the lecture.\n";
    expect(parseContent([{ path: "p.md", text: prose }]).diagnostics.filter((d) => d.rule === "stray-text").map((d) => d.line)).toEqual([8]);
    const pinned = parseContent([{ path: "q.md", text: "---\ndialect: canonical\n---\n" + MIXED.split("---\n").slice(2).join("---\n") }]);
    expect(pinned.items).toHaveLength(2);
    expect(pinned.diagnostics.filter((d) => d.rule === "stray-text").length).toBeGreaterThan(0);
  });
});
