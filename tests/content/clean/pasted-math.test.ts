import { describe, expect, it } from "vitest";
import katex from "katex";
import {
  cleanPastedMath,
  dedupeQuadPairs,
  mathSpans,
  normalizeStrayTex,
  reducePastedMath,
  repairDoubledSymbols,
} from "@/lib/content/clean/pasted-math";
import { joinSourceLines, toSourceLines } from "@/lib/content/clean/source-lines";

const run = (text: string) => {
  const r = cleanPastedMath(toSourceLines(text, 100), "m.md");
  return { ...r, text: joinSourceLines(r.lines) };
};

function parsesAll(text: string) {
  for (const s of mathSpans(text)) katex.renderToString(s.tex, { throwOnError: true, displayMode: s.display });
}

describe("reducePastedMath", () => {
  it("keeps the formula and drops its broken fragments (layer norm from seed 004)", () => {
    const r = run(
      [
        "Formula:",
        "",
        "$$y = \\frac{x - \\mu}{\\sigma} \\cdot \\gamma + \\beta$$",
        "",
        "$$y = \\sigma$$",
        "",
        "$$x - \\mu$$",
        "",
        "$$\\cdot \\gamma + \\beta$$",
        "",
        "where γ and β are learnable parameters.",
      ].join("\n"),
    );
    expect(r.text).toBe("Formula:\n\n$$y = \\frac{x - \\mu}{\\sigma} \\cdot \\gamma + \\beta$$\n\nwhere γ and β are learnable parameters.");
    expect(r.diagnostics.map((d) => d.line)).toEqual([104, 106, 108]);
    expect(r.diagnostics.every((d) => d.rule === "pasted-math" && d.severity === "info" && d.file === "m.md")).toBe(true);
    expect(r.groups).toEqual([102]);
    parsesAll(r.text);
  });

  it("drops a consecutive duplicate", () => {
    expect(run("$$y = x + f(x)$$\n\n$$y = x + f(x)$$\n\nPurpose: gradients flow.").text).toBe("$$y = x + f(x)$$\n\nPurpose: gradients flow.");
  });

  it("keeps the more complete of two restatements, and plain-symbol fragments go too", () => {
    const r = run(
      [
        "$$L = \\sum_i \\lambda^2 F_i (\\theta_i - \\theta_i^*)^2$$",
        "$$L = \\sum_i \\frac{\\lambda}{2} F_i (\\theta_i - \\theta_i^*)^2$$",
        "",
        "Σ",
        "",
        "λ",
        "",
        "F_i",
        "",
        "$)^2$",
        "",
        "where F_i is the Fisher information.",
      ].join("\n"),
    );
    expect(r.text).toBe("$$L = \\sum_i \\frac{\\lambda}{2} F_i (\\theta_i - \\theta_i^*)^2$$\n\nwhere F_i is the Fisher information.");
    expect(r.lines[0].line).toBe(100);
  });

  it("joins a sentence the fragments cut in two", () => {
    const r = run("Formula: Adds $\\lambda \\|W\\|_2^2$\n\n$\\lambda \\|W\\|_2^2$\n\nto loss function.\n\nNext point.");
    expect(r.text).toBe("Formula: Adds $\\lambda \\|W\\|_2^2$ to loss function.\n\nNext point.");
  });

  it("keeps genuinely new formulas and prose that follow", () => {
    const text = "$T < 1$: more deterministic.\n\n$T > 1$: more random.\n\n$$a = b$$\n\n$$c = d$$\n\nRange: -1 to 1.";
    expect(run(text).text).toBe(text);
  });

  it("keeps a copy-2 bullet list with inline math intact", () => {
    const text = "- **Formula:** $m_t = \\beta_1 * m_{t-1} + (1 - \\beta_1) * g_t$\n $v_t = \\beta_2 * v_{t-1}$\n-\n- **Why:** stable.";
    expect(reducePastedMath(toSourceLines(text), "m.md").lines.map((l) => l.text).join("\n")).toBe(text);
  });

  it("never touches code", () => {
    const text = "$$a = b$$\n```\n$$a = b$$\nb\n```";
    expect(run(text).text).toBe(text);
  });
});

describe("dedupeQuadPairs", () => {
  it("reduces `A \\quad A` and keeps the longer of two restated halves", () => {
    const r = dedupeQuadPairs(
      toSourceLines("$$P(w) = \\prod_i p_i \\quad P(w) = \\prod_i p_i$$\n$$s = \\log P / n \\quad s = \\frac{\\log P}{n}$$\n$$m = 1 \\quad , \\quad v = 2$$"),
      "m.md",
    );
    expect(r.lines.map((l) => l.text)).toEqual(["$$P(w) = \\prod_i p_i$$", "$$s = \\frac{\\log P}{n}$$", "$$m = 1 \\quad , \\quad v = 2$$"]);
    expect(r.diagnostics.map((d) => d.line)).toEqual([1, 2]);
  });
});

describe("repairDoubledSymbols", () => {
  it("joins 'AA' / 'A and BB' / 'B to …' into one sentence with inline math", () => {
    const r = repairDoubledSymbols(toSourceLines("Solution: Add low-rank matrices AA\n\nA and BB\n\nB to weight updates:\n\nNext."), "m.md");
    expect(joinSourceLines(r.lines)).toBe("Solution: Add low-rank matrices $A$ and $B$ to weight updates:\n\nNext.");
    expect(r.lines[0].line).toBe(1);
  });
  it("reduces a doubled inline formula and leaves words like 'all' alone", () => {
    const r = repairDoubledSymbols(toSourceLines("where $F_i F_i$\n\nWe use all\n\nall of it."), "m.md");
    expect(joinSourceLines(r.lines)).toBe("where $F_i$\n\nWe use all\n\nall of it.");
  });
});

describe("normalizeStrayTex", () => {
  it("replaces \\rightarrow outside math and code only", () => {
    const r = normalizeStrayTex(toSourceLines("softmax \\rightarrow weights, $a \\rightarrow b$, `\\rightarrow`"), "m.md");
    expect(r.lines[0].text).toBe("softmax → weights, $a \\rightarrow b$, `\\rightarrow`");
    expect(r.diagnostics).toHaveLength(1);
  });
});
