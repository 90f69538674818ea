/**
 * Timed attempts against the database (issue 5): start, resume, autosave, submit, auto-submit,
 * history, related cards, self-grading and "review weak answers now". The clock, merge and
 * scoring rules are lib/exams (pure); this file loads rows, calls them with `now`, writes.
 * Every function takes the signed-in user's id and touches only that user's attempts; an
 * attempt of someone else is reported as missing (404), never as forbidden.
 */
import { randomUUID } from "node:crypto";
import { widgetsForTestQuestion } from "@/lib/widgets/registry";
import { DECK_SEPARATOR } from "@/lib/ingest/sync";
import type { Db } from "./client";
import { deckAndDescendantIds } from "./decks";
import { newLearnerState } from "@/lib/srs/actions";
import { reviewStore } from "./review-store";
import { bySql, get, run } from "./sql";
import { writeOp } from "./store";
import {
  acceptsSave,
  buildQuickTest,
  clampMinutes,
  deadlineFor,
  indexCards,
  isExpired,
  isValidGrade,
  limitMinutesFor,
  rankRelatedCards,
  rubricPoints,
  SAVE_GRACE_MS,
  submissionAt,
  requeueState,
  totalScore,
  weakParts,
  cardsToQueue,
  type AttemptClock,
  type CardIndex,
  type RankedCard,
  type ExamQuestion,
  type QuickTestSpec,
  type SaveItem,
  type SavedAnswer,
  type SubmitReason,
} from "@/lib/exams";

/** Why a request could not be carried out; app/api/exams maps it to 4xx. */
export class ExamError extends Error {
  constructor(
    public readonly code: "not-found" | "closed" | "invalid",
    message: string,
  ) {
    super(message);
  }
}

export const CLOSED_MESSAGE = "Time is up: this attempt was submitted, so the answer was not saved.";

/** Related cards shown per question; "review weak answers" queues those at or above the threshold (lib/exams/related.ts). */
export const RELATED_SHOWN = 5;

// ---- app types -------------------------------------------------------------------------------

export interface TestSummary {
  slug: string;
  title: string;
  instructionsHtml: string;
  questionCount: number;
  partCount: number;
  limitMinutes: number;
  /** true when the limit is the default per question, not the author's */
  defaultLimit: boolean;
}

export interface AttemptAnswerView extends SavedAnswer {
  points: number | null;
  maxPoints: number;
}

export interface AttemptView extends AttemptClock {
  id: string;
  kind: "test" | "quick";
  title: string;
  testSlug: string | null;
  limitMinutes: number;
  questions: ExamQuestion[];
  answers: Record<string, AttemptAnswerView>;
  score: number | null;
  maxScore: number;
}

export interface AttemptSummary {
  id: string;
  kind: "test" | "quick";
  title: string;
  startedAt: Date;
  deadline: Date;
  submittedAt: Date | null;
  submitReason: SubmitReason | null;
  score: number | null;
  maxScore: number;
  /** sum of the parts graded so far */
  gradedScore: number;
  answered: number;
  parts: number;
}

export interface RelatedCardView {
  id: string;
  /** Markdown, for the export. */
  question: string;
  questionHtml: string;
  answerHtml: string | null;
  widgets: string[];
  score: number;
  /** "Review weak answers" would queue it (an author's link, or a score at or above the threshold). */
  queued: boolean;
}

// ---- tests -----------------------------------------------------------------------------------

export async function listTests(db: Db): Promise<TestSummary[]> {
  const tests = await db.test.findMany({
    where: { retiredAt: null },
    orderBy: { title: "asc" },
    select: { slug: true, title: true, instructionsHtml: true, timeLimitMinutes: true, questions: { select: { _count: { select: { parts: true } } } } },
  });
  return tests.map((t) => ({
    slug: t.slug,
    title: t.title,
    instructionsHtml: t.instructionsHtml,
    questionCount: t.questions.length,
    partCount: t.questions.reduce((n, q) => n + Math.max(1, q._count.parts), 0),
    limitMinutes: limitMinutesFor(t.timeLimitMinutes, t.questions.length),
    defaultLimit: t.timeLimitMinutes === null,
  }));
}

