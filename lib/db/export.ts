import type { Db } from "./client";
import { relatedCards } from "./exams";

/** The export contract (`npm run export -- --json`): Markdown text, active content only. */
export interface ExportedContent {
  cards: {
    id: string;
    deck: string;
    question: string;
    answer: string | null;
    context: string | null;
    alternatives: { answer: string; file: string; line: number }[];
    sources: { file: string; line: number }[];
    tags: string[];
    widgets: string[];
    explicitId: string | null;
  }[];
  tests: {
    id: string;
    slug: string;
    title: string;
    instructions: string;
    timeLimitMinutes: number | null;
    questions: {
      number: number;
      title: string;
      prompt: string;
      rubric: string | null;
      parts: { label: string; prompt: string }[];
      /** The related cards the attempt review page shows, best first (score in [0, 1], lib/exams/related.ts). */
      related: { cardId: string; question: string; score: number }[];
    }[];
  }[];
  prompts: { text: string; kind: "question" | "starter" }[];
}

export async function exportContent(db: Db): Promise<ExportedContent> {
  const [cards, tests, prompts] = await Promise.all([
    db.card.findMany({
      where: { retiredAt: null },
      include: { deck: { select: { path: true } }, sources: { orderBy: { position: "asc" } }, tags: true },
      orderBy: [{ deck: { path: "asc" } }, { id: "asc" }],
    }),
    db.test.findMany({
      where: { retiredAt: null },
      include: { questions: { orderBy: { number: "asc" }, include: { parts: { orderBy: { label: "asc" } } } } },
      orderBy: { slug: "asc" },
    }),
    db.prompt.findMany({ where: { retiredAt: null }, orderBy: [{ sourceFile: "asc" }, { sourceLine: "asc" }, { id: "asc" }] }),
  ]);
  const related = await Promise.all(tests.map((t) => relatedCards(db, t.questions.map((q) => ({ ...q, cardId: null })))));
  // Cards in source order (file, line) reads better than by id.
  cards.sort((a, b) => {
    const sa = a.sources[0];
    const sb = b.sources[0];
    return sa && sb ? sa.file.localeCompare(sb.file) || sa.line - sb.line : 0;
  });
  return {
    cards: cards.map((c) => ({
      id: c.id,
      deck: c.deck.path,
      question: c.question,
      answer: c.answer,
      context: c.context,
      alternatives: (JSON.parse(c.alternatives) as { answer: string; file: string; line: number }[]).map(({ answer, file, line }) => ({ answer, file, line })),
      sources: c.sources.map((s) => ({ file: s.file, line: s.line })),
      tags: c.tags.map((t) => t.tag).sort(),
      widgets: JSON.parse(c.widgets) as string[],
      explicitId: c.explicitId,
    })),
    tests: tests.map((t, i) => ({
      id: t.id,
      slug: t.slug,
      title: t.title,
      instructions: t.instructions,
      timeLimitMinutes: t.timeLimitMinutes,
      questions: t.questions.map((q) => ({
        number: q.number,
        title: q.title,
        prompt: q.prompt,
        rubric: q.rubric,
        parts: q.parts.map((p) => ({ label: p.label, prompt: p.prompt })),
        related: (related[i].get(q.number) ?? []).map((c) => ({ cardId: c.id, question: c.question, score: c.score })),
      })),
    })),
    prompts: prompts.map((p) => ({ text: p.text, kind: p.kind as "question" | "starter" })),
  };
}
