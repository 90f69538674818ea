import { describe, expect, it } from "vitest";
import { DEFAULT_MERGE_THRESHOLD, mergeDuplicateCards, sameAnswerText, sameQuestion } from "@/lib/content/merge";
import { newCard, type CardItem } from "@/lib/content/types";

function card(question: string, answer: string | null, line: number, deck = ["Deck"]): CardItem {
  return newCard({ deck, question, answer, source: { file: "f.md", line } });
}

describe("sameQuestion", () => {
  // Pairs from seed 004 that ask the same thing.
  const same: [string, string][] = [
    ["What is perplexity?", "What is Perplexity?"],
    ["What is mixed precision training?", "What is mixed-precision training?"],
    ["What is FlashAttention?", "What is flash attention?"],
    ["What is reinforcement learning from human feedback (RLHF)?", "What is RLHF (Reinforcement Learning from Human Feedback)?"],
    ["What is nucleus (top-p) sampling?", "What is nucleus sampling (top-p)?"],
    ["What is activation recomputation?", "What is activation recomputation (checkpointing)?"],
    ["What is perplexity?", "What is perplexity again, in depth?"],
    ["What is LoRA (Low-Rank Adaptation)?", "What is LoRA in detail?"],
    ["What is distributed data parallel (DDP) in PyTorch?", "What is PyTorch DistributedDataParallel (DDP)?"],
    ["What is Kubernetes (K8s) in LLM deployment?", "What is Kubernetes (K8s) role in LLM deployment?"],
    ["What is Triton Inference Server?", "What is NVIDIA Triton Inference Server?"],
    ["What is a vector database in RAG?", "What is a vector database?"],
  ];
  // Look-alikes that are different questions (several score above the threshold on similarity alone).
  const different: [string, string][] = [
    ["What is top-k sampling?", "What is top-p sampling?"],
    ["What is top-k sampling?", "What is nucleus (top-p) sampling?"],
    ["What is FlashAttention?", "What is FlashAttention-2?"], // 0.96 similar
    ["What is TensorRT?", "What is TensorRT-LLM?"],
    ["What is Adam optimizer?", "What is AdamW optimizer?"],
    ["What is ZeRO optimizer?", "What is ZeRO-Infinity?"],
    ["What are embeddings in NLP?", "What are embeddings in RAG?"],
    ["What is distillation in NLP?", "What is distillation in LLMs?"],
    ["What is overfitting in LLMs?", "What is underfitting in LLMs?"],
    ["What is few-shot learning in LLMs?", "What is zero-shot learning in LLMs?"],
    ["What is static quantization?", "What is dynamic quantization?"],
    ["What is 4-bit quantization?", "What is 8-bit quantization?"],
    ["What is pipeline parallelism?", "What is tensor vs pipeline parallelism?"],
    // issue 12: matching once stripped `^ * - _ $`, so these merged as duplicates
    ["What is $2^{10}$?", "What is $2*10$?"],
    ["What is the derivative of $e^{x}$?", "What is the derivative of $e^{-x}$?"],
    ["Expand $x_2$", "Expand $x^2$"],
    ["What is PEFT (Parameter-Efficient Fine-Tuning)?", "What is full finetuning vs PEFT (Parameter-Efficient Fine-Tuning)?"],
    ["What is alignment in LLMs?", "What is safety alignment in LLMs?"],
    ["What is pipeline parallelism?", "What is inference pipeline parallelism?"],
    ["What is beam search?", "What is diverse beam search?"],
    ["What is retrieval latency?", "What is retrieval latency amortization?"],
    ["What is hallucination in LLMs?", "What is hallucination mitigation?"],
    ["What is load balancing?", "What is load balancing in MoE inference?"],
    ["What is multi-hop retrieval?", "What is multi-vector retrieval?"],
    ["What is a pod in Kubernetes?", "What is a service in Kubernetes?"],
  ];
  it.each(same)("merges %s / %s", (a, b) => {
    expect(sameQuestion(a, b)).toBe(true);
    expect(sameQuestion(b, a)).toBe(true);
  });
  it.each(different)("keeps apart %s / %s", (a, b) => {
    expect(sameQuestion(a, b)).toBe(false);
    expect(sameQuestion(b, a)).toBe(false);
  });
  it("uses a threshold of 0.8 by default", () => {
    expect(DEFAULT_MERGE_THRESHOLD).toBe(0.8);
    // "gradient accumulation in PyTorch" is 0.79 similar: just below, kept as its own card.
    expect(sameQuestion("What is gradient accumulation?", "What is gradient accumulation in PyTorch?")).toBe(false);
    expect(sameQuestion("What is gradient accumulation?", "What is gradient accumulation in PyTorch?", 0.75)).toBe(true);
  });
});