export async function getTest(db: Db, slug: string): Promise<TestSummary | null> {
  return (await listTests(db)).find((t) => t.slug === slug) ?? null;
}

/** Decks and tags a quick test can draw from. */
export async function quickTestSources(db: Db): Promise<{ decks: { id: string; path: string }[]; tags: string[] }> {
  const [decks, tags] = await Promise.all([
    db.deck.findMany({ orderBy: { path: "asc" }, select: { id: true, path: true } }),
    db.cardTag.findMany({ distinct: ["tag"], orderBy: { tag: "asc" }, select: { tag: true } }),
  ]);
  return { decks, tags: tags.map((t) => t.tag) };
}

// ---- start -----------------------------------------------------------------------------------

async function snapshotTest(db: Db, slug: string): Promise<{ testId: string; title: string; timeLimitMinutes: number | null; questions: ExamQuestion[] }> {
  const test = await db.test.findFirst({
    where: { slug, retiredAt: null },
    include: { questions: { orderBy: { number: "asc" }, include: { parts: { orderBy: { label: "asc" } } } } },
  });
  if (!test) throw new ExamError("not-found", "No such test.");
  const questions = test.questions.map((q): ExamQuestion => {
    const labels = q.parts.map((p) => p.label);
    const points = rubricPoints(q.rubric, labels.length ? labels : [""]);
    return {
      number: q.number,
      title: q.title,
      prompt: q.prompt,
      promptHtml: q.promptHtml,
      rubricHtml: q.rubricHtml,
      parts: q.parts.length
        ? q.parts.map((p) => ({ key: `${q.number}${p.label}`, label: p.label, prompt: p.prompt, promptHtml: p.promptHtml, maxPoints: points.get(p.label)! }))
        : [{ key: String(q.number), label: "", prompt: "", promptHtml: "", maxPoints: points.get("")! }],
      // tests carry no directives: their widgets are proposed from the question's own words
      widgets: widgetsForTestQuestion({ title: q.title, prompt: q.prompt, parts: q.parts }),
      cardId: null,
    };
  });
  return { testId: test.id, title: test.title, timeLimitMinutes: test.timeLimitMinutes, questions };
}

async function snapshotQuick(db: Db, spec: QuickTestSpec, random: () => number): Promise<{ title: string; questions: ExamQuestion[] }> {
  let where: NonNullable<Parameters<Db["card"]["findMany"]>[0]>["where"];
  let name: string;
  if (spec.source === "deck") {
    const deck = await db.deck.findUnique({ where: { id: spec.value }, select: { path: true } });
    if (!deck) throw new ExamError("not-found", "No such deck.");
    where = { retiredAt: null, deckId: { in: await deckAndDescendantIds(db, spec.value) } };
    name = deck.path;
  } else {
    where = { retiredAt: null, tags: { some: { tag: spec.value } } };
    name = `#${spec.value}`;
  }
  const cards = await db.card.findMany({ where, select: { id: true, question: true, questionHtml: true, widgets: true } });
  if (!cards.length) throw new ExamError("invalid", "No cards to build a quick test from there.");
  const questions = buildQuickTest(cards.map((c) => ({ ...c, widgets: parseJson<string[]>(c.widgets, []) })), spec.count, random);
  return { title: `Quick test: ${name}`, questions };
}

/** Start an attempt: the server records the start and the deadline; the client only displays them. */
export async function startAttempt(
  db: Db,
  userId: string,
  request: { slug: string } | { quick: QuickTestSpec },
  now: Date,
  random: () => number = Math.random,
): Promise<{ id: string }> {
  await autoSubmitExpired(db, now);
  let row: { testId: string | null; kind: "test" | "quick"; title: string; questions: ExamQuestion[]; limitMinutes: number };
  if ("slug" in request) {
    const t = await snapshotTest(db, request.slug);
    if (!t.questions.length) throw new ExamError("invalid", "This test has no questions.");
    row = { testId: t.testId, kind: "test", title: t.title, questions: t.questions, limitMinutes: limitMinutesFor(t.timeLimitMinutes, t.questions.length) };
  } else {
    const q = await snapshotQuick(db, request.quick, random);
    row = { testId: null, kind: "quick", title: q.title, questions: q.questions, limitMinutes: clampMinutes(request.quick.minutes) };
  }
  const id = randomUUID();
  await db.testAttempt.create({
    data: {
      id,
      userId,
      testId: row.testId,
      kind: row.kind,
      title: row.title,
      snapshot: JSON.stringify(row.questions),
      limitMinutes: row.limitMinutes,
      startedAt: now,
      deadline: deadlineFor(now, row.limitMinutes),
      graceMs: SAVE_GRACE_MS,
      maxScore: row.questions.reduce((n, q) => n + q.parts.reduce((m, p) => m + p.maxPoints, 0), 0),
    },
  });
  return { id };
}

