import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "@/lib/srs";
import {
  ReviewError,
  actionLabel,
  decideFlag,
  decideForget,
  decideGrade,
  decideSetDue,
  decideUndo,
  newLearnerState,
  ratingName,
  seenOf,
  studyDayStart,
  type LearnerCardState,
} from "@/lib/srs/actions";

/** The review loop's rules without a database: decide, then undo back to exactly the state before. */

const T0 = new Date("2026-11-23T09:00:00Z");
const settings = { ...DEFAULT_SETTINGS, leechThreshold: 2, leechAction: "suspend" as const };

describe("review actions", () => {
  it("grades from what the learner saw and refuses a stale or suspended card", () => {
    const first = decideGrade(null, { cardId: "c", grade: 3, seen: { reps: 0, updatedAt: null } }, "r1", T0, settings);
    expect(first.state.reps).toBe(1);
    expect(first.entry).toEqual({ kind: "grade", cardId: "c", rating: 3, reviewId: "r1", before: null });
    expect(() => decideGrade(first.state, { cardId: "c", grade: 3, seen: { reps: 0, updatedAt: null } }, "r2", T0, settings)).toThrow(ReviewError);
    const suspended = decideFlag(first.state, "c", "suspend", T0).state;
    expect(() => decideGrade(suspended, { cardId: "c", grade: 3, seen: seenOf(suspended) }, "r3", T0, settings)).toThrow(/suspended/);
  });

  it("marks and suspends a leech at the threshold; undo of that grade restores the card before it, flags included", () => {
    let state: LearnerCardState | null = null;
    let now = T0;
    const entries = [];
    // Learn it, then forget it twice (two lapses = the threshold here).
    for (const g of [3, 3, 3, 1, 3, 1] as const) {
      const d = decideGrade(state, { cardId: "c", grade: g, seen: seenOf(state) }, `r${entries.length}`, now, settings);
      entries.push(d);
      state = d.state;
      now = new Date(d.state.due.getTime() + 60_000);
    }
    const last = entries.at(-1)!;
    expect(last.leech).toBe(true);
    expect(last.state).toMatchObject({ leech: true, suspended: true, lapses: 2 });
    const undo = decideUndo(last.entry);
    expect(undo.restore).toEqual(entries.at(-2)!.state);
    expect(undo.restore).toMatchObject({ leech: false, suspended: false });
    expect(undo.deleteReviewId).toBe("r5");
    expect(undo.label).toBe("Again");
  });

  it("bury, suspend and unsuspend keep the FSRS fields and the time of the last grade; undo deletes no log", () => {
    const graded = decideGrade(null, { cardId: "c", grade: 4, seen: { reps: 0, updatedAt: null } }, "r1", T0, settings).state;
    const later = new Date(T0.getTime() + 3_600_000);
    const until = new Date(T0.getTime() + 86_400_000);
    const buried = decideFlag(graded, "c", "bury", later, until);
    expect(buried.state).toEqual({ ...graded, buriedUntil: until });
    expect(decideUndo(buried.entry)).toEqual({ restore: graded, deleteReviewId: null, label: "bury" });
    const unburied = decideFlag(buried.state, "c", "unbury", later);
    expect(unburied.state).toEqual(graded);
    expect(decideUndo(unburied.entry)).toEqual({ restore: buried.state, deleteReviewId: null, label: "unbury" });
    const onNew = decideFlag(null, "n", "suspend", later);
    expect(onNew.state).toEqual({ ...newLearnerState("n", later), suspended: true });
    expect(decideUndo(onNew.entry).restore).toBeNull(); // the card goes back to having no row
    expect(() => decideFlag(graded, "c", "bury", later)).toThrow(/comes back/);
  });

  it("undo after any sequence of actions, newest first, walks back through every earlier state exactly", () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant("grade" as const), grade: fc.constantFrom(1, 2, 3, 4) }),
      fc.record({ kind: fc.constantFrom("bury" as const, "unbury" as const, "suspend" as const, "unsuspend" as const, "forget" as const) }),
      fc.record({ kind: fc.constant("reschedule" as const), days: fc.integer({ min: 0, max: 400 }) }),
    );
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 25 }), (actions) => {
        let state: LearnerCardState | null = null;
        let now = T0;
        const history: (LearnerCardState | null)[] = [];
        const journal = [];
        for (const [i, a] of actions.entries()) {
          now = new Date(now.getTime() + 3_600_000 * (1 + (i % 5)));
          let next;
          if (a.kind === "grade") {
            if (state?.suspended) continue;
            next = decideGrade(state, { cardId: "c", grade: a.grade as 1 | 2 | 3 | 4, seen: seenOf(state) }, `r${i}`, now, settings);
          } else if (a.kind === "forget") {
            if (!state || (state.state === 0 && !state.suspended && !state.buriedUntil)) continue; // already new: refused
            next = decideForget(state, "c", now, `m${i}`);
          } else if (a.kind === "reschedule") {
            if (!state?.lastReview || state.state === 0) continue;
            next = decideSetDue(state, "c", a.days, now, studyDayStart(now, a.days, "Europe/Berlin", 4), `m${i}`);
          } else {
            next = decideFlag(state, "c", a.kind, now, new Date(now.getTime() + 86_400_000));
          }
          history.push(state);
          journal.push(next.entry);
          state = next.state;
        }
        while (journal.length) {
          const entry = journal.pop()!;
          const undo = decideUndo(entry);
          expect(undo.restore).toEqual(history.pop());
          expect(undo.deleteReviewId !== null).toBe(entry.kind === "grade" || entry.kind === "forget" || entry.kind === "reschedule");
        }
      }),
    );
  });

  it("labels what undo will undo", () => {
    expect(actionLabel({ kind: "grade", rating: 1 })).toBe("Again");
    expect(actionLabel({ kind: "grade", rating: 4 })).toBe("Easy");
    expect(actionLabel({ kind: "suspend", rating: null })).toBe("suspend");
    expect(actionLabel({ kind: "forget", rating: null })).toBe("forget");
    expect(actionLabel({ kind: "reschedule", rating: null })).toBe("set due");
    expect(ratingName(0)).toBe("Manual");
    expect(ratingName(2)).toBe("Hard");
  });

  /** A card learned to review state and then lapsed once, suspended: something worth forgetting. */
  function studied(): LearnerCardState {
    let state: LearnerCardState | null = null;
    let now = T0;
    for (const g of [3, 3, 3, 1, 3] as const) {
      state = decideGrade(state, { cardId: "c", grade: g, seen: seenOf(state) }, "r", now, { ...settings, leechThreshold: 1, leechAction: "tag" }).state;
      now = new Date(state.due.getTime() + 60_000);
    }
    return decideFlag(state, "c", "suspend", now).state;
  }

  it("forget makes the card new (unsuspended, unburied), keeps counts and the leech mark unless told, logs a manual entry", () => {
    const before = studied();
    expect(before).toMatchObject({ state: 2, leech: true, suspended: true, lapses: 1 });
    const now = new Date(before.due.getTime() + 86_400_000);
    const kept = decideForget(before, "c", now, "m1");
    expect(kept.state).toMatchObject({ state: 0, stability: 0, difficulty: 0, scheduledDays: 0, due: now, lastReview: before.lastReview, suspended: false, buriedUntil: null, leech: true, reps: before.reps, lapses: 1, updatedAt: now });
    expect(kept.log).toMatchObject({ rating: 0, state: 2, review: now, previous_due: before.due, stability: before.stability });
    expect(kept.entry).toEqual({ kind: "forget", cardId: "c", rating: null, reviewId: "m1", before });
    expect(decideUndo(kept.entry)).toEqual({ restore: before, deleteReviewId: "m1", label: "forget" });
    const reset = decideForget(before, "c", now, "m2", true);
    expect(reset.state).toMatchObject({ state: 0, reps: 0, lapses: 0, leech: false });
    // A new card once forgotten is treated as new by grading: what it shows is what it was.
    const regraded = decideGrade(reset.state, { cardId: "c", grade: 3, seen: seenOf(reset.state) }, "r9", now, settings);
    expect(regraded.log.state).toBe(0);
    expect(() => decideForget(null, "c", now, "m3")).toThrow(/already new/);
    expect(() => decideForget(newLearnerState("c", now), "c", now, "m3")).toThrow(/already new/);
    expect(() => decideForget(kept.state, "c", now, "m4")).toThrow(/already new/); // forgotten once is new (reps kept)
  });

  it("set due moves a started card to the start of a study day, keeps its memory state and flags, and refuses new cards and bad days", () => {
    const before = { ...studied(), suspended: false };
    const now = new Date("2027-03-01T10:00:00Z");
    expect(before.lastReview!.getTime()).toBeLessThan(now.getTime());
    const due = studyDayStart(now, 3, "Asia/Tokyo", 4);
    expect(due.toISOString()).toBe("2027-03-03T19:00:00.000Z"); // 04:00 on 4 Mar in Tokyo (UTC+9)
    const d = decideSetDue(before, "c", 3, now, due, "m1");
    expect(d.state).toEqual({ ...before, due, state: 2, learningSteps: 0, scheduledDays: Math.round((due.getTime() - before.lastReview!.getTime()) / 86_400_000), updatedAt: now });
    expect(d.log).toMatchObject({ rating: 0, state: 2, previous_due: before.due, review: now, stability: before.stability });
    expect(decideUndo(d.entry)).toEqual({ restore: before, deleteReviewId: "m1", label: "set due" });
    // A learning card becomes a review card; its interval is at least one day.
    const learning = decideGrade(null, { cardId: "l", grade: 3, seen: { reps: 0, updatedAt: null } }, "r", now, settings).state;
    expect(learning.state).toBe(1);
    const moved = decideSetDue(learning, "l", 0, now, studyDayStart(now, 0, "UTC", 4), "m2");
    expect(moved.state).toMatchObject({ state: 2, learningSteps: 0, scheduledDays: 1, stability: learning.stability });
    for (const bad of [-1, 1.5, Number.NaN, 36_501]) expect(() => decideSetDue(before, "c", bad, now, due, "m")).toThrow(/whole number/);
    expect(() => decideSetDue(null, "n", 1, now, due, "m")).toThrow(/new card/);
    expect(() => decideSetDue(newLearnerState("n", now), "n", 1, now, due, "m")).toThrow(ReviewError);
  });

  it("a study day N days ahead starts at the rollover hour in the learner's zone, across DST", () => {
    // Berlin leaves summer time on 25 Oct 2026: the day after starts at 04:00 CET = 03:00 UTC.
    const now = new Date("2026-10-24T12:00:00Z");
    expect(studyDayStart(now, 0, "Europe/Berlin", 4).toISOString()).toBe("2026-10-24T02:00:00.000Z");
    expect(studyDayStart(now, 1, "Europe/Berlin", 4).toISOString()).toBe("2026-10-25T03:00:00.000Z"); // 04:00 is after the 03:00 -> 02:00 change
    expect(studyDayStart(now, 2, "Europe/Berlin", 4).toISOString()).toBe("2026-10-26T03:00:00.000Z");
    expect(studyDayStart(now, 365, "Europe/Berlin", 4).toISOString()).toBe("2027-10-24T02:00:00.000Z");
    // Before the rollover hour it is still yesterday's study day.
    expect(studyDayStart(new Date("2026-10-24T01:00:00Z"), 0, "Europe/Berlin", 4).toISOString()).toBe("2026-10-23T02:00:00.000Z");
  });
});
