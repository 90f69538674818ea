import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, forgetCard, type SrsGrade } from "@/lib/srs";
import { decideGrade, seenOf, toSrs, type LearnerCardState } from "@/lib/srs/actions";
import { replayCard, type DeviceGrade, type StoredAnswer } from "@/lib/srs/replay";

/**
 * Offline grades merged on the server (lib/srs/replay.ts) against the online loop (decideGrade):
 * the same answers, however they arrive, leave the card in exactly the state the online session does.
 */

const T0 = new Date("2026-11-23T09:00:00Z");
// Fuzz on (seeded by card id + reps). Leeches are tagged: a suspended card takes no more answers online.
const settings = { ...DEFAULT_SETTINGS, leechThreshold: 3, leechAction: "tag" as const };

interface Answer {
  id: string;
  grade: SrsGrade;
  review: Date;
}

/** The online session: each answer reaches the server when it is given. */
function online(cardId: string, answers: Answer[], start: LearnerCardState | null = null) {
  let state = start;
  const logs: StoredAnswer[] = [];
  for (const a of answers) {
    const d = decideGrade(state, { cardId, grade: a.grade, seen: seenOf(state) }, a.id, a.review, settings);
    state = d.state;
    logs.push({ id: a.id, log: d.log });
  }
  return { state, logs };
}

const device = (cardId: string, a: Answer): DeviceGrade => ({ reviewId: a.id, cardId, grade: a.grade, review: a.review, durationMs: 1000 });

/** What the server holds after applying a replay result. */
function apply(stored: { state: LearnerCardState | null; logs: StoredAnswer[] }, result: ReturnType<typeof replayCard>) {
  const logs = new Map(stored.logs.map((l) => [l.id, l]));
  for (const w of result.writes) {
    if (w.inserted) expect(logs.has(w.id)).toBe(false);
    else expect(logs.has(w.id)).toBe(true);
    logs.set(w.id, { id: w.id, log: w.log });
  }
  return { state: result.state, logs: [...logs.values()] };
}

function sync(stored: { state: LearnerCardState | null; logs: StoredAnswer[] }, cardId: string, batch: Answer[], now: Date) {
  return apply(stored, replayCard({ cardId, current: stored.state, history: stored.logs, incoming: batch.map((a) => device(cardId, a)), settings, now }));
}

const byTime = (logs: StoredAnswer[]) => [...logs].sort((a, b) => a.log.review.getTime() - b.log.review.getTime() || (a.id < b.id ? -1 : 1));

const minutes = (m: number) => new Date(T0.getTime() + m * 60_000);
const NOW = minutes(100 * 24 * 60 * 40);

/** A session of answers, minutes to days apart (learning steps, then reviews). */
const sessionArb = fc
  .array(fc.record({ grade: fc.constantFrom<SrsGrade>(1, 2, 3, 4), gap: fc.integer({ min: 1, max: 60 * 24 * 30 }) }), { minLength: 1, maxLength: 14 })
  .map((xs) => {
    let t = 0;
    return xs.map((x, i) => ({ id: `r${String(i).padStart(3, "0")}`, grade: x.grade, review: minutes((t += x.gap)) }));
  });

