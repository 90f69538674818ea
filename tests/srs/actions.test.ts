import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "@/lib/srs";
import { ReviewError, actionLabel, decideFlag, decideGrade, decideUndo, newLearnerState, seenOf, type LearnerCardState } from "@/lib/srs/actions";

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
    const onNew = decideFlag(null, "n", "suspend", later);
    expect(onNew.state).toEqual({ ...newLearnerState("n", later), suspended: true });
    expect(decideUndo(onNew.entry).restore).toBeNull(); // the card goes back to having no row
    expect(() => decideFlag(graded, "c", "bury", later)).toThrow(/comes back/);
  });

  it("undo after any sequence of actions, newest first, walks back through every earlier state exactly", () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant("grade" as const), grade: fc.constantFrom(1, 2, 3, 4) }),
      fc.record({ kind: fc.constantFrom("bury" as const, "suspend" as const, "unsuspend" as const) }),
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
          expect(undo.deleteReviewId !== null).toBe(entry.kind === "grade");
        }
      }),
    );
  });

  it("labels what undo will undo", () => {
    expect(actionLabel({ kind: "grade", rating: 1 })).toBe("Again");
    expect(actionLabel({ kind: "grade", rating: 4 })).toBe("Easy");
    expect(actionLabel({ kind: "suspend", rating: null })).toBe("suspend");
  });
});
