import { describe, expect, it } from "vitest";
import { argmax, filterDistribution, mulberry32, sampleDistribution, sampleNext } from "@/lib/model";

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

  // Hand-computed: logits = 2·ln(w) with w = 40,20,15,10,8,4,2,1 (sum 100), so at T = 2 the softmax is
  // exactly w/100. Top-k 5 keeps 40..8 (mass 0.93) and renormalises: 0.430, 0.215, 0.161, 0.108, 0.086.
  // Top-p 0.8 on that column: 0.430, 0.645, 0.806 → 3 characters, renormalised 40/75, 20/75, 15/75.
  // (Summing the mass before top-k, 0.40, 0.60, 0.75, 0.85, would keep 4.)
  const w = [40, 20, 15, 10, 8, 4, 2, 1];
  const wLogits = w.map((x) => 2 * Math.log(x));

  it("temperature 2 on 2·ln(w) gives w/100", () => {
    const f = filterDistribution(wLogits, { temperature: 2 });
    f.probs.forEach((p, i) => expect(p).toBeCloseTo(w[i] / 100, 12));
    expect(f.kept).toBe(8);
  });

  it("top-k 5 renormalises the five largest: w/93", () => {
    const f = filterDistribution(wLogits, { temperature: 2, topK: 5 });
    expect(f.kept).toBe(5);
    expect(Array.from(f.probs)).toEqual(w.map((x, i) => (i < 5 ? expect.closeTo(x / 93, 12) : 0)));
  });

  it("top-p after top-k works on the renormalised column: T=2, k=5, p=0.8 keeps 3", () => {
    const f = filterDistribution(wLogits, { temperature: 2, topK: 5, topP: 0.8 });
    expect(f.kept).toBe(3);
    expect(Array.from(f.probs)).toEqual([expect.closeTo(40 / 75, 12), expect.closeTo(20 / 75, 12), expect.closeTo(15 / 75, 12), 0, 0, 0, 0, 0]);
    // p = 0.64 stops at two (0.430 + 0.215 = 0.645); with no top-k, p = 0.8 needs 4 (0.40+0.20+0.15+0.10)
    expect(filterDistribution(wLogits, { temperature: 2, topK: 5, topP: 0.64 }).kept).toBe(2);
    expect(filterDistribution(wLogits, { temperature: 2, topP: 0.8 }).kept).toBe(4);
  });

  it("temperature alone keeps every character, even once the float sum of the column reaches 1", () => {
    // softmax([40, 0, …, 0]): the first p is 1 − 9e-18, which rounds to 1 in float64.
    const peaked = [40, ...Array.from({ length: 9 }, () => 0)];
    expect(sampleDistribution(peaked, {})[0]).toBe(1);
    expect(filterDistribution(peaked, { temperature: 1 }).kept).toBe(10);
    expect(filterDistribution(peaked, { temperature: 1, topP: 1 }).kept).toBe(10);
    expect(filterDistribution(peaked, { temperature: 0.5, topK: 4 }).kept).toBe(4);
    expect(filterDistribution(peaked, { greedy: true }).kept).toBe(1);
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
