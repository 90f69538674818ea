import type { Db } from "./client";
import { deckAndDescendantIds } from "./decks";

export interface CardSummary {
  id: string;
  deck: string;
  question: string;
  answered: boolean;
  tags: string[];
  source: { file: string; line: number } | null;
}

export interface CardDetail {
  id: string;
  deck: { id: string; path: string };
  question: string;
  questionHtml: string;
  answerHtml: string | null;
  contextHtml: string | null;
  alternatives: { answerHtml: string; file: string; line: number }[];
  sources: { file: string; line: number }[];
  tags: string[];
  widgets: string[];
  retired: boolean;
}

export interface CardFilter {
  q?: string;
  deckId?: string;
  tag?: string;
  answered?: "yes" | "no";
  page?: number;
}

export const PAGE_SIZE = 50;

/** Active cards matching the filter, in source order, one page at a time. */
export async function listCards(db: Db, filter: CardFilter): Promise<{ cards: CardSummary[]; total: number; page: number; pages: number }> {
  const where: NonNullable<Parameters<Db["card"]["findMany"]>[0]>["where"] = { retiredAt: null };
  const and: NonNullable<typeof where>[] = [];
  if (filter.q?.trim()) {
    for (const word of filter.q.trim().split(/\s+/).slice(0, 8)) {
      and.push({ OR: [{ question: { contains: word } }, { answer: { contains: word } }] });
    }
  }
  if (filter.deckId) and.push({ deckId: { in: await deckAndDescendantIds(db, filter.deckId) } });
  if (filter.tag) and.push({ tags: { some: { tag: filter.tag } } });
  if (filter.answered === "yes") and.push({ answer: { not: null } });
  if (filter.answered === "no") and.push({ answer: null });
  if (and.length) where.AND = and;

  const total = await db.card.count({ where });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pages);
  const rows = await db.card.findMany({
    where,
    select: {
      id: true,
      question: true,
      answer: true,
      deck: { select: { path: true } },
      tags: { select: { tag: true } },
      sources: { where: { position: 0 }, select: { file: true, line: true } },
    },
    orderBy: [{ deck: { path: "asc" } }, { createdAt: "asc" }, { id: "asc" }],
    skip: (page - 1) * PAGE_SIZE,
    take: PAGE_SIZE,
  });
  return {
    total,
    page,
    pages,
    cards: rows.map((r) => ({
      id: r.id,
      deck: r.deck.path,
      question: r.question,
      answered: r.answer !== null,
      tags: r.tags.map((t) => t.tag).sort(),
      source: r.sources[0] ?? null,
    })),
  };
}

export async function getCard(db: Db, id: string): Promise<CardDetail | null> {
  const c = await db.card.findUnique({
    where: { id },
    include: { deck: { select: { id: true, path: true } }, sources: { orderBy: { position: "asc" } }, tags: true },
  });
  if (!c) return null;
  return {
    id: c.id,
    deck: c.deck,
    question: c.question,
    questionHtml: c.questionHtml,
    answerHtml: c.answerHtml,
    contextHtml: c.contextHtml,
    alternatives: (JSON.parse(c.alternatives) as { answerHtml: string; file: string; line: number }[]).map(({ answerHtml, file, line }) => ({ answerHtml, file, line })),
    sources: c.sources.map((s) => ({ file: s.file, line: s.line })),
    tags: c.tags.map((t) => t.tag).sort(),
    widgets: JSON.parse(c.widgets) as string[],
    retired: c.retiredAt !== null,
  };
}

/** Tags in use by active cards, with counts, most used first. */
export async function listTags(db: Db): Promise<{ tag: string; count: number }[]> {
  const rows = await db.cardTag.groupBy({ by: ["tag"], where: { card: { retiredAt: null } }, _count: { _all: true } });
  return rows.map((r) => ({ tag: r.tag, count: r._count._all })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}
