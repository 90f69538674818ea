// The settings forms' fields, shared by the learner form and the per-deck override form.
import type { SrsSettings } from "@/lib/srs";

export interface FieldSpec {
  name: Exclude<keyof SrsSettings, "weights" | "enableFuzz" | "leechAction" | "desiredRetention" | "loadBalancer" | "easyDays" | "autoOptimize">;
  label: string;
  hint: string;
  type: "number" | "steps";
  min?: number;
  max?: number;
}

export const FIELDS: FieldSpec[] = [
  { name: "newPerDay", label: "New cards per day", hint: "Cards seen for the first time each study day.", type: "number", min: 0, max: 9999 },
  { name: "maxReviewsPerDay", label: "Maximum reviews per day", hint: "Review cards shown each study day; learning cards are not capped.", type: "number", min: 0, max: 99999 },
  { name: "learningSteps", label: "Learning steps", hint: "Intervals for a new card before it graduates, e.g. 1m 10m (m, h, d). Leave empty to let FSRS decide.", type: "steps" },
  { name: "relearningSteps", label: "Relearning steps", hint: "Intervals after you forget a review card, e.g. 10m.", type: "steps" },
  { name: "maximumIntervalDays", label: "Maximum interval (days)", hint: "No card waits longer than this.", type: "number", min: 1, max: 36500 },
  { name: "leechThreshold", label: "Leech threshold (lapses)", hint: "Forgetting a card this many times makes it a leech.", type: "number", min: 1, max: 99 },
  { name: "dayRolloverHour", label: "Day starts at (hour)", hint: "Local hour at which a new study day begins (0–23); 4 keeps late nights in the day before.", type: "number", min: 0, max: 23 },
];

/** A setting as the form shows it: steps as "1m 10m", retention as a percentage. */
export function display(settings: Partial<SrsSettings>, name: keyof SrsSettings): string {
  const value = settings[name];
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.join(" ");
  if (name === "desiredRetention") return String(Math.round((value as number) * 100));
  return String(value);
}

export interface ActionState {
  errors: Record<string, string[] | undefined>;
  message: string | null;
  ok: boolean;
}

export const INITIAL_STATE: ActionState = { errors: {}, message: null, ok: false };

export const INPUT =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-base focus:outline-2 focus:outline-offset-1 focus:outline-indigo-500 aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900";