// ---- read ------------------------------------------------------------------------------------

const toDate = (v: unknown) => (v instanceof Date ? v : new Date(typeof v === "number" ? v : String(v)));
const dateOrNull = (v: unknown) => (v === null || v === undefined ? null : toDate(v));

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** An attempt of this user, or null (missing, or someone else's). Submits expired attempts first. */
export async function getAttempt(db: Db, userId: string, id: string, now: Date): Promise<AttemptView | null> {
  await autoSubmitExpired(db, now);
  const a = await db.testAttempt.findFirst({
    where: { id, userId },
    include: { answers: true, test: { select: { slug: true } } },
  });
  if (!a) return null;
  const answers: Record<string, AttemptAnswerView> = {};
  for (const r of a.answers) answers[r.key] = { key: r.key, text: r.text, seq: r.seq, clientTime: r.clientTime, points: r.points, maxPoints: r.maxPoints };
  return {
    id: a.id,
    kind: a.kind as "test" | "quick",
    title: a.title,
    testSlug: a.test?.slug ?? null,
    limitMinutes: a.limitMinutes,
    questions: parseJson<ExamQuestion[]>(a.snapshot, []),
    answers,
    startedAt: a.startedAt,
    deadline: a.deadline,
    graceMs: a.graceMs,
    submittedAt: a.submittedAt,
    submitReason: a.submitReason as SubmitReason | null,
    score: a.score,
    maxScore: a.maxScore,
  };
}

/** The user's attempts, newest first. */
export async function listAttempts(db: Db, userId: string, now: Date): Promise<AttemptSummary[]> {
  await autoSubmitExpired(db, now);
  const rows = await db.testAttempt.findMany({
    where: { userId },
    orderBy: { startedAt: "desc" },
    take: 200,
    select: {
      id: true, kind: true, title: true, startedAt: true, deadline: true, submittedAt: true, submitReason: true, score: true, maxScore: true, snapshot: true,
      answers: { select: { text: true, points: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as "test" | "quick",
    title: r.title,
    startedAt: r.startedAt,
    deadline: r.deadline,
    submittedAt: r.submittedAt,
    submitReason: r.submitReason as SubmitReason | null,
    score: r.score,
    maxScore: r.maxScore,
    gradedScore: r.answers.reduce((n, x) => n + (x.points ?? 0), 0),
    answered: r.answers.filter((x) => x.text.trim()).length,
    parts: parseJson<ExamQuestion[]>(r.snapshot, []).reduce((n, q) => n + q.parts.length, 0),
  }));
}

// ---- autosave --------------------------------------------------------------------------------

interface ClockRow extends AttemptClock {
  userId: string;
  snapshot: string;
}

async function clockRow(db: Db, id: string): Promise<ClockRow | null> {
  // The save path runs every few seconds per learner: one point read by key, in SQL.
  const [r] = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT "userId", "snapshot", "startedAt", "deadline", "graceMs", "submittedAt", "submitReason" FROM "TestAttempt" WHERE "id" = ${id}`;
  if (!r) return null;
  return {
    userId: String(r.userId),
    snapshot: String(r.snapshot),
    startedAt: toDate(r.startedAt),
    deadline: toDate(r.deadline),
    graceMs: Number(r.graceMs),
    submittedAt: dateOrNull(r.submittedAt),
    submitReason: (r.submitReason ?? null) as SubmitReason | null,
  };
}

const partsCache = new Map<string, Map<string, number>>();

/** key → maxPoints of an attempt's parts (snapshots never change, so this is cached). */
function partsOf(id: string, snapshot: string): Map<string, number> {
  let parts = partsCache.get(id);
  if (!parts) {
    parts = new Map(parseJson<ExamQuestion[]>(snapshot, []).flatMap((q) => q.parts.map((p) => [p.key, p.maxPoints] as const)));
    if (partsCache.size > 1000) partsCache.clear();
    partsCache.set(id, parts);
  }
  return parts;
}

/**
 * Save answers. Each write is one conditional upsert: it lands only if its (seq, clientTime) is
 * newer than the stored one, decided by the database row lock, so concurrent saves from several
 * tabs, retries and out-of-order arrivals all leave the newest text and a repeated save is a
 * no-op. Returns what the server holds for each key afterwards (a newer text from another tab
 * comes back to the client that way).
 */
export async function saveAnswers(db: Db, userId: string, id: string, items: SaveItem[], now: Date): Promise<{ answers: SavedAnswer[]; deadline: Date }> {
  const a = await clockRow(db, id);
  if (!a || a.userId !== userId) throw new ExamError("not-found", "No such attempt.");
  if (!acceptsSave(a, now)) {
    if (isExpired(a, now)) await autoSubmitExpired(db, now);
    throw new ExamError("closed", CLOSED_MESSAGE);
  }
  const parts = partsOf(id, a.snapshot);
  for (const item of items) if (!parts.has(item.key)) throw new ExamError("invalid", `No answer box "${item.key}" in this attempt.`);
  // One transaction: the attempt is checked still open and the answers written with nothing in
  // between (on PostgreSQL the attempt's row is locked), so a submit (the learner's other tab,
  // the server's sweep) lands either wholly before this save (which is then refused) or after it.
  const rows = await writeOp(
    db,
    null,
    (function* () {
      const open = yield* get(
        // SQLite's one writer holds the whole database; PostgreSQL locks the attempt's row.
        bySql({ sqlite: `SELECT "submittedAt" FROM "TestAttempt" WHERE "id" = ?`, postgresql: `SELECT "submittedAt" FROM "TestAttempt" WHERE "id" = ? FOR UPDATE` }),
        id,
      );
      if (!open || open.submittedAt !== null) throw new ExamError("closed", CLOSED_MESSAGE);
      for (const item of items)
        yield* run(
          // newest wins: isNewer() from lib/exams, written as the upsert's WHERE (standard SQL)
          `INSERT INTO "AttemptAnswer" ("attemptId", "key", "text", "seq", "clientTime", "savedAt", "points", "maxPoints")
           VALUES (?, ?, ?, ?, ?, ?, NULL, ?)
           ON CONFLICT ("attemptId", "key") DO UPDATE SET
             "text" = excluded."text", "seq" = excluded."seq", "clientTime" = excluded."clientTime", "savedAt" = excluded."savedAt"
           WHERE excluded."seq" > "AttemptAnswer"."seq"
              OR (excluded."seq" = "AttemptAnswer"."seq" AND excluded."clientTime" > "AttemptAnswer"."clientTime")`,
          id, item.key, item.text, item.seq, item.clientTime, now, parts.get(item.key)!,
        );
      const saved = new Map<string, SavedAnswer>();
      for (const item of items) {
        const r = (yield* get(`SELECT "key", "text", "seq", "clientTime" FROM "AttemptAnswer" WHERE "attemptId" = ? AND "key" = ?`, id, item.key))!;
        saved.set(String(r.key), { key: String(r.key), text: String(r.text), seq: Number(r.seq), clientTime: Number(r.clientTime) });
      }
      return [...saved.values()];
    })(),
  );
  return { answers: rows, deadline: a.deadline };
}

// ---- submit ----------------------------------------------------------------------------------

/** Submit (idempotent: a second submit, or one after the auto-submit, changes nothing). */
export async function submitAttempt(db: Db, userId: string, id: string, now: Date): Promise<{ submittedAt: Date; reason: SubmitReason }> {
  const a = await db.testAttempt.findFirst({ where: { id, userId }, select: { startedAt: true, deadline: true, graceMs: true, submittedAt: true, submitReason: true } });
  if (!a) throw new ExamError("not-found", "No such attempt.");
  if (a.submittedAt) return { submittedAt: a.submittedAt, reason: a.submitReason as SubmitReason };
  const { at, reason } = submissionAt({ ...a, submitReason: null }, now);
  await db.testAttempt.updateMany({ where: { id, submittedAt: null }, data: { submittedAt: at, submitReason: reason } });
  const after = await db.testAttempt.findUniqueOrThrow({ where: { id }, select: { submittedAt: true, submitReason: true } });
  return { submittedAt: after.submittedAt!, reason: after.submitReason as SubmitReason };
}

/**
 * Submit every attempt whose deadline + grace has passed, with reason "deadline" and the time
 * the clock ran out. Called lazily on every read and by the server's sweep (instrumentation.ts),
 * so it happens even when nobody has the page open. Returns how many were submitted.
 */
export async function autoSubmitExpired(db: Db, now: Date): Promise<number> {
  const open = await db.$queryRaw<{ id: string; deadline: unknown; graceMs: unknown }[]>`
    SELECT "id", "deadline", "graceMs" FROM "TestAttempt" WHERE "submittedAt" IS NULL AND "deadline" < ${now}`;
  let n = 0;
  for (const r of open) {
    const clock: AttemptClock = { startedAt: now, deadline: toDate(r.deadline), graceMs: Number(r.graceMs), submittedAt: null, submitReason: null };
    if (!isExpired(clock, now)) continue;
    const { at, reason } = submissionAt(clock, now);
    // The claim is the conditional update: several instances may sweep at once, one wins.
    const res = await db.testAttempt.updateMany({ where: { id: r.id, submittedAt: null }, data: { submittedAt: at, submitReason: reason } });
    n += res.count;
  }
  return n;
}

// ---- after submitting ------------------------------------------------------------------------

let bankCache: {
  key: string;
  index: CardIndex;
  cards: Map<string, { question: string; questionHtml: string; answerHtml: string | null; widgets: string[] }>;
  /** Rankings per question text: ~300 ms a question on a 46k-card bank (bench/RESULTS.md), asked on every review page view. */
  ranked: Map<string, RankedCard[]>;
} | null = null;

/** The active card bank, indexed for ranking; rebuilt when an ingest changes the cards. */
async function cardBank(db: Db) {
  const [{ n, latest }] = await db.$queryRaw<{ n: unknown; latest: unknown }[]>`
    SELECT COUNT(*) AS "n", MAX("updatedAt") AS "latest" FROM "Card" WHERE "retiredAt" IS NULL`;
  const key = `${Number(n)}:${String(latest)}`;
  if (bankCache?.key === key) return bankCache;
  const rows = await db.card.findMany({
    where: { retiredAt: null },
    select: { id: true, explicitId: true, question: true, answer: true, questionHtml: true, answerHtml: true, widgets: true, noAutoWidgets: true, deck: { select: { path: true } }, tags: { select: { tag: true } } },
  });
  bankCache = {
    key,
    index: indexCards(rows.map((r) => ({ ...r, deck: r.deck.path.split(DECK_SEPARATOR), tags: r.tags.map((t) => t.tag), widgets: parseJson<string[]>(r.widgets, []) }))),
    ranked: new Map(),
    cards: new Map(rows.map((r) => [r.id, { question: r.question, questionHtml: r.questionHtml, answerHtml: r.answerHtml, widgets: parseJson<string[]>(r.widgets, []) }])),
  };
  return bankCache;
}

/** Related cards per question number, best first (a quick test's own card comes first). */
export async function relatedCards(
  db: Db,
  questions: (Pick<ExamQuestion, "number" | "title" | "prompt" | "cardId"> & { parts: { prompt: string }[] })[],
  k = RELATED_SHOWN,
): Promise<Map<number, RelatedCardView[]>> {
  const bank = await cardBank(db);
  const out = new Map<number, RelatedCardView[]>();
  for (const q of questions) {
    const query = { title: q.title, prompt: q.prompt, parts: q.parts.map((p) => p.prompt) };
    const memo = JSON.stringify([query, k]);
    if (!bank.ranked.has(memo)) bank.ranked.set(memo, rankRelatedCards(query, bank.index, k + 1));
    const ranked = [...bank.ranked.get(memo)!];
    if (q.cardId && bank.cards.has(q.cardId)) ranked.unshift({ id: q.cardId, score: 1, explicit: true });
    const queued = new Set(cardsToQueue(ranked).map((r) => r.id));
    const seen = new Set<string>();
    const views: RelatedCardView[] = [];
    for (const r of ranked) {
      if (seen.has(r.id) || views.length >= k) continue;
      seen.add(r.id);
      const c = bank.cards.get(r.id)!;
      views.push({ id: r.id, question: c.question, questionHtml: c.questionHtml, answerHtml: c.answerHtml, widgets: c.widgets, score: r.score, queued: queued.has(r.id) });
    }
    out.set(q.number, views);
  }
  return out;
}

/** Self-grade one part after submitting; the attempt's score is set once every part is graded. */
export async function gradePart(db: Db, userId: string, id: string, key: string, points: number, now: Date): Promise<{ score: number; maxScore: number; graded: number; complete: boolean }> {
  const a = await getAttempt(db, userId, id, now);
  if (!a) throw new ExamError("not-found", "No such attempt.");
  if (!a.submittedAt) throw new ExamError("invalid", "Submit the attempt before grading it.");
  const part = a.questions.flatMap((q) => q.parts).find((p) => p.key === key);
  if (!part) throw new ExamError("invalid", `No answer box "${key}" in this attempt.`);
  if (!isValidGrade(points, part.maxPoints)) throw new ExamError("invalid", `Points must be 0 to ${part.maxPoints}.`);
  await db.attemptAnswer.upsert({
    where: { attemptId_key: { attemptId: id, key } },
    create: { attemptId: id, key, text: "", seq: 0, clientTime: 0, savedAt: now, points, maxPoints: part.maxPoints },
    update: { points },
  });
  const stored = await db.attemptAnswer.findMany({ where: { attemptId: id }, select: { key: true, points: true } });
  const byKey = new Map(stored.map((s) => [s.key, s.points]));
  const total = totalScore(a.questions.flatMap((q) => q.parts.map((p) => ({ key: p.key, points: byKey.get(p.key) ?? null, maxPoints: p.maxPoints }))));
  await db.testAttempt.update({ where: { id }, data: { score: total.complete ? total.score : null } });
  return total;
}

/** The cards "review weak answers" would queue: per weak question, its shown related cards marked queued. */
export async function weakQueuePreview(db: Db, userId: string, id: string, now: Date): Promise<{ weakParts: number; cards: { id: string; questionHtml: string; score: number; questionNumber: number }[] }> {
  const a = await getAttempt(db, userId, id, now);
  if (!a) throw new ExamError("not-found", "No such attempt.");
  const parts = a.questions.flatMap((q) => q.parts.map((p) => ({ key: p.key, question: q, points: a.answers[p.key]?.points ?? null, maxPoints: p.maxPoints })));
  const weak = weakParts(parts);
  const questions = [...new Map(weak.map((p) => [p.question.number, p.question])).values()];
  const related = await relatedCards(db, questions);
  const cards = new Map<string, { id: string; questionHtml: string; score: number; questionNumber: number }>();
  for (const [questionNumber, views] of related)
    for (const v of views) if (v.queued && !cards.has(v.id)) cards.set(v.id, { id: v.id, questionHtml: v.questionHtml, score: v.score, questionNumber });
  return { weakParts: weak.length, cards: [...cards.values()] };
}

/**
 * Put the related cards of weak parts (0 or 1 point) that score at or above the relevance
 * threshold into the learner's review queue, due now. `confirmed` is what the learner saw in the
 * preview: only cards in both are queued, so a grade changed meanwhile never queues an unseen card.
 * A card never studied gets a learning state due now; a studied one keeps its memory state and
 * only its due date moves to now (buried cards are unburied; suspended ones stay suspended).
 */
export async function reviewWeakNow(db: Db, userId: string, id: string, now: Date, confirmed?: string[]): Promise<{ cards: number; weakParts: number }> {
  const preview = await weakQueuePreview(db, userId, id, now);
  const cardIds = preview.cards.map((c) => c.id).filter((c) => !confirmed || confirmed.includes(c));
  await writeOp(
    db,
    userId,
    (function* () {
      for (const cardId of cardIds) yield* reviewStore.upsertState(userId, requeueState(yield* reviewStore.findState(userId, cardId), newLearnerState(cardId, now), now));
    })(),
  );
  return { cards: cardIds.length, weakParts: preview.weakParts };
}
