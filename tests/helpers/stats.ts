import { default_w } from "ts-fsrs";
import type { Db } from "@/lib/db/client";
import { restoreBackup, type Backup } from "@/lib/db/portability";
import { DEFAULT_SETTINGS, settingsForTesting } from "@/lib/srs";
import { simulatedLogRow, simulateHistory, type SimulationOptions } from "@/lib/stats";

/** A learner whose memory differs from FSRS's defaults (for optimizer tests and seeded pages). */
export const TRUE_WEIGHTS: number[] = (() => {
  const w = [...default_w];
  Object.assign(w, { 0: 0.6, 1: 2.5, 2: 6, 3: 20, 8: 1.2, 20: 0.4 });
  return w;
})();

/**
 * The latest 09:00 UTC at or before `now`: where a history "ending now" ends. The simulator's
 * sessions start 0–2 h after the start's time of day, so ending at the clock's own time made the
 * history depend on when the test ran (after ~22:00 UTC sessions cross midnight, and the automatic
 * fit was kept instead of applied at 22:40 and 23:40).
 */
export function recentHistoryEnd(now = new Date()): Date {
  const nine = 9 * 3_600_000;
  return new Date(Math.floor((now.getTime() - nine) / 86_400_000) * 86_400_000 + nine);
}

/**
 * Give a learner a simulated history ending at `end` (logs and card states) through the backup
 * restore, i.e. through lib functions only. Returns the backup used.
 */
export async function seedHistory(db: Db, userId: string, o: Partial<SimulationOptions> & { cardIds: string[]; end: Date; days: number }): Promise<Backup> {
  const settings = o.settings ?? settingsForTesting();
  const start = new Date(o.end.getTime() - o.days * 86_400_000);
  const sim = simulateHistory({ trueWeights: TRUE_WEIGHTS, newPerDay: 10, seed: 1, ...o, settings, start });
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const backup: Backup = {
    format: "attend-backup",
    version: 1,
    exportedAt: o.end.toISOString(),
    timeZone: "UTC",
    settings: { ...DEFAULT_SETTINGS, ...settings },
    deckOverrides: [],
    cardStates: [...sim.cards].map(([cardId, c]) => ({
      cardId,
      due: c.due.toISOString(),
      stability: c.stability,
      difficulty: c.difficulty,
      elapsedDays: c.elapsed_days,
      scheduledDays: c.scheduled_days,
      learningSteps: c.learning_steps,
      reps: c.reps,
      lapses: c.lapses,
      state: c.state,
      lastReview: iso(c.last_review),
      suspended: false,
      buriedUntil: null,
      leech: c.lapses >= 8,
      updatedAt: (c.last_review ?? o.end).toISOString(),
    })),
    reviewLogs: sim.logs.map((l, i) => simulatedLogRow(l, `sim-${userId}-${i}`)),
  };
  const result = await restoreBackup(db, userId, backup);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return backup;
}
