/**
 * What a full backup may contain, field by field (pure: zod only). Restoring writes these values
 * straight into the schedule, so anything FSRS could not have produced is refused here with the
 * entry that holds it (issue 13: a negative stability made /stats answer 500 for that learner,
 * and duplicate ids gave a 500 at insert time).
 */
import { z } from "zod";
import { deckOverrideSchema, settingsSchema } from "@/lib/srs";

const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const int = z.number().int();
const id = z.string().min(1).max(200);
/** days; FSRS's maximum interval is 36,500 days, so anything past 100 years is not a schedule. */
const days = int.min(0).max(36_500 * 10);
/** days until retrievability falls to 90 %; positive for every reviewed card, 0 for new ones. */
const stability = z.number().min(0).max(36_500 * 10);
/** FSRS difficulty is 1..10 once reviewed, 0 for a new card. */
const difficulty = z.number().min(0).max(10);

export const backupCardStateSchema = z.object({
  cardId: id,
  due: isoDate,
  stability,
  difficulty,
  elapsedDays: days,
  scheduledDays: days,
  learningSteps: int.min(0).max(100),
  reps: int.min(0).max(1_000_000),
  lapses: int.min(0).max(1_000_000),
  state: int.min(0).max(3),
  lastReview: isoDate.nullable(),
  suspended: z.boolean(),
  buriedUntil: isoDate.nullable(),
  leech: z.boolean(),
  updatedAt: isoDate,
});

export const backupReviewLogSchema = z.object({
  id,
  cardId: id,
  rating: int.min(0).max(4),
  state: int.min(0).max(3),
  due: isoDate,
  previousDue: isoDate,
  stability,
  difficulty,
  elapsedDays: days,
  lastElapsedDays: days,
  scheduledDays: days,
  learningSteps: int.min(0).max(100),
  review: isoDate,
  durationMs: int.min(0).max(24 * 3600 * 1000),
  kind: z.enum(["review", "manual", "import"]),
});

/** Each value of `key` at most once in `list`; the issue names the second entry and the first. */
function unique<T>(list: T[], key: (item: T) => string, field: string, what: string, ctx: z.RefinementCtx, path: string) {
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else ctx.addIssue({ code: "custom", path: [path, i, field], message: `${what} "${k}" appears twice (also entry ${first})` });
  });
}

export const backupSchema = z
  .object({
    format: z.literal("attend-backup"),
    version: z.literal(1),
    exportedAt: z.string().max(100),
    timeZone: z.string().max(100),
    settings: settingsSchema,
    deckOverrides: z.array(z.object({ deckId: id, deckPath: z.string().max(2000), settings: deckOverrideSchema })).max(100_000),
    cardStates: z.array(backupCardStateSchema),
    reviewLogs: z.array(backupReviewLogSchema),
  })
  .superRefine((b, ctx) => {
    unique(b.cardStates, (s) => s.cardId, "cardId", "card", ctx, "cardStates");
    unique(b.reviewLogs, (l) => l.id, "id", "review log id", ctx, "reviewLogs");
    unique(b.deckOverrides, (o) => o.deckId, "deckId", "deck", ctx, "deckOverrides");
  });

export type Backup = z.input<typeof backupSchema>;

/**
 * The problems in `input` as `cardStates.3.stability (card "c-12"): ...` lines, at most `max`;
 * an empty list when it is a valid backup.
 */
export function backupProblems(error: z.ZodError, input: unknown, max = 20): string[] {
  return error.issues.slice(0, max).map((issue) => {
    const [list, index] = issue.path;
    if ((list === "cardStates" || list === "reviewLogs" || list === "deckOverrides") && typeof index === "number") {
      const entry = (input as Record<string, unknown[]>)[list]?.[index] as Record<string, unknown> | undefined;
      const name = list === "reviewLogs" ? `log "${String(entry?.id ?? "?")}"` : list === "cardStates" ? `card "${String(entry?.cardId ?? "?")}"` : `deck "${String(entry?.deckPath ?? "?")}"`;
      return `${issue.path.join(".")} (${name}): ${issue.message}`;
    }
    return `${issue.path.join(".") || "backup"}: ${issue.message}`;
  });
}