describe("sameAnswerText", () => {
  it("ignores formatting only", () => {
    expect(sameAnswerText("Core idea: attend.\n\nWhy: speed.", "- **Core idea:** attend.\n- **Why:** speed.")).toBe(true);
    expect(sameAnswerText("softmax \\rightarrow weights", "softmax → weights")).toBe(true);
    expect(sameAnswerText("Range: 0 to 1.", "Range: -1 to 1 (1 = identical).")).toBe(false);
  });
});

describe("mergeDuplicateCards", () => {
  it("keeps the first question and answer, adds other answers as alternatives with their lines", () => {
    const { cards, diagnostics } = mergeDuplicateCards([
      card("What is top-k sampling?", "Keep the k best tokens.", 1),
      card("What is top-p sampling?", "Keep the smallest set with mass p.", 5),
      card("What is Top-K sampling?", "Sample among the k most likely.", 9),
      card("What is top-k sampling?", "Keep the k best tokens.", 13), // identical: not repeated
      card("What is top k sampling?", "- **Keep** the k best tokens.", 17), // same text, other format
    ]);
    expect(cards.map((c) => c.question)).toEqual(["What is top-k sampling?", "What is top-p sampling?"]);
    const [topK, topP] = cards;
    expect(topK.answer).toBe("Keep the k best tokens.");
    expect(topK.alternatives).toEqual([{ answer: "Sample among the k most likely.", source: { file: "f.md", line: 9 } }]);
    expect(topK.sources.map((s) => s.line)).toEqual([1, 9, 13, 17]);
    expect(topK.group).toMatch(/^dup:/);
    expect(topP.group).toBeNull();
    expect(topP.sources).toEqual([{ file: "f.md", line: 5 }]);
    expect(diagnostics).toHaveLength(3);
    expect(diagnostics.every((d) => d.rule === "duplicate-merged" && d.severity === "info")).toBe(true);
    expect(diagnostics.map((d) => d.line)).toEqual([9, 13, 17]);
  });

  it("loses no answer text", () => {
    const input = [
      card("What is KV cache?", "A", 1),
      card("What is the KV cache?", "B", 2),
      card("what is kv cache", null, 3),
      card("What is KV-cache?", "C", 4),
    ];
    input[3].alternatives.push({ answer: "D", source: { file: "g.md", line: 40 } });
    const { cards } = mergeDuplicateCards(input);
    expect(cards).toHaveLength(1);
    const texts = [cards[0].answer, ...cards[0].alternatives.map((a) => a.answer)];
    expect(texts).toEqual(["A", "B", "C", "D"]);
    expect(cards[0].alternatives.at(-1)!.source).toEqual({ file: "g.md", line: 40 });
  });

  it("gives an open card the first answer of a later copy", () => {
    const { cards } = mergeDuplicateCards([card("Why scale by sqrt(d)?", null, 1), card("Why scale by sqrt(d)?", "Variance.", 7)]);
    expect(cards[0].answer).toBe("Variance.");
    expect(cards[0].alternatives).toEqual([]);
  });

  it("does not merge across decks and does not mutate its input", () => {
    const a = card("What is attention?", "x", 1, ["A"]);
    const b = card("What is attention?", "y", 2, ["B"]);
    const { cards } = mergeDuplicateCards([a, b]);
    expect(cards).toHaveLength(2);
    const c = card("What is attention?", "x", 1);
    const d = card("What is attention?", "y", 2);
    mergeDuplicateCards([c, d]);
    expect(c.alternatives).toEqual([]);
    expect(c.sources).toHaveLength(1);
  });

  it("scales to thousands of distinct cards", () => {
    const many = Array.from({ length: 5000 }, (_, i) => card(`What is concept number ${i} of model ${i % 7}?`, `a${i}`, i + 1));
    const t0 = performance.now();
    const { cards } = mergeDuplicateCards(many);
    expect(cards.length).toBeGreaterThan(4000);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});
