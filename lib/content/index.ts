/**
 * lib/content: Markdown text in, typed items out. Pure: no database and no file system; callers
 * pass { path, text } pairs (see scripts/ and lib/ingest for the I/O).
 *
 * The pipeline for one file, each step a small transform:
 *   (bytes → text: encoding.ts, by the caller) → normalise newlines → cap nesting → split front matter → detect dialect → parse → directives →
 *   author TODOs → lone `$` → merge duplicates → apply front matter (deck, tags, time limit)
 */
import type { CardItem, Diagnostic, DialectName, Item, PromptItem, TestItem } from "./types";
import { normalizeNewlines } from "./text";
import { splitFrontMatter } from "./front-matter";
import { detectDialect, dialectByName } from "./detect";
import { applyDirectives } from "./clean/directives";
import { removeAuthorTodos } from "./clean/author-todos";
import { capNesting } from "./clean/nesting";
import { findRemoteImages } from "./clean/remote-images";
import { escapeLoneDollars } from "./clean/dollars";
import { mergeDuplicateCards } from "./merge";
import { readStrayRegions } from "./regions";

export * from "./types";
export { renderMarkdown } from "./render";
export { similarity } from "./similarity";

export interface FileInput {
  /** Path relative to the content root, with forward slashes. */
  path: string;
  text: string;
  /** What reading the file found (encoding warnings; an error means the file was refused as not text). */
  diagnostics?: Diagnostic[];
}

export interface FileReport {
  file: string;
  dialect: DialectName;
  cards: number;
  tests: number;
  prompts: number;
  merged: number;
  errors: number;
  warnings: number;
}

export interface ParsedFile {
  items: Item[];
  diagnostics: Diagnostic[];
  report: FileReport;
}

export interface ParsedContent {
  items: Item[];
  diagnostics: Diagnostic[];
  files: FileReport[];
}

export function parseFile(input: FileInput): ParsedFile {
  const file = input.path;
  const read = input.diagnostics ?? [];
  if (read.some((d) => d.severity === "error")) {
    // Refused when read (not text): nothing to parse, the error says why.
    const report = { file, dialect: "canonical" as const, cards: 0, tests: 0, prompts: 0, merged: 0, errors: read.filter((d) => d.severity === "error").length, warnings: read.filter((d) => d.severity === "warning").length };
    return { items: [], diagnostics: [...read], report };
  }
  const capped = capNesting(normalizeNewlines(input.text), file);
  const { frontMatter, body, diagnostics: fmDiagnostics } = splitFrontMatter(capped.text, file);
  const diagnostics = [...read, ...capped.diagnostics, ...fmDiagnostics, ...findRemoteImages(capped.text, file)];
  const dialect = frontMatter.dialect ? dialectByName(frontMatter.dialect) : detectDialect(body).dialect;

  let parsed: { items: Item[]; diagnostics: Diagnostic[] };
  try {
    parsed = dialect.parse(body, file);
  } catch (error) {
    // Dialects promise never to throw; if one does, the author still gets file:line, not a crash.
    parsed = {
      items: [],
      diagnostics: [{ file, line: 1, severity: "error", rule: "parser-crash", message: `The ${dialect.name} parser failed: ${(error as Error).message}` }],
    };
  }
  // A file that mixes formats: stray runs another dialect recognises are read by it (regions.ts).
  if (!frontMatter.dialect) parsed = readStrayRegions(body, file, parsed, dialect);
  diagnostics.push(...parsed.diagnostics);

  let cards = parsed.items.filter((i): i is CardItem => i.kind === "card");
  const tests = parsed.items.filter((i): i is TestItem => i.kind === "test");
  const prompts = parsed.items.filter((i): i is PromptItem => i.kind === "prompt");

  diagnostics.push(...applyDirectives(cards));
  for (const card of cards) {
    const q = removeAuthorTodos(card.question, file, card.source.line);
    card.question = q.text;
    diagnostics.push(...q.diagnostics);
    if (card.answer !== null) {
      const a = removeAuthorTodos(card.answer, file, card.source.line);
      card.answer = a.text.trim() ? a.text : null;
      diagnostics.push(...a.diagnostics);
    }
  }
  for (const card of cards) {
    // A `$` is math only when it pairs on its line (clean/dollars.ts).
    const fix = (text: string) => {
      const out = escapeLoneDollars(text, file, card.source.line);
      diagnostics.push(...out.diagnostics);
      return out.text;
    };
    card.question = fix(card.question);
    if (card.answer !== null) card.answer = fix(card.answer);
    if (card.context !== null) card.context = fix(card.context);
    for (const alt of card.alternatives) alt.answer = fix(alt.answer);
  }
  const merged = mergeDuplicateCards(cards);
  cards = merged.cards;
  diagnostics.push(...merged.diagnostics);

  if (frontMatter.deck) for (const c of cards) c.deck = [...frontMatter.deck, ...c.deck.slice(1)];
  for (const c of cards) for (const t of frontMatter.tags) if (!c.tags.includes(t)) c.tags.push(t);
  for (const t of tests) {
    if (frontMatter.timeLimitMinutes !== null) t.timeLimitMinutes = frontMatter.timeLimitMinutes;
    if (frontMatter.id) t.slug = frontMatter.id;
    for (const tag of frontMatter.tags) if (!t.tags.includes(tag)) t.tags.push(tag);
  }

  const items: Item[] = [...cards, ...tests, ...prompts];
  return {
    items,
    diagnostics,
    report: {
      file,
      dialect: dialect.name,
      cards: cards.length,
      tests: tests.length,
      prompts: prompts.length,
      merged: countMerged(cards),
      errors: diagnostics.filter((d) => d.severity === "error").length,
      warnings: diagnostics.filter((d) => d.severity === "warning").length,
    },
  };
}

/** Copies folded into other cards (by the dialect or by the merge step): sources beyond the first. */
function countMerged(cards: CardItem[]): number {
  return cards.reduce((n, c) => n + Math.max(0, c.sources.length - 1), 0);
}

/** Parse a whole content tree. Files are read in path order so results never depend on the OS. */
export function parseContent(inputs: FileInput[], onFile?: (report: FileReport) => void): ParsedContent {
  const items: Item[] = [];
  const diagnostics: Diagnostic[] = [];
  const files: FileReport[] = [];
  for (const input of [...inputs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const parsed = parseFile(input);
    items.push(...parsed.items);
    diagnostics.push(...parsed.diagnostics);
    files.push(parsed.report);
    onFile?.(parsed.report);
  }
  diagnostics.push(...checkCrossFile(items));
  return { items, diagnostics, files };
}

/** Problems only visible across files: one explicit id or test slug used twice. */
function checkCrossFile(items: Item[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const ids = new Map<string, CardItem>();
  const slugs = new Map<string, TestItem>();
  for (const item of items) {
    if (item.kind === "card" && item.explicitId) {
      const first = ids.get(item.explicitId);
      if (first) {
        diagnostics.push({
          file: item.source.file,
          line: item.source.line,
          severity: "error",
          rule: "duplicate-id",
          message: `Card id "${item.explicitId}" is already used at ${first.source.file}:${first.source.line}.`,
        });
      } else ids.set(item.explicitId, item);
    }
    if (item.kind === "test") {
      const first = slugs.get(item.slug);
      if (first) {
        diagnostics.push({
          file: item.source.file,
          line: item.source.line,
          severity: "error",
          rule: "duplicate-test",
          message: `Test id "${item.slug}" is already used at ${first.source.file}:${first.source.line}; set \`id:\` in its front matter.`,
        });
      } else slugs.set(item.slug, item);
    }
  }
  return diagnostics;
}
