import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, deckOverrideSchema, mergeSettings, parseSteps, settingsForTesting, settingsSchema } from "@/lib/srs";

const messages = (input: unknown) => {
  const r = settingsSchema.safeParse(input);
  expect(r.success).toBe(false);
  return Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
};

describe("settingsSchema", () => {
  it("fills every missing or blank field with the default", () => {
    expect(settingsSchema.parse({})).toEqual(DEFAULT_SETTINGS);
    expect(settingsSchema.parse({ newPerDay: "", learningSteps: "  ", weights: "" })).toEqual(DEFAULT_SETTINGS);
  });

  it("coerces form strings", () => {
    const s = settingsSchema.parse({
      desiredRetention: "0.85",
      newPerDay: "10",
      maxReviewsPerDay: "500",
      learningSteps: "1m 10m, 1h,1d",
      relearningSteps: "5m",
      maximumIntervalDays: "3650",
      enableFuzz: "off",
      leechThreshold: "6",
      leechAction: "tag",
      dayRolloverHour: "0",
      weights: Array.from({ length: 21 }, (_, i) => (i === 20 ? "0.2" : "1")).join(", "),
    });
    expect(s).toMatchObject({
      desiredRetention: 0.85,
      newPerDay: 10,
      maxReviewsPerDay: 500,
      learningSteps: ["1m", "10m", "1h", "1d"],
      relearningSteps: ["5m"],
      maximumIntervalDays: 3650,
      enableFuzz: false,
      leechThreshold: 6,
      leechAction: "tag",
      dayRolloverHour: 0,
    });
    expect(s.weights).toHaveLength(21);
    expect(s.weights?.[20]).toBe(0.2);
  });

  it("reads retention as a fraction or a percentage", () => {
    expect(settingsSchema.parse({ desiredRetention: "92" }).desiredRetention).toBeCloseTo(0.92);
    expect(settingsSchema.parse({ desiredRetention: "95%" }).desiredRetention).toBeCloseTo(0.95);
    expect(settingsSchema.parse({ desiredRetention: 0.9 }).desiredRetention).toBe(0.9);
  });

  it("reads checkboxes", () => {
    expect(settingsSchema.parse({ enableFuzz: "on" }).enableFuzz).toBe(true);
    expect(settingsSchema.parse({ enableFuzz: "false" }).enableFuzz).toBe(false);
    expect(settingsSchema.parse({ enableFuzz: false }).enableFuzz).toBe(false);
  });

  it("allows empty step lists (FSRS then schedules from the first answer)", () => {
    expect(settingsSchema.parse({ learningSteps: [], relearningSteps: [] })).toMatchObject({ learningSteps: [], relearningSteps: [] });
  });

  it("explains bad input per field", () => {
    expect(
      messages({
        desiredRetention: "0.5",
        newPerDay: "lots",
        maxReviewsPerDay: "-1",
        learningSteps: "1m 10x",
        relearningSteps: "0m",
        maximumIntervalDays: "2.5",
        enableFuzz: "maybe",
        leechAction: "delete",
        dayRolloverHour: "24",
        weights: "1, 2, 3",
      }),
    ).toEqual({
      desiredRetention: "Desired retention must be between 70% and 99%",
      newPerDay: "New cards per day must be a number",
      maxReviewsPerDay: "Maximum reviews per day must be at least 0",
      learningSteps: expect.stringContaining('Learning steps: "10x" is not a step: write a number followed by m, h or d'),
      relearningSteps: 'Relearning steps: "0m" must be longer than zero',
      maximumIntervalDays: "Maximum interval must be a whole number",
      enableFuzz: "Fuzz must be on or off",
      leechAction: 'Leech action must be "suspend" or "tag"',
      dayRolloverHour: "Day rollover hour must be at most 23",
      weights: "FSRS parameters must be exactly 21 numbers (FSRS-6)",
    });
    expect(messages({ desiredRetention: "1%" }).desiredRetention).toBe("Desired retention must be between 70% and 99%");
    expect(messages({ weights: "1 2 x" }).weights).toBeDefined();
  });

  it("reports each bad step", () => {
    expect(parseSteps("1m 2w 3s, 1.5h")).toEqual({
      steps: ["1m", "1.5h"],
      errors: [
        '"2w" is not a step: write a number followed by m, h or d (e.g. 10m)',
        '"3s" is not a step: write a number followed by m, h or d (e.g. 10m)',
      ],
    });
  });
});

describe("per-deck overrides", () => {
  it("deckOverrideSchema keeps only the fields the author set", () => {
    expect(deckOverrideSchema.parse({ newPerDay: "5", desiredRetention: "", learningSteps: "" })).toEqual({ newPerDay: 5 });
  });

  it("mergeSettings puts the deck's values over the learner's", () => {
    const learner = settingsForTesting({ desiredRetention: 0.85, newPerDay: 30 });
    const merged = mergeSettings(learner, { newPerDay: 5, learningSteps: ["10m", "1h"], maxReviewsPerDay: undefined });
    expect(merged).toEqual({ ...learner, newPerDay: 5, learningSteps: ["10m", "1h"] });
    expect(learner.newPerDay).toBe(30); // base untouched
    merged.relearningSteps.push("1d");
    expect(learner.relearningSteps).toEqual(["10m"]); // arrays copied
  });

  it("an override of weights: null means default parameters for that deck", () => {
    const w = Array.from({ length: 21 }, () => 0.5);
    expect(mergeSettings(settingsForTesting({ weights: w }), { weights: null }).weights).toBeNull();
    expect(mergeSettings(settingsForTesting({ weights: w }), {}).weights).toEqual(w);
  });

  it("settingsForTesting is the defaults with fuzz off", () => {
    expect(settingsForTesting()).toEqual({ ...DEFAULT_SETTINGS, enableFuzz: false });
  });
});

describe("load balancer, easy days and automatic optimization settings", () => {
  it("are on by default, with every weekday normal", () => {
    const s = settingsSchema.parse({});
    expect(s.loadBalancer).toBe(true);
    expect(s.autoOptimize).toBe(true);
    expect(s.easyDays).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it("read the form's strings and refuse levels other than normal, reduced, minimum", () => {
    const s = settingsSchema.parse({ loadBalancer: "false", autoOptimize: "off", easyDays: ["1", "1", "1", "1", "1", "0.5", "0"] });
    expect(s).toMatchObject({ loadBalancer: false, autoOptimize: false, easyDays: [1, 1, 1, 1, 1, 0.5, 0] });
    const bad = settingsSchema.safeParse({ easyDays: ["1", "1", "1", "1", "1", "0.7", ""] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.message)).toContain("Easy days: each day is 1 (normal), 0.5 (reduced) or 0 (minimum)");
    expect(settingsSchema.safeParse({ easyDays: "1,1,1" }).error!.issues[0].message).toBe("Easy days must give a level for each of the seven weekdays");
  });

  it("mergeSettings copies the easy days, so a deck's list never aliases the learner's", () => {
    const base = settingsSchema.parse({});
    const merged = mergeSettings(base, {});
    merged.easyDays[0] = 0;
    expect(base.easyDays[0]).toBe(1);
  });
});
