import type { Db } from "./client";
import { deckAndDescendantIds } from "./decks";
import { all, bySql, dateOf, get, IN_LIST, list, numOf, type Row } from "./sql";
import { readOp } from "./store";
import { studyDayStart } from "@/lib/srs/actions";
import { dueRange, ratedSince, type SearchClause, type SearchTerm } from "@/lib/srs/search-query";

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

export const PAGE_SIZE = 50;

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

// ---- the card browser: search (lib/srs/search-query.ts parses), columns, sorting ----------------

export type CardSort = "deck" | "due" | "interval" | "lapses" | "reps" | "difficulty";
export const CARD_SORTS: readonly CardSort[] = ["deck", "due", "interval", "lapses", "reps", "difficulty"];

export interface CardSearch {
  clauses: SearchClause[];
  /** The signed-in learner whose state the columns and is:/prop:/rated: read; null: none. */
  userId: string | null;
  now: Date;
  timeZone: string;
  rolloverHour: number;
  deckId?: string;
  tag?: string;
  answered?: "yes" | "no";
  sort: CardSort;
  desc: boolean;
  page: number;
}

export interface CardRow extends CardSummary {
  /** The learner's state (0 new .. 3 relearning; null: not started), due, interval (days) and counts. */
  state: number | null;
  due: Date | null;
  interval: number | null;
  reps: number;
  lapses: number;
  difficulty: number | null;
  suspended: boolean;
  buried: boolean;
}

/** `%` and `_` are LIKE wildcards; `*` is the search syntax's. */
const likePattern = (value: string, wildcards: boolean) => {
  const escaped = value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  return wildcards ? escaped.replace(/\*/g, "%") : escaped;
};
const LIKE = `LIKE ? ESCAPE '\\'`;

/** The start of a condition on each merged alternative's Markdown (JSON text in Card.alternatives), per dialect. */
const ALTERNATIVE_ANSWERS = "{{alternatives}}";
const alternativesSql = {
  sqlite: `SELECT 1 FROM json_each(c."alternatives") a WHERE LOWER(COALESCE(json_extract(a.value, '$.answer'), ''))`,
  postgresql: `SELECT 1 FROM jsonb_array_elements(c."alternatives"::jsonb) a WHERE LOWER(COALESCE(a.value->>'answer', ''))`,
};

