import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { moveCards, writeCardUpdates } from "@/lib/db/ingest-writes";
import {
  renderMarkdown,
  type CardItem,
  type Diagnostic,
  type FileReport,
  type ParsedContent,
  type PromptItem,
  type TestItem,
} from "@/lib/content";
import { pairCards, type Pairing } from "./identity";
import { CardRenderer, type RenderedCard } from "./render-cards";
import { takeIngestLease, type IngestLease } from "./lease";
import { getWidget, widgetsFor } from "@/lib/widgets/registry";
import { RENDER_VERSION } from "@/lib/content/render";

/**
 * Sync parsed content into the database beside a running app: new cards are staged in short
 * transactions and published in one short transaction at the end (see stageAndPublish), only what
 * changed is written, and a run over unchanged content writes nothing at all. Errors in the
 * content (or math that KaTeX cannot render) leave the database showing what it showed before.
 */

export const DECK_SEPARATOR = " / ";

export interface IngestSummary {
  /** False when the content was identical to the last run: nothing was written. */
  changed: boolean;
  added: number;
  updated: number;
  unchanged: number;
  retired: number;
  revived: number;
  tests: { added: number; updated: number; retired: number };
  prompts: { added: number; retired: number };
  /** Wall time of the publishing transaction (the one moment learners may wait for the lock), ms. */
  publishMs: number;
  /** How changed cards kept their identity (explicit id, exact text, similarity). */
  pairedBy: Record<string, number>;
  files: FileReport[];
  diagnostics: Diagnostic[];
}

export class ContentError extends Error {
  constructor(public readonly diagnostics: Diagnostic[]) {
    super(
      `Content has ${diagnostics.length} error(s):\n` +
        diagnostics.map((d) => `  ${d.file}:${d.line}${d.column ? `:${d.column}` : ""}  ${d.message} [${d.rule}]`).join("\n"),
    );
    this.name = "ContentError";
  }
}

/** Rows per batched write; also the unit of rendering on worker threads. */
const CHUNK = 500;
const sha = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");
const newId = () => randomBytes(9).toString("base64url");
const deckIdFor = (path: string) => "d_" + createHash("sha1").update(path).digest("hex").slice(0, 16);

/** Everything about a card that the database stores; equal hashes mean nothing to write. */
function cardHash(card: CardItem): string {
  return sha([
    RENDER_VERSION, // a renderer change re-renders every card
    card.deck,
    card.question,
    card.answer,
    card.context,
    card.alternatives,
    card.tags,
    card.sources,
    card.explicitId,
    widgetsFor(card), // what is stored: attached ∪ proposed, so registry changes reach the database
    card.noAutoWidgets,
    card.group,
  ]);
}

function testHash(test: TestItem): string {
  return sha([RENDER_VERSION, test.title, test.instructions, test.timeLimitMinutes, test.questions, test.tags, test.source]);
}

export interface SyncOptions {
  now?: Date;
  /** Told once when another ingest holds the lease and this one waits for it. */
  onWait?: () => void;
}

/**
 * retiredAt of a staged card: written but not yet published. Every learner query reads active
 * cards only (retiredAt IS NULL), so staged ones stay invisible until the publishing transaction
 * clears it. Earlier than any real retirement, so "retired after 1970" never counts one.
 */
export const STAGED_AT = new Date("1900-01-01T00:00:00.000Z");

/** Remove what a failed or crashed run staged (sources and tags go with their cards). */
async function clearStaged(db: Db): Promise<void> {
  for (;;) {
    const ids = (await db.card.findMany({ where: { retiredAt: STAGED_AT }, select: { id: true }, take: CHUNK })).map((c) => c.id);
    if (!ids.length) return;
    await db.card.deleteMany({ where: { id: { in: ids } } });
  }
}

interface TestHtml {
  instructions: string;
  questions: Map<number, { prompt: string; rubric: string | null; parts: Map<string, string> }>;
}

