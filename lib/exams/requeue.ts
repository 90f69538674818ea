import type { LearnerCardState } from "@/lib/srs/actions";

/**
 * "Review weak answers now": a related card goes into today's reviews, due now. A card never
 * studied gets a learning state (so the queue shows it as a learning card, not a new one over the
 * daily limit); a studied one keeps its memory state and only its due date moves to now, and a
 * buried one is unburied. A suspended card stays suspended: the learner chose that.
 * `fresh` is the state row a new card would get (lib/srs/actions.ts newLearnerState).
 */
export function requeueState(current: LearnerCardState | null, fresh: LearnerCardState, now: Date): LearnerCardState {
  if (!current) return { ...fresh, due: now, state: 1 };
  return { ...current, due: now, state: current.state === 0 ? 1 : current.state, buriedUntil: null, updatedAt: now };
}