/** One clause as an SQL condition that is never NULL (so NOT works on cards with no state row). */
function clauseSql(term: SearchTerm, ctx: CardSearch): { sql: string; args: unknown[] } {
  const started = `s."cardId" IS NOT NULL`;
  const dayStart = (n: number) => studyDayStart(ctx.now, n, ctx.timeZone, ctx.rolloverHour);
  switch (term.kind) {
    case "text": {
      const p = `%${likePattern(term.value, false)}%`;
      return {
        // The alternatives' Markdown, not their HTML or file names (lib/ingest stores [{ answer, answerHtml, file, line }]).
        sql: `(LOWER(c."question") ${LIKE} OR LOWER(COALESCE(c."answer", '')) ${LIKE} OR EXISTS (${ALTERNATIVE_ANSWERS} ${LIKE}))`,
        args: [p, p, p],
      };
    }
    case "deck": {
      const p = likePattern(term.value, true);
      return { sql: `(LOWER(d."path") ${LIKE} OR LOWER(d."path") ${LIKE})`, args: [p, `${p} / %`] };
    }
    case "tag":
      return { sql: `EXISTS (SELECT 1 FROM "CardTag" t WHERE t."cardId" = c."id" AND LOWER(t."tag") ${LIKE})`, args: [likePattern(term.value, true)] };
    case "is":
      switch (term.value) {
        case "new":
          return { sql: `(s."cardId" IS NULL OR s."state" = 0)`, args: [] };
        case "due":
          return {
            sql: `(${started} AND s."state" IN (1, 2, 3) AND s."due" < ? AND s."suspended" = FALSE AND (s."buriedUntil" IS NULL OR s."buriedUntil" <= ?))`,
            args: [dayStart(1), ctx.now],
          };
        case "suspended":
          return { sql: `(${started} AND s."suspended" = TRUE)`, args: [] };
        case "buried":
          return { sql: `(${started} AND s."buriedUntil" IS NOT NULL AND s."buriedUntil" > ?)`, args: [ctx.now] };
        case "learn":
          return { sql: `(${started} AND s."state" IN (1, 3))`, args: [] };
        case "review":
          return { sql: `(${started} AND s."state" IN (2, 3))`, args: [] };
        case "leech":
          return { sql: `(${started} AND s."leech" = TRUE)`, args: [] };
      }
      break;
    case "prop": {
      if (term.prop === "due") {
        const r = dueRange(term.op, term.value, dayStart);
        const inside = [r.from ? `s."due" >= ?` : "", r.before ? `s."due" < ?` : ""].filter(Boolean).join(" AND ");
        const args = [r.from, r.before].filter((d): d is Date => d !== undefined);
        return { sql: `(${started} AND s."state" <> 0 AND ${r.outside ? `NOT (${inside})` : `(${inside})`})`, args };
      }
      const column = { ivl: `s."scheduledDays"`, reps: `s."reps"`, lapses: `s."lapses"` }[term.prop];
      // ivl exists only once studied; reps and lapses of a card never studied are 0.
      const value = term.prop === "ivl" ? column : `COALESCE(${column}, 0)`;
      const guard = term.prop === "ivl" ? `${started} AND s."state" <> 0 AND ` : "";
      return { sql: `(${guard}${value} ${term.op === "!=" ? "<>" : term.op} ?)`, args: [term.value] };
    }
    case "rated":
      return {
        // Not correlated: the learner's answers since then are read once from the (userId, review,
        // kind, state) index. As EXISTS per card, SQLite walked that range for every card: 2.8 s at
        // 100k cards (bench:search), now a few ms.
        sql: `(c."id" IN (SELECT l."cardId" FROM "ReviewLog" l WHERE l."userId" = ? AND l."review" >= ? AND l."kind" = 'review'${term.rating === null ? "" : ` AND l."rating" = ?`}))`,
        args: [ctx.userId, ratedSince(term.days, dayStart), ...(term.rating === null ? [] : [term.rating])],
      };
  }
  throw new Error(`unhandled search term ${JSON.stringify(term)}`);
}

const ORDER: Record<CardSort, string> = {
  deck: `d."path" {dir}, c."position" {dir}`,
  // Cards never studied (or new again) have no due date: they come last either way.
  due: `CASE WHEN s."state" IS NULL OR s."state" = 0 THEN 1 ELSE 0 END, s."due" {dir}, c."position"`,
  interval: `CASE WHEN s."state" IS NULL OR s."state" = 0 THEN 1 ELSE 0 END, s."scheduledDays" {dir}, c."position"`,
  lapses: `COALESCE(s."lapses", 0) {dir}, c."position"`,
  reps: `COALESCE(s."reps", 0) {dir}, c."position"`,
  difficulty: `CASE WHEN s."state" IS NULL OR s."state" = 0 THEN 1 ELSE 0 END, s."difficulty" {dir}, c."position"`,
};


/**
 * Active cards matching a parsed search, with the learner's state columns, sorted, one page at
 * a time. One SQL statement for the page and one COUNT; every value is a parameter.
 */
