import type { Db } from "./client";

/** Active sentence starters (the seed prompt library), in source order: widgets prefill their input with them. */
export async function listStarterPrompts(db: Db): Promise<string[]> {
  const rows = await db.prompt.findMany({
    where: { kind: "starter", retiredAt: null },
    select: { text: true },
    orderBy: [{ sourceFile: "asc" }, { sourceLine: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => r.text);
}

let countsCache: { at: number; counts: Record<string, number> } | null = null;

/**
 * Character counts over the active cards' questions and answers (the content the model was trained on):
 * the unigram baseline of the perplexity widget. Cached for a minute.
 */
export async function characterCounts(db: Db): Promise<Record<string, number>> {
  if (countsCache && Date.now() - countsCache.at < 60_000) return countsCache.counts;
  const rows = await db.card.findMany({ where: { retiredAt: null }, select: { question: true, answer: true } });
  const counts: Record<string, number> = {};
  for (const r of rows) for (const c of `${r.question}\n${r.answer ?? ""}\n`) counts[c] = (counts[c] ?? 0) + 1;
  countsCache = { at: Date.now(), counts };
  return counts;
}