describe("offline grades replayed on the server", () => {
  it("give exactly the states and logs of the online session, in one batch", () => {
    fc.assert(
      fc.property(sessionArb, (answers) => {
        const expected = online("card-a", answers);
        const got = sync({ state: null, logs: [] }, "card-a", answers, NOW);
        expect(got.state).toEqual(expected.state);
        expect(byTime(got.logs)).toEqual(expected.logs);
      }),
      { numRuns: 150 },
    );
  });

  it("give the same result whatever the batches, their order and the repeats (retries after a lost answer)", () => {
    fc.assert(
      fc.property(
        sessionArb.chain((answers) =>
          fc.tuple(
            fc.constant(answers),
            // each answer goes in one or more batches (repeats), batches arrive in any order
            fc.array(fc.array(fc.integer({ min: 0, max: answers.length - 1 }), { minLength: 1, maxLength: answers.length + 3 }), { minLength: 1, maxLength: 5 }),
          ),
        ),
        ([answers, batchIndexes]) => {
          const expected = online("card-b", answers);
          let stored: { state: LearnerCardState | null; logs: StoredAnswer[] } = { state: null, logs: [] };
          const sent = new Set<number>();
          let duplicates = 0;
          for (const idx of batchIndexes) {
            const r = replayCard({ cardId: "card-b", current: stored.state, history: stored.logs, incoming: idx.map((i) => device("card-b", answers[i])), settings, now: NOW });
            const newIds = new Set(idx.filter((i) => !sent.has(i)));
            duplicates += idx.length - newIds.size;
            expect(r.duplicates.length).toBe(idx.length - newIds.size);
            expect(r.writes.filter((w) => w.inserted).map((w) => w.id).sort()).toEqual([...newIds].map((i) => answers[i].id).sort());
            for (const i of idx) sent.add(i);
            stored = apply(stored, r);
          }
          // every answer that was sent at least once is recorded exactly once
          const delivered = answers.filter((_, i) => sent.has(i));
          expect(stored.logs.map((l) => l.id).sort()).toEqual(delivered.map((a) => a.id).sort());
          const reference = online("card-b", delivered);
          expect(stored.state).toEqual(reference.state);
          expect(byTime(stored.logs)).toEqual(reference.logs);
          if (delivered.length === answers.length) expect(stored.state).toEqual(expected.state);
          return duplicates >= 0;
        },
      ),
      { numRuns: 150 },
    );
  });

  it("merges by review time with answers another device recorded meanwhile (conflict: the order they were given)", () => {
    fc.assert(
      fc.property(sessionArb, fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }), (answers, onPhone) => {
        // The phone was offline; the laptop's answers reached the server as they were given.
        const phone = answers.filter((_, i) => onPhone[i]);
        const laptop = answers.filter((_, i) => !onPhone[i]);
        const server = online("card-c", laptop);
        const got = sync(server, "card-c", phone, NOW);
        const expected = online("card-c", answers);
        expect(got.state).toEqual(expected.state);
        expect(byTime(got.logs)).toEqual(expected.logs);
      }),
      { numRuns: 150 },
    );
  });

  it("starts from the card's stored state when it was already studied before going offline", () => {
    const before = online("card-d", [
      { id: "a1", grade: 3, review: minutes(0) },
      { id: "a2", grade: 3, review: minutes(10) },
      { id: "a3", grade: 3, review: minutes(60 * 24 * 3) },
    ]);
    const offline: Answer[] = [
      { id: "o1", grade: 1, review: minutes(60 * 24 * 9) },
      { id: "o2", grade: 3, review: minutes(60 * 24 * 9 + 12) },
    ];
    const got = sync(before, "card-d", offline, NOW);
    expect(got.state).toEqual(online("card-d", offline, before.state).state);
    expect(got.state!.lapses).toBe(1);
  });

  it("records nothing for a batch sent twice", () => {
    const answers: Answer[] = [
      { id: "x1", grade: 3, review: minutes(0) },
      { id: "x2", grade: 4, review: minutes(5) },
    ];
    const once = sync({ state: null, logs: [] }, "card-e", answers, NOW);
    const again = replayCard({ cardId: "card-e", current: once.state, history: once.logs, incoming: answers.map((a) => device("card-e", a)), settings, now: NOW });
    expect(again.writes).toEqual([]);
    expect(again.duplicates).toEqual(["x1", "x2"]);
    expect(again.state).toBe(once.state);
  });

  it("counts a review time in the future (a device clock running ahead) as now", () => {
    const now = minutes(30);
    const r = replayCard({ cardId: "card-f", current: null, history: [], incoming: [device("card-f", { id: "f1", grade: 3, review: minutes(600) })], settings, now });
    expect(r.writes[0].log.review).toEqual(now);
    expect(r.state!.lastReview).toEqual(now);
  });

  it("lets a later forget win: grades given before it are returned as superseded, not applied", () => {
    const studied = online("card-g", [
      { id: "g1", grade: 3, review: minutes(0) },
      { id: "g2", grade: 3, review: minutes(10) },
    ]);
    const forgot = forgetCard(toSrs(studied.state!), minutes(60));
    const state: LearnerCardState = { ...studied.state!, due: forgot.card.due, stability: 0, difficulty: 0, state: 0, learningSteps: 0, scheduledDays: 0, updatedAt: minutes(60) };
    const stored = { state, logs: [...studied.logs, { id: "manual-1", log: forgot.log }] };
    const r = replayCard({
      cardId: "card-g",
      current: stored.state,
      history: stored.logs,
      incoming: [device("card-g", { id: "g3", grade: 1, review: minutes(30) }), device("card-g", { id: "g4", grade: 3, review: minutes(90) })],
      settings,
      now: NOW,
    });
    expect(r.superseded).toEqual(["g3"]);
    expect(r.writes.map((w) => w.id)).toEqual(["g4"]);
    expect(r.state!.reps).toBe(3);
  });

  it("marks a leech made offline and suspends it as the settings say", () => {
    const answers: Answer[] = [3, 3, 3, 1, 3, 1, 3, 1].map((g, i) => ({ id: `l${i}`, grade: g as SrsGrade, review: minutes(i * 60 * 24 * 20) }));
    const tagged = replayCard({ cardId: "card-h", current: null, history: [], incoming: answers.map((a) => device("card-h", a)), settings, now: NOW });
    expect(tagged.leech).toBe(true);
    expect(tagged.state).toEqual(online("card-h", answers).state);
    expect(tagged.state!.suspended).toBe(false);
    const suspend = { ...settings, leechAction: "suspend" as const };
    const r = replayCard({ cardId: "card-h", current: null, history: [], incoming: answers.map((a) => device("card-h", a)), settings: suspend, now: NOW });
    expect(r.state).toEqual({ ...tagged.state, suspended: true });
  });

  it("refuses a grade for another card", () => {
    expect(() => replayCard({ cardId: "a", current: null, history: [], incoming: [device("b", { id: "z1", grade: 3, review: T0 })], settings, now: NOW })).toThrow(RangeError);
  });
});
