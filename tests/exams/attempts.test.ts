import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { ingestDirectory } from "@/lib/ingest";
import { registerUser } from "@/lib/auth/users";
import { reviewStore } from "@/lib/db/review-store";
import { readOp } from "@/lib/db/store";
import {
  autoSubmitExpired,
  ExamError,
  getAttempt,
  gradePart,
  listAttempts,
  relatedCards,
  reviewWeakNow,
  weakQueuePreview,
  saveAnswers,
  startAttempt,
  submitAttempt,
} from "@/lib/db/exams";
import { QUEUE_THRESHOLD, SAVE_GRACE_MS, timeLeft } from "@/lib/exams";
import { freshDb, TEST_DIALECT } from "../helpers/db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SLUG_TITLE = "Building a GPT from Scratch";

let db: Db;
let url: string;
let cleanup: () => Promise<void>;
let ada: string;
let bob: string;
let slug: string;

beforeAll(async () => {
  ({ db, url, cleanup } = await freshDb());
  await ingestDirectory(db, path.join(ROOT, "content"));
  ada = (await registerUser(db, { email: "ada@example.com", name: "Ada", password: "correct horse battery" })).id;
  bob = (await registerUser(db, { email: "bob@example.com", name: "Bob", password: "correct horse battery" })).id;
  slug = (await db.test.findFirstOrThrow({ where: { title: { contains: SLUG_TITLE } } })).slug;
});
afterAll(async () => cleanup?.());

