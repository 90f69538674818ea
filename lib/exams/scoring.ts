import type { ExamPart } from "./types";

/**
 * Self-grading. Each part is worth DEFAULT_PART_POINTS (0 missed, 1 partly, 2 fully) unless the
 * author's rubric says otherwise: "(3 points)" after a part label ("- a) ... 3 points") sets that
 * part, a lone "N points" sets every part of the question.
 */
export const DEFAULT_PART_POINTS = 2;
/** Parts scored at or below this count as weak: their related cards go back into review. */
export const WEAK_MAX_POINTS = 1;

const POINTS = /(\d{1,2})\s*(?:points?|pts?)\b/i;

export function rubricPoints(rubric: string | null, labels: string[]): Map<string, number> {
  const out = new Map<string, number>(labels.map((l) => [l, DEFAULT_PART_POINTS]));
  if (!rubric) return out;
  let whole: number | null = null;
  const perPart = new Set<string>();
  for (const line of rubric.split("\n")) {
    const part = /^\s*(?:[-*]\s*)?\(?([a-z])\)\s*(.*)$/i.exec(line);
    const points = POINTS.exec(line);
    if (!points) continue;
    const n = Number(points[1]);
    if (n < 1) continue;
    if (part && out.has(part[1].toLowerCase())) {
      out.set(part[1].toLowerCase(), n);
      perPart.add(part[1].toLowerCase());
    }
    else if (whole === null) whole = n;
  }
  if (whole !== null) for (const l of labels) if (!perPart.has(l)) out.set(l, whole);
  return out;
}

/** A grade the learner may give: an integer 0..maxPoints. */
export function isValidGrade(points: number, maxPoints: number): boolean {
  return Number.isInteger(points) && points >= 0 && points <= maxPoints;
}

export interface PartScore {
  key: string;
  points: number | null;
  maxPoints: number;
}

/** Total of the graded parts and the maximum; complete once every part has a grade. */
export function totalScore(parts: PartScore[]): { score: number; maxScore: number; graded: number; complete: boolean } {
  let score = 0;
  let maxScore = 0;
  let graded = 0;
  for (const p of parts) {
    maxScore += p.maxPoints;
    if (p.points !== null) {
      score += p.points;
      graded++;
    }
  }
  return { score, maxScore, graded, complete: graded === parts.length };
}

/** Parts the learner scored 0 or 1 (of 2): the ones to study again. */
export function weakParts<T extends PartScore>(parts: T[]): T[] {
  return parts.filter((p) => p.points !== null && p.points <= Math.min(WEAK_MAX_POINTS, p.maxPoints - 1));
}

export type { ExamPart };
