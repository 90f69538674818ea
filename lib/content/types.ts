/**
 * The typed items that lib/content produces from Markdown. Pure data: no database ids,
 * no HTML (rendering happens in render.ts, after parsing). Every item knows where it came
 * from (file, 1-based line) so authors can be pointed back at their text.
 */

/** Where a piece of content came from. `file` is relative to the content root, `line` is 1-based. */
export interface SourceRef {
  file: string;
  line: number;
}

export type Severity = "error" | "warning" | "info";

/**
 * A message for authors. Errors block ingest (the database is left untouched);
 * warnings and infos are reported and stored for the author page.
 */
export interface Diagnostic {
  file: string;
  line: number;
  column?: number;
  severity: Severity;
  /** Stable machine name of the rule, e.g. "math-parse", "author-todo", "chat-chatter". */
  rule: string;
  message: string;
}

/** An answer kept from a merged duplicate (another copy of the same question). */
export interface AlternativeAnswer {
  answer: string; // Markdown
  source: SourceRef;
}

export interface CardItem {
  kind: "card";
  /** Deck path from the top, e.g. ["Transformers", "Background", "Math Foundations"]. Never empty. */
  deck: string[];
  /** Markdown. */
  question: string;
  /** Markdown, or null for an open card (the source gives no reference answer). */
  answer: string | null;
  /** Other answers to the same question, from merged duplicates, each with its source line. */
  alternatives: AlternativeAnswer[];
  /**
   * Markdown shown above the question when it only makes sense after another one
   * (a follow-up such as "How is it calculated in our RNN?").
   */
  context: string | null;
  /** Lower-case, kebab-case tags. */
  tags: string[];
  /** Where the question starts. */
  source: SourceRef;
  /** Every origin of this card after merging duplicates (includes `source`). */
  sources: SourceRef[];
  /** Explicit, author-given identity (`<!-- id: ... -->`), if any. */
  explicitId: string | null;
  /** Widget names attached by the author. */
  widgets: string[];
  /** Author opted this card out of proposed widgets. */
  noAutoWidgets: boolean;
  /**
   * Cards sharing a group are siblings (follow-ups of one block, merged copies): the review
   * queue buries siblings of a card answered today. Null when the card stands alone.
   */
  group: string | null;
}

export interface TestPart {
  /** "a", "b", ... */
  label: string;
  /** Markdown. */
  prompt: string;
}

export interface TestQuestion {
  number: number;
  title: string;
  /** Markdown of the question body (without the lettered parts). */
  prompt: string;
  parts: TestPart[];
  /** Optional author rubric (Markdown). */
  rubric: string | null;
  source: SourceRef;
}

export interface TestItem {
  kind: "test";
  /** Stable slug derived from the title (or front matter `id`). */
  slug: string;
  title: string;
  /** Markdown. */
  instructions: string;
  /** From front matter; null means "use the default per question". */
  timeLimitMinutes: number | null;
  questions: TestQuestion[];
  tags: string[];
  source: SourceRef;
}

export type PromptKind = "question" | "starter";

export interface PromptItem {
  kind: "prompt";
  text: string;
  promptKind: PromptKind;
  source: SourceRef;
}

export type Item = CardItem | TestItem | PromptItem;

export interface ParseResult {
  items: Item[];
  diagnostics: Diagnostic[];
}

/** A dialect reads one whole file. It must never throw: bad input becomes a diagnostic. */
export interface Dialect {
  name: DialectName;
  /** 0..1, how sure the dialect is that `text` is written in it. */
  detect(text: string): number;
  parse(text: string, file: string): ParseResult;
}

export type DialectName =
  | "canonical"
  | "qa-lines"
  | "prompt-list"
  | "comprehension-test"
  | "outline"
  | "chat-export"
  | "bold-questions"
  | "heading-questions"
  | "obsidian-sr"
  | "cloze"
  | "anki-text";

/** Defaults for a fresh card; dialects spread this and set what they know. */
export function newCard(fields: Pick<CardItem, "deck" | "question" | "answer" | "source"> & Partial<CardItem>): CardItem {
  return {
    kind: "card",
    alternatives: [],
    context: null,
    tags: [],
    sources: [fields.source],
    explicitId: null,
    widgets: [],
    noAutoWidgets: false,
    group: null,
    ...fields,
  };
}
