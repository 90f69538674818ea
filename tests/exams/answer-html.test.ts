import { describe, expect, it } from "vitest";
import { renderAnswerHtml } from "@/lib/exams/answer-html";

describe("a learner's answer on the review page", () => {
  it("renders inline and display math with KaTeX", () => {
    const html = renderAnswerHtml("Attention costs $O(n^2)$ in the length.\n\n$$\\frac{QK^T}{\\sqrt{d}}$$");
    expect(html).toMatch(/class="katex"/);
    expect(html).toMatch(/katex-display/);
    expect(html).not.toContain("$O(n^2)$");
  });

  it("sanitises like card content: no scripts, handlers or javascript: links", () => {
    const html = renderAnswerHtml('<script>alert(1)</script><img src=x onerror="alert(2)">\n\n[x](javascript:alert(3)) **bold**');
    expect(html).not.toMatch(/<script|onerror|href="javascript:/i);
    expect(html).toContain("<strong>bold</strong>");
  });

  it("keeps the line breaks the learner typed, but not inside code fences", () => {
    const html = renderAnswerHtml("first line\nsecond line\n```\na = 1\nb = 2\n```");
    expect(html).toMatch(/first line<br>\s*second line/);
    expect(html).toMatch(/a = 1\nb = 2/);
    expect(html).not.toMatch(/a = 1\\/);
  });

  it("renders nothing for an empty answer", () => expect(renderAnswerHtml("  \n ")).toBe(""));
});