/** A test's Markdown rendered before any transaction starts. */
function renderTest(test: TestItem): TestHtml {
  const html = (md: string, line: number) => renderMarkdown(md, test.source.file, line).html;
  return {
    instructions: html(test.instructions, test.source.line),
    questions: new Map(
      test.questions.map((q) => [
        q.number,
        {
          prompt: html(q.prompt, q.source.line),
          rubric: q.rubric ? html(q.rubric, q.source.line) : null,
          parts: new Map(q.parts.map((p) => [p.label, html(p.prompt, q.source.line)])),
        },
      ]),
    ),
  };
}

export async function syncContent(db: Db, content: ParsedContent, options: SyncOptions = {}): Promise<IngestSummary> {
  const now = options.now ?? new Date();
  const startedAt = new Date();
  const errors = content.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new ContentError(errors);
  content = { ...content, diagnostics: [...content.diagnostics, ...unknownWidgetWarnings(content)] };

  const cards = content.items.filter((i): i is CardItem => i.kind === "card");
  // Proposed widgets come from the registry, not the text: a registry change must not look unchanged.
  const contentHash = sha([content.items, content.diagnostics, cards.map(widgetsFor)]);

  const summary: IngestSummary = {
    changed: false,
    added: 0,
    updated: 0,
    unchanged: 0,
    retired: 0,
    revived: 0,
    tests: { added: 0, updated: 0, retired: 0 },
    prompts: { added: 0, retired: 0 },
    publishMs: 0,
    pairedBy: {},
    files: content.files,
    diagnostics: content.diagnostics,
  };

  const unchanged = async () => (await db.ingestRun.findFirst({ orderBy: { id: "desc" }, select: { contentHash: true } }))?.contentHash === contentHash;
  if (await unchanged()) {
    summary.unchanged = cards.length;
    return summary;
  }
  const lease = await takeIngestLease(db, { onWait: options.onWait });
  try {
    // Another ingest may have published this very content while we waited.
    if (await unchanged()) {
      summary.unchanged = cards.length;
      return summary;
    }
    await clearStaged(db);
    await stageAndPublish(db, lease, content, contentHash, summary, now, startedAt);
  } finally {
    await lease.release();
  }
  summary.changed = true;
  return summary;
}

/**
 * Write a run so that the app keeps serving meanwhile and learners see all of it or none of it:
 * 1. decide (reads only) what to add, update, retire;
 * 2. render and stage new cards a chunk at a time, each chunk its own short transaction: staged
 *    cards carry retiredAt = STAGED_AT, so every learner query (retiredAt IS NULL) skips them;
 *    rendering happens between transactions, never while holding the write lock;
 * 3. publish in one short transaction: staged cards become active, changed cards get their new
 *    text, missing ones retire, tests, prompts and the author's report are replaced.
 * Bad math (a ContentError from rendering) or any failure before 3 removes the staged rows: the
 * database shows the last good content. Measured with `npm run bench:ingest` (bench/RESULTS.md).
 */
