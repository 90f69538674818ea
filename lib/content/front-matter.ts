import matter from "gray-matter";
import { z } from "zod";
import type { Diagnostic, DialectName } from "./types";

/**
 * Optional YAML front matter, the same for every dialect:
 *
 *     ---
 *     deck: Transformers / Attention    # or a list: [Transformers, Attention]
 *     tags: [attention, scaling]
 *     dialect: canonical                # only when detection guesses wrong
 *     time_limit_minutes: 30            # tests
 *     id: gpt-from-scratch              # tests: stable slug
 *     ---
 */
export interface FrontMatter {
  deck: string[] | null;
  tags: string[];
  dialect: DialectName | null;
  timeLimitMinutes: number | null;
  id: string | null;
}

const DIALECTS = [
  "canonical",
  "qa-lines",
  "prompt-list",
  "comprehension-test",
  "outline",
  "chat-export",
  "bold-questions",
  "heading-questions",
  "obsidian-sr",
  "cloze",
  "anki-text",
] as const;

const listOf = (sep: RegExp) =>
  z.union([z.string(), z.array(z.union([z.string(), z.number()]))]).transform((v) =>
    (Array.isArray(v) ? v.map(String) : v.split(sep)).map((s) => s.trim()).filter(Boolean),
  );

const schema = z
  .object({
    deck: listOf(/\s*(?:\/|›|>|::)\s*/).optional(),
    tags: listOf(/[,\s]+/).optional(),
    dialect: z.enum(DIALECTS).optional(),
    time_limit_minutes: z.number().int().positive().max(24 * 60).optional(),
    timeLimitMinutes: z.number().int().positive().max(24 * 60).optional(),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and dashes").optional(),
  })
  .strict();

export interface SplitFrontMatter {
  frontMatter: FrontMatter;
  /** The text with the front matter blanked out line for line, so line numbers stay true. */
  body: string;
  diagnostics: Diagnostic[];
}

const OBSIDIAN_KEYS = new Set(["aliases", "alias", "cssclass", "cssclasses", "publish", "created", "updated", "modified", "date"]);

const EMPTY: FrontMatter = { deck: null, tags: [], dialect: null, timeLimitMinutes: null, id: null };

export function splitFrontMatter(text: string, file: string): SplitFrontMatter {
  const m = /^---[ \t]*\n([\s\S]*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text);
  if (!m) return { frontMatter: EMPTY, body: text, diagnostics: [] };
  let data: unknown;
  try {
    data = matter(m[0] + "\n", {}).data;
  } catch (error) {
    return {
      frontMatter: EMPTY,
      body: text,
      diagnostics: [{ file, line: 1, severity: "error", rule: "front-matter", message: `Front matter is not valid YAML: ${(error as Error).message.split("\n")[0]}` }],
    };
  }
  // A `---` rule followed by prose is not front matter: YAML reads it as a string, not a mapping.
  if (!data || typeof data !== "object" || Array.isArray(data) || Object.keys(data).length === 0) {
    return { frontMatter: EMPTY, body: text, diagnostics: [] };
  }
  // The Obsidian spaced-repetition plugin keeps its own schedule in `sr-due`, `sr-interval` and
  // `sr-ease`. Attend schedules from its own review log, so these are dropped, never imported.
  // Obsidian's own note properties are the vault's business, not Attend's: ignored too.
  for (const key of Object.keys(data)) if (key.startsWith("sr-") || OBSIDIAN_KEYS.has(key)) delete (data as Record<string, unknown>)[key];
  const blank = m[0].split("\n").length - 1;
  const body = "\n".repeat(blank) + text.slice(m[0].length);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    return {
      frontMatter: EMPTY,
      body,
      diagnostics: parsed.error.issues.map((issue) => ({
        file,
        line: 1 + lineOfKey(m[0], String(issue.path[0] ?? "")),
        severity: "error" as const,
        rule: "front-matter",
        message: `Front matter ${issue.path.length ? `\`${issue.path.join(".")}\`` : ""}: ${issue.message}`.replace("  ", " "),
      })),
    };
  }
  const d = parsed.data;
  // Obsidian's `tags: [flashcards/ml/rnn]` decks the note's cards, as the plugin does.
  const srDeck = (d.tags ?? []).map((t) => /^#?flashcards((?:\/[\w-]+)+)$/i.exec(t)).find((t) => t)?.[1].slice(1).split("/");
  return {
    frontMatter: {
      deck: d.deck?.length ? d.deck : (srDeck ?? null),
      tags: (d.tags ?? []).filter((t) => !/^#?flashcards\b/i.test(t)).map((t) => t.toLowerCase()),
      dialect: d.dialect ?? null,
      timeLimitMinutes: d.time_limit_minutes ?? d.timeLimitMinutes ?? null,
      id: d.id ?? null,
    },
    body,
    diagnostics: [],
  };
}

function lineOfKey(block: string, key: string): number {
  const i = block.split("\n").findIndex((l) => l.startsWith(`${key}:`));
  return i < 0 ? 0 : i;
}
