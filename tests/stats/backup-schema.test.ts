import { describe, expect, it } from "vitest";
import { backupProblems, backupSchema } from "@/lib/stats/backup-schema";
import { DEFAULT_SETTINGS } from "@/lib/srs";

const state = (cardId: string, over: Record<string, unknown> = {}) => ({
  cardId, due: "2026-12-01T00:00:00.000Z", stability: 3.2, difficulty: 5.1, elapsedDays: 1, scheduledDays: 3, learningSteps: 0,
  reps: 2, lapses: 0, state: 2, lastReview: "2026-11-28T00:00:00.000Z", suspended: false, buriedUntil: null, leech: false, updatedAt: "2026-11-28T00:00:00.000Z", ...over,
});
const log = (id: string, over: Record<string, unknown> = {}) => ({
  id, cardId: "c1", rating: 3, state: 2, due: "2026-11-28T00:00:00.000Z", previousDue: "2026-11-27T00:00:00.000Z", stability: 3.2, difficulty: 5.1,
  elapsedDays: 1, lastElapsedDays: 1, scheduledDays: 3, learningSteps: 0, review: "2026-11-28T00:00:00.000Z", durationMs: 4000, kind: "review", ...over,
});
const backup = (over: Record<string, unknown> = {}) => ({
  format: "attend-backup", version: 1, exportedAt: "2026-12-01T00:00:00.000Z", timeZone: "UTC", settings: DEFAULT_SETTINGS, deckOverrides: [],
  cardStates: [state("c1"), state("c2")], reviewLogs: [log("l1"), log("l2")], ...over,
});
const problems = (input: unknown) => {
  const r = backupSchema.safeParse(input);
  return r.success ? [] : backupProblems(r.error, input);
};

describe("backup validation", () => {
  it("accepts a well-formed backup", () => {
    expect(problems(backup())).toEqual([]);
  });

  it("names the entry and field of each out-of-range value", () => {
    expect(problems(backup({ cardStates: [state("c1"), state("c2", { stability: -1 })] }))).toEqual([expect.stringMatching(/^cardStates\.1\.stability \(card "c2"\): .*>=0/)]);
    expect(problems(backup({ cardStates: [state("c1", { difficulty: 11 })] }))[0]).toMatch(/cardStates\.0\.difficulty \(card "c1"\)/);
    expect(problems(backup({ cardStates: [state("c1", { scheduledDays: -3 })] }))[0]).toMatch(/scheduledDays/);
    expect(problems(backup({ reviewLogs: [log("l1", { durationMs: -5 })] }))[0]).toMatch(/^reviewLogs\.0\.durationMs \(log "l1"\)/);
  });

  it("refuses duplicate card ids and duplicate log ids, naming both entries", () => {
    expect(problems(backup({ cardStates: [state("c1"), state("c2"), state("c1")] }))).toEqual([`cardStates.2.cardId (card "c1"): card "c1" appears twice (also entry 0)`]);
    expect(problems(backup({ reviewLogs: [log("l1"), log("l1")] }))[0]).toMatch(/review log id "l1" appears twice/);
  });
});