export async function searchCards(db: Db, search: CardSearch): Promise<{ cards: CardRow[]; total: number; page: number; pages: number }> {
  const where = [`c."retiredAt" IS NULL`];
  const args: unknown[] = [search.userId];
  for (const { negate, term } of search.clauses) {
    const c = clauseSql(term, search);
    where.push(negate ? `NOT ${c.sql}` : c.sql);
    args.push(...c.args);
  }
  if (search.deckId) {
    where.push(`c."deckId" ${IN_LIST}`);
    args.push(list(await deckAndDescendantIds(db, search.deckId)));
  }
  if (search.tag) {
    where.push(`EXISTS (SELECT 1 FROM "CardTag" t WHERE t."cardId" = c."id" AND t."tag" = ?)`);
    args.push(search.tag);
  }
  if (search.answered) where.push(search.answered === "yes" ? `c."answer" IS NOT NULL` : `c."answer" IS NULL`);
  const conditions = where.join(" AND ");
  const from = `FROM "Card" c JOIN "Deck" d ON d."id" = c."deckId" LEFT JOIN "CardState" s ON s."cardId" = c."id" AND s."userId" = ?
                WHERE ${conditions}`;
  // The COUNT joins a table only when a condition reads it: the learner's state is at most one row
  // a card (its key is userId, cardId) and every card has its deck (a foreign key), so neither
  // join changes the count. Joined anyway, they cost 50 of the 54 ms of counting 100,000 cards
  // (bench:search).
  const usesState = /\bs\."/.test(conditions);
  const countFrom = `FROM "Card" c${/\bd\."/.test(conditions) ? ` JOIN "Deck" d ON d."id" = c."deckId"` : ""}${usesState ? ` LEFT JOIN "CardState" s ON s."cardId" = c."id" AND s."userId" = ?` : ""}
                WHERE ${conditions}`;
  const countArgs = usesState ? args : args.slice(1); // the join's userId is the first argument
  // The statement varies with the search: per dialect, the alternatives' condition.
  const text = (sql: string) =>
    bySql({
      sqlite: sql.replaceAll(ALTERNATIVE_ANSWERS, alternativesSql.sqlite),
      postgresql: sql.replaceAll(ALTERNATIVE_ANSWERS, alternativesSql.postgresql),
    });
  return readOp(
    db,
    (function* () {
      const order = ORDER[search.sort].replaceAll("{dir}", search.desc ? "DESC" : "ASC");
      const pageSql = text(
        `SELECT c."id" AS "id", c."question" AS "question", c."answer" IS NOT NULL AS "answered", d."path" AS "deck",
                s."state" AS "state", s."due" AS "due", s."scheduledDays" AS "interval", s."reps" AS "reps", s."lapses" AS "lapses",
                s."difficulty" AS "difficulty", s."suspended" AS "suspended", s."buriedUntil" AS "buriedUntil"
         ${from} ORDER BY ${order}, c."id" LIMIT ? OFFSET ?`,
      );
      const count = function* () {
        return numOf((yield* get(text(`SELECT COUNT(*) AS "n" ${countFrom}`), ...countArgs))!.n);
      };
      // The first page first: if it is not full it holds every match, and no COUNT is needed (a
      // search that finds a few cards would otherwise filter all of them twice). Any other page
      // is counted first, so a page past the last (a stale link) shows the last one.
      let page = Math.max(1, search.page);
      let total: number;
      let rows: Row[];
      if (page === 1) {
        rows = yield* all(pageSql, ...args, PAGE_SIZE, 0);
        total = rows.length < PAGE_SIZE ? rows.length : yield* count();
      } else {
        total = yield* count();
        page = Math.min(page, Math.max(1, Math.ceil(total / PAGE_SIZE)));
        rows = yield* all(pageSql, ...args, PAGE_SIZE, (page - 1) * PAGE_SIZE);
      }
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const ids = list(rows.map((r) => String(r.id)));
      const tags = yield* all(`SELECT "cardId", "tag" FROM "CardTag" WHERE "cardId" ${IN_LIST} ORDER BY "tag"`, ids);
      const sources = yield* all(`SELECT "cardId", "file", "line" FROM "CardSource" WHERE "position" = 0 AND "cardId" ${IN_LIST}`, ids);
      const started = (r: Row) => r.state !== null && r.state !== undefined;
      return {
        total,
        page,
        pages,
        cards: rows.map((r) => {
          const source = sources.find((s) => s.cardId === r.id);
          const state = started(r) ? Number(r.state) : null;
          return {
            id: String(r.id),
            deck: String(r.deck),
            question: String(r.question),
            answered: Boolean(Number(r.answered)),
            tags: tags.filter((t) => t.cardId === r.id).map((t) => String(t.tag)),
            source: source ? { file: String(source.file), line: Number(source.line) } : null,
            state,
            due: state ? dateOf(r.due) : null,
            interval: state ? Number(r.interval) : null,
            reps: Number(r.reps ?? 0),
            lapses: Number(r.lapses ?? 0),
            difficulty: state ? Number(r.difficulty) : null,
            suspended: Number(r.suspended ?? 0) === 1,
            buried: r.buriedUntil !== null && r.buriedUntil !== undefined && dateOf(r.buriedUntil) > search.now,
          };
        }),
      };
    })(),
  );
}
