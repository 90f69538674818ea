import fs from "node:fs";
import path from "node:path";

const TOPICS = ["attention", "softmax", "layer norm", "residual stream", "KV cache", "tokenizer", "embedding", "perplexity", "temperature", "top-p"];

/**
 * Write `n` cards in canonical Markdown under `dir`: 500 cards a file, in nested decks, a third
 * with inline math, a tenth with display math, a twentieth with a code fence: roughly the mix of
 * the seeds.
 */
/**
 * `variant` rewrites the same cards for the identity benchmarks: "reworded" asks each question
 * in other words (same card, same history), "different" asks other questions (new cards).
 * `skip(i)` leaves card i out (deleted by the author: retired).
 */
export interface GenerateOptions {
  perFile?: number;
  variant?: "base" | "reworded" | "different";
  skip?: (i: number) => boolean;
}

function questionFor(i: number, topic: string, variant: GenerateOptions["variant"]): string {
  const width = 64 + (i % 7) * 64;
  if (variant === "reworded") return `Q: Question ${i}: how does the ${topic} behave once the model's width is ${width}?`;
  if (variant === "different") return `Q: Exercise ${1_000_000 + i}: why would ${TOPICS[(i + 3) % TOPICS.length]} diverge at batch size ${8 + (i % 5) * 8} and depth ${i % 97}?`;
  return `Q: Question ${i}: how does ${topic} behave when the model width is ${width}?`;
}

export function generateContent(dir: string, n: number, options: GenerateOptions | number = {}): void {
  const { perFile = 500, variant = "base", skip = () => false } = typeof options === "number" ? { perFile: options } : options;
  for (let f = 0; f * perFile < n; f++) {
    const lines = [`---`, `deck: Generated / Part ${Math.floor(f / 10)} / File ${f}`, `tags: [generated]`, `---`, ``];
    for (let i = f * perFile; i < Math.min(n, (f + 1) * perFile); i++) {
      if (skip(i)) continue;
      const topic = TOPICS[i % TOPICS.length];
      if (i % 100 === 0) lines.push(`# Section ${i / 100}`, ``);
      lines.push(questionFor(i, topic, variant));
      let answer = `A: For card ${i}, ${topic} depends on the **width** and on the sequence length ${i % 512}.`;
      if (i % 3 === 0) answer += ` The scale is $\\frac{1}{\\sqrt{d_k}}$ with $d_k = ${(i % 8) * 16 + 16}$.`;
      lines.push(answer);
      if (i % 10 === 0) lines.push(``, `$$\\operatorname{softmax}(z)_i = \\frac{e^{z_i / T}}{\\sum_j e^{z_j / T}}$$`);
      if (i % 20 === 0) lines.push(``, "```python", `scores = q @ k.T / math.sqrt(${i % 64 + 1})`, "```");
      lines.push(``);
    }
    fs.writeFileSync(path.join(dir, `generated-${String(f).padStart(4, "0")}.md`), lines.join("\n"));
  }
}
