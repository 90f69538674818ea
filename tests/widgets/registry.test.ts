import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseContent, type CardItem, type TestItem } from "@/lib/content";
import { readContentDir } from "@/lib/ingest/files";
import { WIDGETS, proposeWidgets, widgetsFor, widgetsForTestQuestion } from "@/lib/widgets/registry";

const content = parseContent(readContentDir(path.resolve(import.meta.dirname, "../../content")));
const cards = content.items.filter((i): i is CardItem => i.kind === "card");
const test = content.items.find((i): i is TestItem => i.kind === "test")!;

function card(file: string, question: RegExp): CardItem {
  const found = cards.filter((c) => c.source.file.startsWith(file) && question.test(c.question));
  expect(found.length, `${file} ${question}`).toBeGreaterThan(0);
  return found[0];
}

describe("widget registry", () => {
  it("has unique names and default params for every widget", () => {
    expect(new Set(WIDGETS.map((w) => w.name)).size).toBe(WIDGETS.length);
    for (const w of WIDGETS) expect(w.params).toBeTypeOf("object");
  });

  it("gives the comprehension test's questions 3, 5, 6, 7, 11, 16, 17, 18, 19 the right widget", () => {
    const expected: Record<number, string> = {
      3: "shape-journey",
      5: "attention-scaling",
      6: "causal-mask",
      7: "multi-head",
      11: "perplexity",
      16: "sampling",
      17: "kv-cache",
      18: "sampling",
      19: "parameter-count",
    };
    for (const [n, widget] of Object.entries(expected)) {
      const q = test.questions.find((q) => q.number === Number(n))!;
      expect(widgetsForTestQuestion(q), `question ${n}`).toContain(widget);
    }
    // Tokenization, Q/K/V in your own words, gradient clipping: nothing to run.
    for (const n of [1, 4, 15, 20]) expect(widgetsForTestQuestion(test.questions.find((q) => q.number === n)!), `question ${n}`).toEqual([]);
  });

  it("gives the review outline's questions their widgets", () => {
    const outline = "transformers-review-outline";
    const cases: [RegExp, string][] = [
      [/divide by √d\? Prove/, "attention-scaling"],
      [/why divide by √d at all/, "attention-scaling"],
      [/Compute softmax\(\[1, 2, 3\]\) by hand/, "sampling"],
      [/temperature in softmax sampling\? What are top-k and top-p/, "sampling"],
      [/3 iterations of gradient descent/, "gradient-descent"],
      [/one step of SGD with momentum/, "gradient-descent"],
      [/calculate the total parameter count/, "parameter-count"],
      [/memory and compute complexity of self-attention/, "parameter-count"],
      [/Implement a Multi-Head Attention block from scratch/, "shape-journey"], // attached by directive
    ];
    for (const [q, widget] of cases) expect(widgetsFor(card(outline, q)), String(q)).toContain(widget);
  });

  it("gives the chat export's questions their widgets", () => {
    const chat = "llm-interview-chat-export";
    const cases: [RegExp, string][] = [
      [/^What is temperature in text generation\?/, "sampling"],
      [/^What is top-k sampling\?/, "sampling"],
      [/^What is nucleus \(top-p\) sampling\?/, "sampling"],
      [/^What is the KV cache in Transformers\?/, "kv-cache"],
      [/^What is causal masking\?/, "causal-mask"],
      [/^What is positional encoding in Transformers\?/, "positional-encoding"],
      [/^What is perplexity\?/, "perplexity"],
      [/^What is layer normalization\?/, "layer-norm"],
      [/^What is self-attention\?/, "multi-head"],
      [/^What is multi-head attention\?/, "multi-head"],
    ];
    for (const [q, widget] of cases) expect(widgetsFor(card(chat, q)), String(q)).toContain(widget);
  });

  it("gives the prompt list's matching study questions their widgets", () => {
    const list = "study-questions";
    const cases: [RegExp, string][] = [
      [/temperature in sampling/, "sampling"],
      [/top-k and top-p sampling/, "sampling"],
      [/KV caching/, "kv-cache"],
      [/causal masking/, "causal-mask"],
      [/positional encoding works/, "positional-encoding"],
      [/perplexity/, "perplexity"],
      [/layer normalization/, "layer-norm"],
      [/multi-head attention mechanism/, "multi-head"],
      [/gradient descent optimize/, "gradient-descent"],
    ];
    for (const [q, widget] of cases) expect(widgetsFor(card(list, q)), String(q)).toContain(widget);
  });

  it("avoids false positives", () => {
    expect(proposeWidgets("What is top-k vs top-p retrieval?")).toEqual([]);
    expect(proposeWidgets("What is masked language modeling?")).toEqual([]);
    expect(proposeWidgets("What is multi-query attention (MQA)?")).toEqual([]);
    expect(proposeWidgets("What is rotary positional encoding (RoPE)?")).toEqual([]);
    expect(proposeWidgets("What is calibration in LLMs? Temperature scaling of a classifier")).toEqual([]);
    expect(proposeWidgets("Why do transformers use layer norm instead of batch norm?")).toEqual([]);
    expect(proposeWidgets("What is BPE?")).toEqual([]);
    // Widgets in the whole seed set stay on topic: a card gets at most two proposals.
    for (const c of cards) expect(widgetsFor(c).length, c.question).toBeLessThanOrEqual(2);
  });

  it("keeps the author's widgets first and honours no-auto-widgets", () => {
    const base = { question: "What is temperature in sampling?", widgets: ["kv-cache"], noAutoWidgets: false };
    expect(widgetsFor(base)).toEqual(["kv-cache", "sampling"]);
    expect(widgetsFor({ ...base, noAutoWidgets: true })).toEqual(["kv-cache"]);
    expect(widgetsFor({ ...base, widgets: ["sampling", "no-such-widget"] })).toEqual(["sampling"]);
  });
});
