import type { Dialect, DialectName } from "./types";
import { canonicalDialect } from "./dialects/canonical";
import { qaLinesDialect } from "./dialects/qa-lines";
import { promptListDialect } from "./dialects/prompt-list";
import { comprehensionTestDialect } from "./dialects/comprehension-test";
import { outlineDialect } from "./dialects/outline";
import { chatExportDialect } from "./dialects/chat-export";
import { boldQuestionsDialect } from "./dialects/bold-questions";
import { headingQuestionsDialect } from "./dialects/heading-questions";
import { obsidianDialect } from "./dialects/obsidian";
import { clozeDialect } from "./dialects/cloze";
import { ankiTextDialect } from "./dialects/anki-text";

/** Every dialect Attend reads, one module each under dialects/. */
export const DIALECTS: readonly Dialect[] = [
  canonicalDialect,
  qaLinesDialect,
  promptListDialect,
  comprehensionTestDialect,
  outlineDialect,
  chatExportDialect,
  ankiTextDialect,
  obsidianDialect,
  clozeDialect,
  boldQuestionsDialect,
  headingQuestionsDialect,
];

export function dialectByName(name: DialectName): Dialect {
  return DIALECTS.find((d) => d.name === name)!;
}

export interface Detection {
  dialect: Dialect;
  confidence: number;
  /** Every dialect's score, for the author page and for debugging a wrong guess. */
  scores: Record<DialectName, number>;
}

/** Below this, no dialect really recognises the text: canonical reads it and says what it cannot place. */
export const MIN_CONFIDENCE = 0.25;

/**
 * Pick the dialect that is surest of the text. Ties go to the earlier (more specific) entry;
 * a file no dialect recognises is read as canonical, which reports what it cannot place.
 */
export function detectDialect(text: string): Detection {
  const scores = {} as Record<DialectName, number>;
  let best: Dialect = canonicalDialect;
  let bestScore = 0;
  for (const d of DIALECTS) {
    let score = 0;
    try {
      score = d.detect(text);
    } catch {
      score = 0; // a detector must never take ingest down; it simply does not claim the file
    }
    scores[d.name] = score;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  if (bestScore < MIN_CONFIDENCE) best = canonicalDialect;
  return { dialect: best, confidence: bestScore, scores };
}
