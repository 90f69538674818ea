import { describe, expect, it } from "vitest";
import { default_w, forgetting_curve } from "ts-fsrs";
import { explainRetention, workloadFactor } from "@/lib/srs";

describe("workloadFactor", () => {
  it("is 1 at 90%, above 1 above it and below 1 below it, rising with retention", () => {
    expect(workloadFactor(0.9)).toBeCloseTo(1, 10);
    expect(workloadFactor(0.95)).toBeGreaterThan(1);
    expect(workloadFactor(0.85)).toBeLessThan(1);
    const rs = [0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99];
    const fs = rs.map((r) => workloadFactor(r));
    for (let i = 1; i < fs.length; i++) expect(fs[i]).toBeGreaterThan(fs[i - 1]);
  });

  it("uses the interval at which ts-fsrs' forgetting curve reaches r", () => {
    // interval ratio I(0.95)/I(0.9): after that many stabilities, retrievability is 0.95
    const f = workloadFactor(0.95);
    const ratio = ((1 + (1 - 0.95)) / (1 + (1 - 0.9))) / f; // undo the failure term
    expect(forgetting_curve([...default_w], ratio * 10, 10)).toBeCloseTo(0.95, 5);
  });

  it("depends on the personal decay w[20]", () => {
    const steep = [...default_w];
    steep[20] = 0.5; // FSRS-5 decay
    expect(workloadFactor(0.95, steep)).not.toBeCloseTo(workloadFactor(0.95), 2);
    expect(workloadFactor(0.95, steep)).toBeGreaterThan(1);
  });

  it("rejects retention outside (0, 1)", () => {
    expect(() => workloadFactor(1)).toThrow(RangeError);
    expect(() => workloadFactor(0)).toThrow(RangeError);
  });
});

describe("explainRetention", () => {
  it("states the multiple of 90%'s reviews and the share forgotten", () => {
    expect(explainRetention(0.95)).toMatch(/^At 95% you will do about \d\.\d× the reviews of 90%, and you will forget about 1 card in 20/);
    expect(explainRetention(0.85)).toMatch(/^At 85% you will do about 0\.\d× the reviews of 90% \(about \d+% fewer\), but you will forget about 1 card in 7/);
    expect(explainRetention(0.9)).toContain("1 card in 10");
  });
});

describe("explainRetention beside the workload simulator (issue 17)", () => {
  it("says its figure is the long run and why the simulator's next weeks differ less", () => {
    for (const r of [0.8, 0.95]) {
      const text = explainRetention(r);
      expect(text).toContain("long run");
      expect(text).toMatch(/workload simulator on the Statistics page shows the next weeks, which change less/);
      expect(text).toMatch(/keep the due dates they already have/);
    }
    expect(explainRetention(0.8)).toMatch(/real saving is smaller/);
  });
});
