import { describe, expect, it } from "vitest";
import { isChatterOpener, removeChatChatter } from "@/lib/content/clean/chat-chatter";
import { joinSourceLines, toSourceLines } from "@/lib/content/clean/source-lines";

function clean(text: string) {
  return removeChatChatter(toSourceLines(text), "chat.md");
}

describe("isChatterOpener", () => {
  it.each([
    "You asked:",
    "You said:",
    "ChatGPT said:",
    "💡 **Gemini Replied:**",
    "✦ Gemini Replied:",
    "Expanded Q&A (1–20)",
    "✅ That's 41–60 expanded.",
    "✅ That's 271–290 complete.",
    "👉 That's the first 20 questions expanded.",
    "Want me to push 181–200 right now?",
    "Do you want me to continue with 201–220 now, or would you like me to increase chunk size?",
    "Would you like me to continue in the same 20-by-20 expanded batches, so we cover all 500 eventually?",
    "Perfect ✅ marching on — we'll go through all the questions in order.",
    "Great 👍 — let's continue in the same 20-question expanded batch style.",
  ])("%s", (line) => expect(isChatterOpener(line)).toBe(true));

  it.each([
    "Attention score = similarity(Q, K) → usually dot product.",
    "Perfect calibration: If model says 70% confidence → ~70% answers are correct.",
    "Great care is needed with learning rates.",
    "Do you want to use LoRA? Only if memory is tight.",
    "That's why we scale by sqrt(d).",
    "- **Pros:** Very fast, easy, no installation required.",
  ])("not %s", (line) => expect(isChatterOpener(line)).toBe(false));
});

describe("removeChatChatter", () => {
  it("removes a block from its opener to the next question, with one diagnostic at file:line", () => {
    const text = [
      "1. Q: What is a token?", // 1
      "A:", // 2
      "A unit of text.", // 3
      "", // 4
      "✅ That's 1–1 done.", // 5
      "", // 6
      "Want me to push 2–3?", // 7
      "You said:", // 8
      "yes", // 9
      "ChatGPT said:", // 10
      "Perfect 🚀 let's continue.", // 11
      "Expanded Q&A (2–3)", // 12
      "2. Q: What is a logit?", // 13
      "A:", // 14
      "A raw score.", // 15
    ].join("\n");
    const r = clean(text);
    expect(joinSourceLines(r.lines)).toBe("1. Q: What is a token?\nA:\nA unit of text.\n\n2. Q: What is a logit?\nA:\nA raw score.");
    expect(r.lines.map((l) => l.line)).toEqual([1, 2, 3, 4, 13, 14, 15]);
    expect(r.blocks).toEqual([{ start: 5, end: 12, text: expect.arrayContaining(["yes", "You said:"]) }]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ file: "chat.md", line: 5, severity: "info", rule: "chat-chatter" })]);
  });

  it("runs a trailing conversation to the end of the file", () => {
    const r = clean("Q: What is BPE?\nA: Merging pairs.\n\nYou asked:\n\nhow do i load this to a docx\n\n✦ Gemini Replied:\n\n1. **Install Pandoc**\n");
    expect(joinSourceLines(r.lines)).toBe("Q: What is BPE?\nA: Merging pairs.\n");
    expect(r.blocks).toHaveLength(1);
    expect(r.blocks[0].start).toBe(4);
  });

  it("leaves code fences alone", () => {
    const text = "Q: Show a chat log.\nA:\n```\nYou said:\nhello\n```\nDone.";
    const r = clean(text);
    expect(joinSourceLines(r.lines)).toBe(text);
    expect(r.diagnostics).toEqual([]);
  });

  it("accepts a custom content start", () => {
    const r = removeChatChatter(toSourceLines("You asked:\nplease\n## Next\nbody"), "x.md", { isContentStart: (t) => t.startsWith("## ") });
    expect(joinSourceLines(r.lines)).toBe("## Next\nbody");
  });

  it("keeps text without chatter unchanged", () => {
    const text = "Q: What is top-k?\nA: Keep k tokens.\n\nQ: What is top-p?\nA: Keep mass p.";
    expect(joinSourceLines(clean(text).lines)).toBe(text);
  });
});