async function stageAndPublish(
  db: Db,
  lease: IngestLease,
  content: ParsedContent,
  contentHash: string,
  summary: IngestSummary,
  now: Date,
  startedAt: Date,
): Promise<void> {
  const cards = content.items.filter((i): i is CardItem => i.kind === "card");
  const tests = content.items.filter((i): i is TestItem => i.kind === "test");
  const prompts = content.items.filter((i): i is PromptItem => i.kind === "prompt");

  // ---- decide (reads only) ----
  const stored = await db.card.findMany({
    select: {
      id: true,
      explicitId: true,
      question: true,
      answer: true,
      contentHash: true,
      position: true,
      retiredAt: true,
      deck: { select: { path: true } },
    },
  });
  const pairing: Pairing = pairCards(
    stored.map((s) => ({
      id: s.id,
      explicitId: s.explicitId,
      deckPath: s.deck.path,
      question: s.question,
      answer: s.answer,
      retired: s.retiredAt !== null,
    })),
    cards.map((c) => ({ explicitId: c.explicitId, deckPath: c.deck.join(DECK_SEPARATOR), question: c.question, answer: c.answer, source: c.source })),
  );
  content.diagnostics.push(...pairing.diagnostics); // uncertain pairings, for the author page (same array as summary.diagnostics)
  const storedById = new Map(stored.map((s) => [s.id, s]));

  type Write = { card: CardItem; id: string; hash: string; position: number; isNew: boolean; revive: boolean };
  const moved: { id: string; position: number }[] = [];
  const writes: Write[] = [];
  cards.forEach((card, i) => {
    const id = pairing.matches[i];
    const hash = cardHash(card);
    const prev = id ? storedById.get(id)! : null;
    if (prev && prev.contentHash === hash && prev.retiredAt === null) {
      // Same card, maybe moved in source order (cards added before it): only its position changes.
      if (prev.position !== i) moved.push({ id: prev.id, position: i });
      summary.unchanged++;
      return;
    }
    if (pairing.how[i]) summary.pairedBy[pairing.how[i]!] = (summary.pairedBy[pairing.how[i]!] ?? 0) + 1;
    writes.push({ card, id: id ?? newId(), hash, position: i, isNew: !prev, revive: !!prev && prev.retiredAt !== null });
  });
  const toRetire = pairing.unmatched.filter((id) => storedById.get(id)!.retiredAt === null);

  // Decks: every prefix of every deck path.
  const deckPaths = new Map<string, { name: string; depth: number; parent: string | null }>();
  for (const card of cards) {
    for (let d = 1; d <= card.deck.length; d++) {
      const path = card.deck.slice(0, d).join(DECK_SEPARATOR);
      if (!deckPaths.has(path)) {
        deckPaths.set(path, { name: card.deck[d - 1], depth: d - 1, parent: d > 1 ? card.deck.slice(0, d - 1).join(DECK_SEPARATOR) : null });
      }
    }
  }

  const storedTests = await db.test.findMany({ select: { id: true, slug: true, contentHash: true, retiredAt: true } });
  const storedPrompts = await db.prompt.findMany({ select: { id: true, kind: true, text: true, retiredAt: true } });

  // ---- stage (short transactions; rendering in between) ----
  const existingDecks = new Set((await db.deck.findMany({ select: { path: true } })).map((d) => d.path));
  // Parents first (depth order) so the self-relation always points at an existing row.
  const newDecks = [...deckPaths].filter(([path]) => !existingDecks.has(path)).sort((a, b) => a[1].depth - b[1].depth);
  const testHtml = tests.map(renderTest);
  const updates: { w: Write; r: RenderedCard }[] = [];
  try {
    if (newDecks.length) {
      await db.deck.createMany({
        data: newDecks.map(([path, d]) => ({ id: deckIdFor(path), path, name: d.name, depth: d.depth, parentId: d.parent ? deckIdFor(d.parent) : null })),
      });
    }
    // Render the next chunk on the worker threads while this one is written, so memory stays flat
    // on big trees. Math that KaTeX cannot render throws a ContentError before anything is published.
    const renderer = await CardRenderer.create(writes.length);
    try {
      const renderChunk = async (chunk: Write[]) => {
        const out = await renderer.render(chunk.map((w) => w.card));
        const errors = out.flatMap((o) => o.diagnostics).filter((d) => d.severity === "error");
        if (errors.length) throw new ContentError(errors);
        return out.map((o) => o.rendered);
      };
      let pending = writes.length ? renderChunk(writes.slice(0, CHUNK)) : null;
      for (let i = 0; i < writes.length; i += CHUNK) {
        const chunk = writes.slice(i, i + CHUNK);
        const rendered = await pending!;
        pending = i + CHUNK < writes.length ? renderChunk(writes.slice(i + CHUNK, i + 2 * CHUNK)) : null;
        pending?.catch(() => undefined); // surfaced when awaited
        const created = chunk.map((w, k) => ({ w, r: rendered[k] })).filter(({ w }) => w.isNew);
        chunk.forEach((w, k) => !w.isNew && updates.push({ w, r: rendered[k] }));
        if (created.length) {
          const tagRows = created.flatMap(({ w }) => [...new Set(w.card.tags)].map((tag) => ({ cardId: w.id, tag })));
          await db.$transaction([
            db.card.createMany({ data: created.map(({ w, r }) => ({ ...cardRow(w, r), retiredAt: STAGED_AT })) }),
            db.cardSource.createMany({ data: created.flatMap(({ w }) => sourceRows(w.id, w.card)) }),
            db.cardTag.createMany({ data: tagRows }),
          ]);
          summary.added += created.length;
        }
        await lease.renew();
      }
    } finally {
      await renderer.close();
    }
  } catch (error) {
    await clearStaged(db);
    if (newDecks.length) await db.deck.deleteMany({ where: { path: { in: newDecks.map(([path]) => path) }, cards: { none: {} } } });
    throw error;
  }

  // ---- publish (one short transaction) ----
  await lease.renew();
  const publishStarted = performance.now();
  await db.$transaction(
    async (tx) => {
      await tx.card.updateMany({ where: { retiredAt: STAGED_AT }, data: { retiredAt: null } });
      await moveCards(tx, moved);
      await writeCardUpdates(db, tx, updates.map(({ w, r }) => ({ ...cardRow(w, r), sources: sourceRows(w.id, w.card), tags: w.card.tags })), new Date());
      for (const { w } of updates) {
        if (w.revive) summary.revived++;
        else summary.updated++;
      }

      for (let i = 0; i < toRetire.length; i += CHUNK) {
        await tx.card.updateMany({ where: { id: { in: toRetire.slice(i, i + CHUNK) } }, data: { retiredAt: now } });
      }
      summary.retired = toRetire.length;

      // Tests, by slug. Question and part ids derive from the test id, so attempts keep pointing
      // at the same question when the author edits its wording.
      const testsBySlug = new Map(storedTests.map((t) => [t.slug, t]));
      for (const [ti, test] of tests.entries()) {
        const prev = testsBySlug.get(test.slug);
        const hash = testHash(test);
        if (prev && prev.contentHash === hash && prev.retiredAt === null) continue;
        const id = prev?.id ?? newId();
        const html = testHtml[ti];
        const instructionsHtml = html.instructions;
        const data = {
          slug: test.slug,
          title: test.title,
          instructions: test.instructions,
          instructionsHtml,
          timeLimitMinutes: test.timeLimitMinutes,
          tags: JSON.stringify(test.tags),
          sourceFile: test.source.file,
          sourceLine: test.source.line,
          contentHash: hash,
          retiredAt: null,
        };
        if (prev) {
          await tx.test.update({ where: { id }, data });
          summary.tests.updated++;
        } else {
          await tx.test.create({ data: { id, ...data } });
          summary.tests.added++;
        }
        const keep = new Set<string>();
        for (const q of test.questions) {
          const qid = `${id}-q${q.number}`;
          keep.add(qid);
          const qdata = {
            testId: id,
            number: q.number,
            title: q.title,
            prompt: q.prompt,
            promptHtml: html.questions.get(q.number)!.prompt,
            rubric: q.rubric,
            rubricHtml: html.questions.get(q.number)!.rubric,
            sourceLine: q.source.line,
          };
          await tx.testQuestion.upsert({ where: { id: qid }, create: { id: qid, ...qdata }, update: qdata });
          await tx.testPart.deleteMany({ where: { questionId: qid, label: { notIn: q.parts.map((p) => p.label) } } });
          for (const p of q.parts) {
            const pid = `${qid}${p.label}`;
            const pdata = { questionId: qid, label: p.label, prompt: p.prompt, promptHtml: html.questions.get(q.number)!.parts.get(p.label)! };
            await tx.testPart.upsert({ where: { id: pid }, create: { id: pid, ...pdata }, update: pdata });
          }
        }
        await tx.testQuestion.deleteMany({ where: { testId: id, id: { notIn: [...keep] } } });
      }
      const liveSlugs = new Set(tests.map((t) => t.slug));
      const retireTests = storedTests.filter((t) => !liveSlugs.has(t.slug) && t.retiredAt === null).map((t) => t.id);
      if (retireTests.length) await tx.test.updateMany({ where: { id: { in: retireTests } }, data: { retiredAt: now } });
      summary.tests.retired = retireTests.length;

      // Prompts, by (kind, text).
      const promptKey = (kind: string, text: string) => `${kind}\u0000${text}`;
      const storedPromptByKey = new Map(storedPrompts.map((p) => [promptKey(p.kind, p.text), p]));
      const livePrompts = new Set<string>();
      for (const p of prompts) {
        const key = promptKey(p.promptKind, p.text);
        if (livePrompts.has(key)) continue;
        livePrompts.add(key);
        const prev = storedPromptByKey.get(key);
        const data = { sourceFile: p.source.file, sourceLine: p.source.line, retiredAt: null };
        if (!prev) {
          await tx.prompt.create({ data: { id: newId(), kind: p.promptKind, text: p.text, ...data } });
          summary.prompts.added++;
        } else if (prev.retiredAt !== null) {
          await tx.prompt.update({ where: { id: prev.id }, data });
        }
      }
      const retirePrompts = storedPrompts.filter((p) => !livePrompts.has(promptKey(p.kind, p.text)) && p.retiredAt === null).map((p) => p.id);
      if (retirePrompts.length) await tx.prompt.updateMany({ where: { id: { in: retirePrompts } }, data: { retiredAt: now } });
      summary.prompts.retired = retirePrompts.length;

      // Decks left without any card (active or retired) go; retired cards keep their deck.
      // Leaves first, so repeat until a pass removes nothing (at most the tree's depth).
      while ((await tx.deck.deleteMany({ where: { cards: { none: {} }, children: { none: {} } } })).count > 0);

      // The run and its diagnostics replace the previous run's for the author page.
      await tx.diagnostic.deleteMany({});
      const run = await tx.ingestRun.create({
        data: {
          startedAt,
          finishedAt: new Date(),
          contentHash,
          report: JSON.stringify(content.files),
          added: summary.added,
          updated: summary.updated,
          retired: summary.retired,
          revived: summary.revived,
        },
      });
      for (let i = 0; i < content.diagnostics.length; i += CHUNK) {
        await tx.diagnostic.createMany({
          data: content.diagnostics.slice(i, i + CHUNK).map((d) => ({
            runId: run.id,
            file: d.file,
            line: d.line,
            column: d.column ?? null,
            severity: d.severity,
            rule: d.rule,
            message: d.message,
          })),
        });
      }
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
  summary.publishMs = performance.now() - publishStarted;
}

/** An author attached a widget the registry does not know: the card shows without it; say so. */
function unknownWidgetWarnings(content: ParsedContent): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const item of content.items) {
    if (item.kind !== "card") continue;
    for (const name of item.widgets) {
      if (!getWidget(name)) {
        out.push({ file: item.source.file, line: item.source.line, severity: "warning", rule: "unknown-widget", message: `No widget is called "${name}"; see docs/authoring.md for the list.` });
      }
    }
  }
  return out;
}

function cardRow({ id, card, hash, position }: { id: string; card: CardItem; hash: string; position: number }, rendered: RenderedCard) {
  return {
    id,
    position,
    deckId: deckIdFor(card.deck.join(DECK_SEPARATOR)),
    explicitId: card.explicitId,
    question: card.question,
    answer: card.answer,
    context: card.context,
    questionHtml: rendered.questionHtml,
    answerHtml: rendered.answerHtml,
    contextHtml: rendered.contextHtml,
    alternatives: JSON.stringify(rendered.alternatives),
    widgets: JSON.stringify(widgetsFor(card)), // attached ∪ proposed (lib/widgets/registry)
    noAutoWidgets: card.noAutoWidgets,
    groupKey: card.group,
    contentHash: hash,
  };
}

function sourceRows(cardId: string, card: CardItem) {
  return card.sources.map((s, position) => ({ cardId, file: s.file, line: s.line, position }));
}