const T0 = new Date("2026-11-23T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;

async function expectExamError(p: Promise<unknown>, code: ExamError["code"]) {
  await expect(p).rejects.toSatisfy((e) => e instanceof ExamError && e.code === code);
}

describe("an attempt at the seed test", () => {
  it("starts with a server deadline from the default per question, and snapshots lettered parts", async () => {
    const { id } = await startAttempt(db, ada, { slug }, T0);
    const a = (await getAttempt(db, ada, id, T0))!;
    expect(a.questions).toHaveLength(20);
    expect(a.limitMinutes).toBe(60); // 20 questions x 3 min, the seed has no time_limit_minutes
    expect(a.deadline.toISOString()).toBe(at(60 * MIN).toISOString());
    expect(a.questions[2].parts.map((p) => p.key)).toEqual(["3a", "3b", "3c", "3d", "3e"]);
    expect(a.questions[0].parts.map((p) => p.key)).toEqual(["1"]);
    expect(a.maxScore).toBe(a.questions.reduce((n, q) => n + q.parts.length * 2, 0));
  });

  it("50 concurrent autosaves to one answer leave the newest text", async () => {
    const { id } = await startAttempt(db, ada, { slug }, T0);
    // 50 saves, sent all at once in a shuffled order: two "tabs" (equal seqs, the later clock wins)
    const saves = Array.from({ length: 50 }, (_, i) => ({ key: "6a", text: `draft ${i}`, seq: Math.floor(i / 2) + 1, clientTime: T0.getTime() + i }));
    const shuffled = [...saves].sort(() => Math.random() - 0.5);
    const started = performance.now();
    await Promise.all(shuffled.map((s) => saveAnswers(db, ada, id, [s], at(MIN))));
    const ms = performance.now() - started;
    const a = (await getAttempt(db, ada, id, at(MIN)))!;
    expect(a.answers["6a"]).toMatchObject({ text: "draft 49", seq: 25 });
    // the same save again, and an older one arriving late, change nothing
    await saveAnswers(db, ada, id, [saves[49]], at(MIN));
    const back = await saveAnswers(db, ada, id, [saves[3]], at(MIN));
    expect(back.answers[0].text).toBe("draft 49");
    console.log(`50 concurrent saves: ${ms.toFixed(0)} ms`);
  });

  it("a save racing a submit either lands before it or is refused, never after it", async () => {
    // A trigger in this test's database refuses any answer written once its attempt is submitted.
    if (TEST_DIALECT === "sqlite") {
      await db.$executeRawUnsafe(`CREATE TRIGGER "answer_after_submit" BEFORE UPDATE ON "AttemptAnswer"
        WHEN (SELECT "submittedAt" FROM "TestAttempt" WHERE "id" = NEW."attemptId") IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'answer written after submit'); END`);
    } else {
      await db.$executeRawUnsafe(`CREATE FUNCTION "refuse_after_submit"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF (SELECT "submittedAt" FROM "TestAttempt" WHERE "id" = NEW."attemptId") IS NOT NULL THEN RAISE EXCEPTION 'answer written after submit'; END IF;
          RETURN NEW;
        END $$`);
      await db.$executeRawUnsafe(`CREATE TRIGGER "answer_after_submit" BEFORE UPDATE ON "AttemptAnswer" FOR EACH ROW EXECUTE FUNCTION "refuse_after_submit"()`);
    }
    try {
      for (let round = 0; round < 10; round++) {
        const { id } = await startAttempt(db, ada, { slug }, T0);
        await saveAnswers(db, ada, id, [{ key: "1", text: "before", seq: 1, clientTime: 1 }], at(MIN));
        // the save starts `round` event-loop turns after the submit: different interleavings each round
        const ticks = async (n: number) => {
          for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
        };
        const [, save] = await Promise.allSettled([
          submitAttempt(db, ada, id, at(MIN)),
          ticks(round).then(() => saveAnswers(db, ada, id, [{ key: "1", text: "racing", seq: 2, clientTime: 2 }], at(MIN))),
        ]);
        const final = (await db.attemptAnswer.findUniqueOrThrow({ where: { attemptId_key: { attemptId: id, key: "1" } } })).text;
        if (save.status === "rejected") {
          expect(save.reason).toBeInstanceOf(ExamError);
          expect((save.reason as ExamError).code).toBe("closed");
          expect(final).toBe("before");
        } else expect(final).toBe("racing");
      }
    } finally {
      await db.$executeRawUnsafe(TEST_DIALECT === "sqlite" ? `DROP TRIGGER "answer_after_submit"` : `DROP TRIGGER "answer_after_submit" ON "AttemptAnswer"`);
    }
  });

  it("a server restart mid-attempt loses nothing: a new client on the same file sees every answer and the time left", async () => {
    const { id } = await startAttempt(db, ada, { slug }, T0);
    await saveAnswers(db, ada, id, [{ key: "1", text: "chars: tiny vocab, long sequences", seq: 1, clientTime: 1 }], at(MIN));
    await saveAnswers(db, ada, id, [{ key: "3a", text: "[B, T, C]", seq: 2, clientTime: 2 }, { key: "17b", text: "Q: [B, 1, d]", seq: 3, clientTime: 3 }], at(2 * MIN));
    const restarted = createDb(url);
    try {
      const a = (await getAttempt(restarted, ada, id, at(5 * MIN)))!;
      expect(Object.fromEntries(Object.values(a.answers).map((x) => [x.key, x.text]))).toEqual({
        "1": "chars: tiny vocab, long sequences",
        "3a": "[B, T, C]",
        "17b": "Q: [B, 1, d]",
      });
      expect(timeLeft(a, at(5 * MIN))).toBe(55 * MIN);
      expect(a.submittedAt).toBeNull();
    } finally {
      await restarted.$disconnect();
    }
  });

  it("refuses saves after deadline + grace with 'closed', accepts those in flight within the grace", async () => {
    const { id } = await startAttempt(db, ada, { slug }, T0);
    await saveAnswers(db, ada, id, [{ key: "2", text: "in flight", seq: 1, clientTime: 1 }], at(60 * MIN + SAVE_GRACE_MS - 1));
    await expectExamError(saveAnswers(db, ada, id, [{ key: "2", text: "too late", seq: 2, clientTime: 2 }], at(60 * MIN + SAVE_GRACE_MS + 1)), "closed");
    const a = (await getAttempt(db, ada, id, at(61 * MIN)))!;
    expect(a.answers["2"].text).toBe("in flight");
    expect(a.submitReason).toBe("deadline");
  });

  it("auto-submits expired attempts with reason 'deadline' at the time the clock ran out", async () => {
    const { id } = await startAttempt(db, ada, { slug }, T0);
    expect(await autoSubmitExpired(db, at(60 * MIN))).toBe(0);
    const before = await db.testAttempt.findUniqueOrThrow({ where: { id } });
    expect(before.submittedAt).toBeNull();
    const n = await autoSubmitExpired(db, at(60 * MIN + SAVE_GRACE_MS + 1));
    expect(n).toBeGreaterThanOrEqual(1);
    const after = await db.testAttempt.findUniqueOrThrow({ where: { id } });
    expect(after.submitReason).toBe("deadline");
    expect(after.submittedAt!.toISOString()).toBe(at(60 * MIN + SAVE_GRACE_MS).toISOString());
    expect(await autoSubmitExpired(db, at(70 * MIN))).toBe(0);
  });

  it("a learner's submit closes the attempt at once and is idempotent", async () => {
    const { id } = await startAttempt(db, ada, { slug }, T0);
    const first = await submitAttempt(db, ada, id, at(10 * MIN));
    const again = await submitAttempt(db, ada, id, at(11 * MIN));
    expect(first).toEqual({ submittedAt: at(10 * MIN), reason: "submitted" });
    expect(again).toEqual(first);
    await expectExamError(saveAnswers(db, ada, id, [{ key: "2", text: "after", seq: 1, clientTime: 1 }], at(10 * MIN + 1)), "closed");
  });

  it("keeps attempts per user: another user gets nothing and cannot save, submit or grade", async () => {
    const { id } = await startAttempt(db, ada, { slug }, T0);
    expect(await getAttempt(db, bob, id, at(MIN))).toBeNull();
    await expectExamError(saveAnswers(db, bob, id, [{ key: "1", text: "mine now", seq: 99, clientTime: 1 }], at(MIN)), "not-found");
    await expectExamError(submitAttempt(db, bob, id, at(MIN)), "not-found");
    await expectExamError(gradePart(db, bob, id, "1", 0, at(MIN)), "not-found");
    await expectExamError(reviewWeakNow(db, bob, id, at(MIN)), "not-found");
    expect((await listAttempts(db, bob, at(MIN))).length).toBe(0);
    expect((await getAttempt(db, ada, id, at(MIN)))!.answers["1"]).toBeUndefined();
  });

  it("grades parts, scores the attempt, and sends related cards of weak answers to review now", async () => {
    const { id } = await startAttempt(db, ada, { slug }, T0);
    await expectExamError(gradePart(db, ada, id, "1", 2, at(MIN)), "invalid"); // not submitted yet
    await submitAttempt(db, ada, id, at(MIN));
    const a = (await getAttempt(db, ada, id, at(MIN)))!;
    const keys = a.questions.flatMap((q) => q.parts.map((p) => p.key));
    await expectExamError(gradePart(db, ada, id, "1", 3, at(MIN)), "invalid");
    let total;
    for (const key of keys) total = await gradePart(db, ada, id, key, key === "6a" ? 0 : key === "15" ? 1 : 2, at(MIN));
    expect(total).toMatchObject({ complete: true, maxScore: a.maxScore, score: a.maxScore - 3 });
    const history = await listAttempts(db, ada, at(MIN));
    expect(history.find((h) => h.id === id)!.score).toBe(a.maxScore - 3);

    const now = at(2 * MIN);
    const preview = await weakQueuePreview(db, ada, id, now);
    expect(preview.weakParts).toBe(2);
    const related = await relatedCards(db, a.questions.filter((q) => q.number === 6 || q.number === 15));
    const shown = [...related.values()].flat();
    const queued = shown.filter((c) => c.queued);
    // only cards at or above the relevance threshold are queued, and the preview lists exactly those
    expect(queued.length).toBeGreaterThanOrEqual(2);
    expect(queued.length).toBeLessThan(shown.length);
    for (const c of shown) expect(c.queued).toBe(c.score >= QUEUE_THRESHOLD);
    expect(new Set(preview.cards.map((c) => c.id))).toEqual(new Set(queued.map((c) => c.id)));
    expect(preview.cards.every((c) => c.questionHtml.length > 0 && (c.questionNumber === 6 || c.questionNumber === 15))).toBe(true);

    // the learner confirms all but one card they saw, plus an id the preview never showed
    const [skipped, ...confirmed] = preview.cards.map((c) => c.id);
    const result = await reviewWeakNow(db, ada, id, now, [...confirmed, "not-in-the-preview"]);
    expect(result).toEqual({ weakParts: 2, cards: confirmed.length });
    for (const card of shown) {
      const s = await readOp(db, reviewStore.findState(ada, card.id));
      if (confirmed.includes(card.id)) {
        expect(s!.due.getTime()).toBe(now.getTime());
        expect(s!.state).toBe(1);
      } else expect(s, `${card.id} (skipped: ${card.id === skipped}) stays out of the queue`).toBeNull();
    }
  });

  it("builds a quick test from a tag and the same flow applies", async () => {
    const tag = (await db.cardTag.findFirstOrThrow({ select: { tag: true } })).tag;
    const { id } = await startAttempt(db, ada, { quick: { source: "tag", value: tag, count: 3, minutes: 5 } }, T0, () => 0.42);
    const a = (await getAttempt(db, ada, id, T0))!;
    expect(a.kind).toBe("quick");
    expect(a.deadline.toISOString()).toBe(at(5 * MIN).toISOString());
    expect(a.questions.length).toBeGreaterThan(0);
    const related = await relatedCards(db, a.questions);
    expect(related.get(1)![0].id).toBe(a.questions[0].cardId);
    await expectExamError(startAttempt(db, ada, { quick: { source: "deck", value: "nope", count: 3, minutes: 5 } }, T0), "not-found");
  });
});
