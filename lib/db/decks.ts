import type { Db } from "./client";

export interface DeckNode {
  id: string;
  path: string;
  name: string;
  depth: number;
  /** Active cards directly in this deck. */
  own: number;
  /** Active cards in this deck and every sub-deck. */
  total: number;
  /** Of `total`, cards with a reference answer. */
  answered: number;
  children: DeckNode[];
}

/** The deck tree with card counts, decks holding no active card left out. */
export async function getDeckTree(db: Db): Promise<DeckNode[]> {
  const [decks, counts, answered] = await Promise.all([
    db.deck.findMany({ orderBy: { path: "asc" } }),
    db.card.groupBy({ by: ["deckId"], where: { retiredAt: null }, _count: { _all: true } }),
    db.card.groupBy({ by: ["deckId"], where: { retiredAt: null, answer: { not: null } }, _count: { _all: true } }),
  ]);
  const own = new Map(counts.map((c) => [c.deckId, c._count._all]));
  const ans = new Map(answered.map((c) => [c.deckId, c._count._all]));
  const nodes = new Map<string, DeckNode>();
  for (const d of decks) {
    nodes.set(d.id, { id: d.id, path: d.path, name: d.name, depth: d.depth, own: own.get(d.id) ?? 0, total: 0, answered: 0, children: [] });
  }
  const roots: DeckNode[] = [];
  for (const d of decks) {
    const node = nodes.get(d.id)!;
    const parent = d.parentId ? nodes.get(d.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sum = (n: DeckNode): void => {
    n.children.forEach(sum);
    n.total = n.own + n.children.reduce((s, c) => s + c.total, 0);
    n.answered = (ans.get(n.id) ?? 0) + n.children.reduce((s, c) => s + c.answered, 0);
    n.children = n.children.filter((c) => c.total > 0);
  };
  roots.forEach(sum);
  return roots.filter((r) => r.total > 0);
}

/** The ids of a deck and all its sub-decks, by path prefix. */
export async function deckAndDescendantIds(db: Db, deckId: string): Promise<string[]> {
  const deck = await db.deck.findUnique({ where: { id: deckId }, select: { path: true } });
  if (!deck) return [];
  const all = await db.deck.findMany({
    where: { OR: [{ id: deckId }, { path: { startsWith: deck.path + " / " } }] },
    select: { id: true },
  });
  return all.map((d) => d.id);
}
