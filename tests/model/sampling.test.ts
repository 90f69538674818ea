import { describe, expect, it } from "vitest";
import { argmax, mulberry32, sampleDistribution, sampleNext } from "@/lib/model";

const logits = [2.0, 1.0, 0.5, 0.1, -1.0, 3.0];

describe("sampling (question 18)", () => {
  it("a seed reproduces the same draws; another seed differs", () => {
    const draw = (seed: number) => {
      const r = mulberry32(seed);
      return Array.from({ length: 50 }, () => sampleNext(logits, { temperature: 1 }, r));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it("greedy (or temperature 0) takes the argmax", () => {
    const r = mulberry32(1);
    expect(sampleNext(logits, { greedy: true }, r)).toBe(5);
    expect(sampleNext(logits, { temperature: 0 }, r)).toBe(5);
    expect(argmax(logits)).toBe(5);
  });

  it("temperature: low sharpens toward the argmax, high flattens toward uniform", () => {
    const cold = sampleDistribution(logits, { temperature: 0.05 });
    const hot = sampleDistribution(logits, { temperature: 100 });
    expect(cold[5]).toBeGreaterThan(0.999);
    for (const p of hot) expect(p).toBeCloseTo(1 / logits.length, 1);
    const base = sampleDistribution(logits, {});
    const exp = logits.map(Math.exp), z = exp.reduce((a, b) => a + b);
    base.forEach((p, i) => expect(p).toBeCloseTo(exp[i] / z, 12));
  });

  it("top-k keeps the k most likely, renormalised", () => {
    const p = sampleDistribution(logits, { topK: 2 });
    expect([...p].map((x) => x > 0)).toEqual([true, false, false, false, false, true]);
    expect(p[0] + p[5]).toBeCloseTo(1, 12);
    expect(p[5] / p[0]).toBeCloseTo(Math.exp(1), 10);
  });

  it("top-p keeps the smallest set reaching p", () => {
    const base = sampleDistribution(logits, {});
    // sorted: 5 (≈0.60), 0 (≈0.22), 1 (≈0.08) …
    expect(base[5]).toBeLessThan(0.7);
    const p = sampleDistribution(logits, { topP: 0.7 });
    expect([...p].map((x) => x > 0)).toEqual([true, false, false, false, false, true]);
    const q = sampleDistribution(logits, { topP: 0.5 });
    expect([...q].map((x) => x > 0)).toEqual([false, false, false, false, false, true]);
  });

  it("draws follow the distribution", () => {
    const r = mulberry32(99);
    const counts = new Array(logits.length).fill(0);
    const n = 20000;
    for (let i = 0; i < n; i++) counts[sampleNext(logits, { topK: 3 }, r)]++;
    const p = sampleDistribution(logits, { topK: 3 });
    counts.forEach((c, i) => expect(Math.abs(c / n - p[i])).toBeLessThan(0.015));
  });
});
