import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { ingestDirectory } from "@/lib/ingest";
import { registerUser } from "@/lib/auth/users";
import { PAGE_SIZE, searchCards, type CardSearch } from "@/lib/db/cards";
import { gradeCard, getNext, setDueDate, suspendCard } from "@/lib/db/review";
import { parseSearch } from "@/lib/srs/search-query";
import { freshDb, writeContent } from "../helpers/db";

const ATTENTION = `---
deck: Attention / Basics
tags: [scaling]
---
Q: Why divide attention scores by $\\sqrt{d_k}$?
A: To keep their variance near one.

Q: What does the causal mask hide?
A: Later positions.
`;
const MORE = `---
deck: Attention
---
Q: What is perplexity?
A: The exponential of the cross-entropy.

Q: What is a KV cache?
A: Stored keys and values of earlier positions.

Q: What is Perplexity?
A: A geometric mean of inverse probabilities.
`;
const SOFTMAX = `---
deck: Sampling
tags: [temperature]
---
Q: What does softmax temperature do?
A: Divides the logits: below 1 sharpens.
`;

let db: Db;
let cleanup: () => Promise<void>;
let dir: string;
let alice: string;
const T0 = new Date("2026-11-23T09:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

beforeEach(async () => {
  ({ db, cleanup } = await freshDb());
  dir = writeContent({ "attention.md": ATTENTION, "more.md": MORE, "softmax.md": SOFTMAX });
  await ingestDirectory(db, dir);
  alice = (await registerUser(db, { email: "alice@example.com", name: "Alice", password: "correct horse battery" })).id;
});
afterEach(async () => {
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function find(q: string, now = T0, extra: Partial<CardSearch> = {}): Promise<string[]> {
  const { clauses, errors } = parseSearch(q);
  expect(errors).toEqual([]);
  const r = await searchCards(db, { clauses, userId: alice, now, timeZone: "UTC", rolloverHour: 4, sort: "deck", desc: false, page: 1, ...extra });
  // One page holds every match here: the COUNT (which joins only the tables its conditions read) agrees.
  expect(r.total, q).toBe(r.cards.length);
  return r.cards.map((c) => c.question.slice(0, 24));
}

describe("the card browser's search", () => {
  it("finds words in questions, answers and merged alternative answers; phrases, negation, deck and tag", async () => {
    const perplexity = await db.card.findFirstOrThrow({ where: { question: "What is perplexity?" } });
    expect(JSON.parse(perplexity.alternatives)).toHaveLength(1); // merged: the second answer is an alternative
    expect(await find("geometric")).toEqual(["What is perplexity?"]); // only in the alternative
    expect(await find("GEOMETRIC")).toEqual(["What is perplexity?"]);
    expect(await find("more.md")).toEqual([]); // not the alternative's file name
    expect(await find('"earlier positions"')).toEqual(["What is a KV cache?"]);
    expect(await find("positions -cache")).toEqual(["What does the causal mas"]);
    expect(await find("deck:attention")).toHaveLength(4);
    expect(await find('"deck:Attention / Basics"')).toHaveLength(2);
    expect(await find("deck:Attent*")).toHaveLength(4);
    expect(await find("-deck:Attention")).toEqual(["What does softmax temper"]);
    expect(await find("tag:scal*")).toHaveLength(2);
    expect(await find("100%")).toEqual([]); // LIKE wildcards in the text are literal
  });

  it("searches the learner's state: is:, prop:, rated:, with state and due columns and sorting", async () => {
    expect(await find("is:new")).toHaveLength(5);
    // Study two cards: the first to review state (due in days), the second once (learning).
    const a = (await getNext(db, alice, { now: T0 })).card!;
    const g = (card: typeof a, grade: 1 | 3, now: Date, i: number) =>
      gradeCard(db, alice, { cardId: card.id, grade, reviewId: `review-${i}-abcdefgh`, seenReps: card.seen.reps, seenUpdatedAt: card.seen.updatedAt, durationMs: 1000 }, now);
    await g(a, 3, T0, 1);
    await g((await getNext(db, alice, { now: at(11), preferCardId: a.id })).card!, 3, at(11), 2);
    const b = (await getNext(db, alice, { now: at(12) })).card!;
    await g(b, 1, at(12), 3);
    await setDueDate(db, alice, a.id, 5, at(13));
    await suspendCard(db, alice, b.id, at(14));

    expect(await find("is:new", at(15))).toHaveLength(3);
    expect(await find("-is:new", at(15))).toHaveLength(2);
    expect(await find("is:suspended", at(15))).toHaveLength(1);
    expect(await find("is:learn", at(15))).toHaveLength(1);
    expect(await find("is:review prop:due=5", at(15))).toHaveLength(1);
    expect(await find("prop:due<5", at(15))).toHaveLength(1); // the learning card, due in minutes
    expect(await find("prop:due>=5 prop:ivl>=5", at(15))).toHaveLength(1);
    expect(await find("prop:lapses=0 -is:new", at(15))).toHaveLength(2);
    expect(await find("prop:reps>1", at(15))).toHaveLength(1);
    expect(await find("rated:1", at(15))).toHaveLength(2);
    expect(await find("rated:1:1", at(15))).toHaveLength(1);
    expect(await find("rated:1", at(3 * 24 * 60))).toHaveLength(0); // three days on: nothing answered today
    expect(await find("rated:4", at(3 * 24 * 60))).toHaveLength(2);
    expect(await find("is:due", at(15))).toHaveLength(0); // b is suspended, a is due in 5 days
    expect(await find("is:due", at(6 * 24 * 60))).toHaveLength(1);

    const { clauses } = parseSearch("-is:new");
    const r = await searchCards(db, { clauses, userId: alice, now: at(15), timeZone: "UTC", rolloverHour: 4, sort: "due", desc: true, page: 1 });
    expect(r.cards.map((c) => [c.id, c.state, c.suspended])).toEqual([
      [a.id, 2, false],
      [b.id, 1, true],
    ]);
    expect(r.cards[0].due).toEqual(new Date("2026-11-28T04:00:00Z"));
    expect(r.cards[0].interval).toBe(5);
    // Signed out: no state columns, every card new.
    const anon = await searchCards(db, { clauses: [], userId: null, now: at(15), timeZone: "UTC", rolloverHour: 4, sort: "reps", desc: true, page: 1 });
    expect(anon.total).toBe(5);
    expect(anon.cards.every((c) => c.state === null)).toBe(true);
  });

  it("pages through many matches: the count, the last page, a page past it, and a first page that is not full", async () => {
    const many = Array.from({ length: 120 }, (_, i) => `Q: Drill question ${String(i).padStart(3, "0")}?\nA: Answer ${i}${i % 10 === 0 ? " (tenth)" : ""}.\n`).join("\n");
    const big = writeContent({ "attention.md": ATTENTION, "more.md": MORE, "softmax.md": SOFTMAX, "drill.md": `---\ndeck: Drill\n---\n${many}` });
    try {
      await ingestDirectory(db, big);
      const page = async (q: string, n: number) => searchCards(db, { clauses: parseSearch(q).clauses, userId: alice, now: T0, timeZone: "UTC", rolloverHour: 4, sort: "deck", desc: false, page: n });
      const first = await page("drill", 1);
      expect([first.total, first.pages, first.cards.length]).toEqual([120, 3, PAGE_SIZE]);
      const last = await page("drill", 3);
      expect([last.page, last.cards.length]).toEqual([3, 20]);
      expect(last.cards.at(-1)!.question).toBe("Drill question 119?");
      const past = await page("drill", 9); // a stale link: the last page, not an empty one
      expect([past.page, past.total, past.cards.map((c) => c.id)]).toEqual([3, 120, last.cards.map((c) => c.id)]);
      const few = await page("tenth", 1);
      expect([few.total, few.pages, few.cards.length]).toEqual([12, 1, 12]);
      const none = await page("tenth", 4);
      expect([none.page, none.total, none.cards.length]).toEqual([1, 12, 12]);
      const everything = await page("", 2);
      expect([everything.total, everything.pages, everything.cards.length]).toEqual([125, 3, PAGE_SIZE]);
    } finally {
      fs.rmSync(big, { recursive: true, force: true });
    }
  });
});
