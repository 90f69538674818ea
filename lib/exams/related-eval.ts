import { z } from "zod";
import type { CardItem, TestItem } from "@/lib/content";
import { indexCards, rankRelatedCards, type CandidateCard, type RankedCard, type RelatedOptions } from "./related";

/**
 * Retrieval evaluation of related cards against a labelled relevance set
 * (tests/fixtures/relevance/*.json): for each test question, the cards a teacher would assign
 * ("relevant") and cards that share its words but not its concept ("tempting").
 *
 *   precision@5 = relevant cards among the top 5 / 5
 *   recall@10   = relevant cards among the top 10 / relevant cards labelled
 *   tempting@5  = tempting non-matches among the top 5 (lower is better)
 *
 * Cards are named by file and the start of their question, so the labels survive re-ingests and
 * a reworded card shows up as an unresolved label instead of silently counting as a miss.
 */

const CardRef = z.object({ file: z.string().min(1), question: z.string().min(1) });
export const RelevanceLabels = z.object({
  test: z.string(),
  method: z.string().min(1),
  questions: z.array(
    z.object({ number: z.number().int().positive(), title: z.string(), relevant: z.array(CardRef).min(1), tempting: z.array(CardRef) }),
  ),
});
export type RelevanceLabels = z.infer<typeof RelevanceLabels>;
type CardRef = z.infer<typeof CardRef>;

export interface QuestionResult {
  number: number;
  title: string;
  precisionAt5: number;
  recallAt10: number;
  temptingAt5: number;
  /** Top 10 as ranked, for the report. */
  top: (RankedCard & { question: string; label: "relevant" | "tempting" | "" })[];
}

export interface EvalResult {
  questions: QuestionResult[];
  precisionAt5: number;
  recallAt10: number;
  temptingAt5: number;
}

const norm = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();

/** The cards of parsed content as the app indexes them; ids are "file:line#n" (one-line files hold many cards). */
export function candidateCards(cards: CardItem[]): (CandidateCard & { file: string })[] {
  return cards.map((c, n) => ({
    id: `${c.source.file}:${c.source.line}#${n}`,
    file: c.source.file,
    question: c.question,
    answer: c.answer,
    deck: c.deck,
    tags: c.tags,
    widgets: c.widgets,
    noAutoWidgets: c.noAutoWidgets,
    explicitId: c.explicitId,
  }));
}

/** Card ids a label names; throws with the label when it names none (the content changed). */
function resolve(ref: CardRef, cards: { id: string; file: string; question: string }[], where: string): string[] {
  const ids = cards.filter((c) => c.file === ref.file && norm(c.question).startsWith(norm(ref.question))).map((c) => c.id);
  if (ids.length === 0) throw new Error(`${where}: no card in ${ref.file} starts with "${ref.question}"`);
  return ids;
}

export function evaluateRelated(labels: RelevanceLabels, test: TestItem, cards: CardItem[], options: Partial<RelatedOptions> = {}): EvalResult {
  const candidates = candidateCards(cards);
  const index = indexCards(candidates, options);
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const questions = labels.questions.map((l): QuestionResult => {
    const q = test.questions.find((x) => x.number === l.number);
    if (!q) throw new Error(`labels: question ${l.number} is not in ${labels.test}`);
    const where = `labels, question ${l.number}`;
    const relevant = new Set(l.relevant.flatMap((r) => resolve(r, candidates, where)));
    const tempting = new Set(l.tempting.flatMap((r) => resolve(r, candidates, where)));
    const ranked = rankRelatedCards({ title: q.title, prompt: q.prompt, parts: q.parts.map((p) => p.prompt) }, index, 10);
    const hits = (n: number, set: Set<string>) => ranked.slice(0, n).filter((r) => set.has(r.id)).length;
    return {
      number: l.number,
      title: l.title,
      precisionAt5: hits(5, relevant) / 5,
      recallAt10: hits(10, relevant) / relevant.size,
      temptingAt5: hits(5, tempting),
      top: ranked.map((r) => ({
        ...r,
        question: byId.get(r.id)!.question.replace(/\s+/g, " "),
        label: relevant.has(r.id) ? "relevant" : tempting.has(r.id) ? "tempting" : "",
      })),
    };
  });
  const mean = (f: (q: QuestionResult) => number) => questions.reduce((s, q) => s + f(q), 0) / Math.max(1, questions.length);
  return { questions, precisionAt5: mean((q) => q.precisionAt5), recallAt10: mean((q) => q.recallAt10), temptingAt5: mean((q) => q.temptingAt5) };
}
