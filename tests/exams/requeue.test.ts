import { describe, expect, it } from "vitest";
import { requeueState, submissionAt, type AttemptClock } from "@/lib/exams";
import { decideFlag, decideGrade, newLearnerState } from "@/lib/srs/actions";
import { DEFAULT_SETTINGS } from "@/lib/srs";

const T0 = new Date("2026-11-23T09:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);

describe("submitting", () => {
  const clock: AttemptClock = { startedAt: T0, deadline: at(600), graceMs: 10_000, submittedAt: null, submitReason: null };
  it("records a submit on time as now, from the deadline on as 'deadline', and past the grace at the moment the clock ran out", () => {
    expect(submissionAt(clock, at(300))).toEqual({ at: at(300), reason: "submitted" });
    expect(submissionAt(clock, at(605))).toEqual({ at: at(605), reason: "deadline" });
    expect(submissionAt(clock, at(3600))).toEqual({ at: at(610), reason: "deadline" });
  });
});

describe("queueing a weak answer's related card", () => {
  it("gives a new card a learning state due now, moves a studied card's due date only, unburies, keeps a suspension", () => {
    const fresh = newLearnerState("c", at(0));
    expect(requeueState(null, fresh, at(5))).toEqual({ ...fresh, due: at(5), state: 1 });

    const studied = decideGrade(null, { cardId: "c", grade: 4, seen: { reps: 0, updatedAt: null } }, "r1", T0, DEFAULT_SETTINGS).state;
    const buried = decideFlag(studied, "c", "bury", at(10), at(86_400)).state;
    const queued = requeueState(buried, fresh, at(20));
    expect(queued).toEqual({ ...studied, due: at(20), buriedUntil: null, updatedAt: at(20) });
    expect(queued.stability).toBe(studied.stability);

    const suspended = decideFlag(studied, "c", "suspend", at(10)).state;
    expect(requeueState(suspended, fresh, at(20)).suspended).toBe(true);
  });
});
