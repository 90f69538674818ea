import { MAX_LIMIT_MINUTES, MIN_LIMIT_MINUTES } from "./clock";
import { DEFAULT_PART_POINTS } from "./scoring";
import type { ExamQuestion } from "./types";

/** A quick test: N cards from a deck or tag, one answer box each, M minutes. */
export interface QuickTestSpec {
  /** "deck" (a deck and its sub-decks) or "tag" */
  source: "deck" | "tag";
  /** deck id or tag */
  value: string;
  count: number;
  minutes: number;
}

export const MAX_QUICK_QUESTIONS = 50;

export interface QuickCard {
  id: string;
  question: string;
  questionHtml: string;
  widgets: string[];
}

/**
 * Pick `count` cards at random (Fisher–Yates with the injected `random`, so tests are
 * deterministic) and turn each into a one-part question.
 */
export function buildQuickTest(cards: QuickCard[], count: number, random: () => number): ExamQuestion[] {
  const pool = [...cards];
  const n = Math.min(Math.max(1, Math.floor(count)), MAX_QUICK_QUESTIONS, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n).map((c, i) => ({
    number: i + 1,
    title: firstLine(c.question),
    prompt: c.question,
    promptHtml: c.questionHtml,
    rubricHtml: null,
    parts: [{ key: String(i + 1), label: "", prompt: "", promptHtml: "", maxPoints: DEFAULT_PART_POINTS }],
    widgets: c.widgets,
    cardId: c.id,
  }));
}

/** The learner's minutes, clamped to a sane range. */
export function clampMinutes(minutes: number): number {
  return Math.min(MAX_LIMIT_MINUTES, Math.max(MIN_LIMIT_MINUTES, Math.round(minutes)));
}

function firstLine(text: string): string {
  const line = text.split("\n").find((l) => l.trim()) ?? text;
  const plain = line.replace(/[`*_#>$]/g, "").trim();
  return plain.length > 80 ? plain.slice(0, 77) + "…" : plain;
}
