// Scheduling settings: one plain object holding every value a scheduling decision needs
// (Anki's StateContext). Learner settings are merged with per-deck overrides before use.
import { z } from "zod";

/** A (re)learning step: a positive number followed by m (minutes), h (hours) or d (days). */
export type Step = `${number}${"m" | "h" | "d"}`;

export interface SrsSettings {
  desiredRetention: number; // 0.7–0.99: probability of recall FSRS aims for when a card comes due
  newPerDay: number; // new cards introduced per study day
  maxReviewsPerDay: number; // review-state cards shown per study day (learning cards are not capped)
  learningSteps: Step[]; // intraday steps for new cards; [] lets FSRS schedule from the first answer
  relearningSteps: Step[]; // steps after a lapse (Again on a review card)
  maximumIntervalDays: number; // days, cap on any interval
  enableFuzz: boolean; // spread review intervals by a few percent so cards learned together drift apart
  leechThreshold: number; // lapses at which a card becomes a leech (then every ceil(threshold/2) more)
  leechAction: "suspend" | "tag"; // what the caller does with a new leech (it is always tagged/listed)
  dayRolloverHour: number; // 0–23, local hour at which the study day starts (Anki: 4)
  weights: number[] | null; // personal FSRS-6 parameters (21 numbers); null = ts-fsrs defaults
  loadBalancer: boolean; // draw review intervals within the fuzz range toward days with fewer reviews (lib/srs/load-balancer.ts)
  easyDays: number[]; // Monday…Sunday: 1 normal, 0.5 reduced, 0 minimum share of reviews (Anki's easy days)
  autoOptimize: boolean; // refit the FSRS parameters in the background once enough new reviews came in (learner-wide)
}

export const DEFAULT_SETTINGS: Readonly<SrsSettings> = Object.freeze<SrsSettings>({
  desiredRetention: 0.9,
  newPerDay: 20,
  maxReviewsPerDay: 200,
  learningSteps: ["1m", "10m"],
  relearningSteps: ["10m"],
  maximumIntervalDays: 36500,
  enableFuzz: true,
  leechThreshold: 8,
  leechAction: "suspend",
  dayRolloverHour: 4,
  weights: null,
  loadBalancer: true,
  easyDays: [1, 1, 1, 1, 1, 1, 1],
  autoOptimize: true,
});

/** Defaults with fuzz off, so tests get exact intervals; pass overrides for the case at hand. */
export function settingsForTesting(overrides: Partial<SrsSettings> = {}): SrsSettings {
  return mergeSettings({ ...DEFAULT_SETTINGS, enableFuzz: false }, overrides);
}

/**
 * Learner settings with a deck's overrides on top. Only keys that are present and not `undefined`
 * override; `weights: null` in an override means "use the default parameters for this deck".
 */
export function mergeSettings(base: SrsSettings, deckOverride: Partial<SrsSettings> = {}): SrsSettings {
  const merged: SrsSettings = { ...base, learningSteps: [...base.learningSteps], relearningSteps: [...base.relearningSteps], easyDays: [...base.easyDays] };
  for (const key of Object.keys(deckOverride) as (keyof SrsSettings)[]) {
    const value = deckOverride[key];
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = Array.isArray(value) ? [...value] : value;
  }
  return merged;
}

// ---- form input (coerced once, at the edge) ----

const STEP_RE = /^(\d+(?:\.\d+)?)(m|h|d)$/;

/** "1m 10m, 1h" → ["1m", "10m", "1h"]; arrays pass through. Returns messages for bad tokens. */
export function parseSteps(input: string | readonly string[]): { steps: Step[]; errors: string[] } {
  const tokens = typeof input === "string" ? input.split(/[\s,]+/) : [...input];
  const steps: Step[] = [];
  const errors: string[] = [];
  for (const raw of tokens) {
    const token = raw.trim().toLowerCase();
    if (token === "") continue;
    const match = STEP_RE.exec(token);
    if (!match) errors.push(`"${raw}" is not a step: write a number followed by m, h or d (e.g. 10m)`);
    else if (Number(match[1]) <= 0) errors.push(`"${raw}" must be longer than zero`);
    else steps.push(token as Step);
  }
  return { steps, errors };
}

/** Empty form fields mean "not given" (default, or inherit from the learner for a deck override). */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

// Drop blank and undefined entries before the object schema runs, so `.default()`/`.optional()` see them as missing.
const dropBlanks = (v: unknown) =>
  v !== null && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter(([, x]) => blankToUndefined(x) !== undefined))
    : v;

const int = (min: number, max: number, label: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `${label} must be a number` })
      .int({ error: `${label} must be a whole number` })
      .min(min, { error: `${label} must be at least ${min}` })
      .max(max, { error: `${label} must be at most ${max}` }),
  );

// Accepts 0.9, "0.9", "90" or "90%": values above 1 are read as percentages.
const retention = z.preprocess(
  (v) => {
    v = blankToUndefined(v);
    if (typeof v === "string") v = v.trim().replace(/%$/, "");
    const n = typeof v === "string" ? Number(v) : v;
    return typeof n === "number" && n > 1 ? n / 100 : n;
  },
  z
    .number({ error: "Desired retention must be a number" })
    .min(0.7, { error: "Desired retention must be between 70% and 99%" })
    .max(0.99, { error: "Desired retention must be between 70% and 99%" }),
);

const steps = (label: string) =>
  z.preprocess(
    (v) => (v === undefined || v === null ? undefined : v),
    z.union([z.string(), z.array(z.string())], { error: `${label} must be text like "1m 10m"` }).transform((v, ctx) => {
      const { steps, errors } = parseSteps(v);
      for (const message of errors) ctx.addIssue({ code: "custom", message: `${label}: ${message}` });
      return steps;
    }),
  );

// Checkboxes: "on"/"true"/"1"/"yes" → true, "off"/"false"/"0"/"no" → false. An unchecked HTML
// checkbox sends nothing, so forms should also send a hidden "false" with the same name.
const bool = (label: string) =>
  z.preprocess(
    (v) => {
      v = blankToUndefined(v);
      if (typeof v !== "string") return v;
      const s = v.trim().toLowerCase();
      if (["on", "true", "1", "yes"].includes(s)) return true;
      if (["off", "false", "0", "no"].includes(s)) return false;
      return v;
    },
    z.boolean({ error: `${label} must be on or off` }),
  );

// Personal FSRS-6 parameters: 21 numbers, comma or space separated; blank → null (defaults).
const weights = z.preprocess(
  (v) => {
    if (v === undefined || v === null) return v;
    if (typeof v === "string") {
      const s = v.trim().replace(/^\[|\]$/g, "");
      return s === "" ? null : s.split(/[\s,]+/).filter(Boolean).map(Number);
    }
    return v;
  },
  z
    .array(z.number({ error: "FSRS parameters must be numbers" }).refine(Number.isFinite, { error: "FSRS parameters must be finite numbers" }))
    .length(21, { error: "FSRS parameters must be exactly 21 numbers (FSRS-6)" })
    .nullable(),
);

// Easy days: seven levels, Monday first, each 1 (normal), 0.5 (reduced) or 0 (minimum); a form
// sends one field per day (easyDays.0 … easyDays.6 are gathered by the caller) or an array/"1,1,…".
const easyDays = z.preprocess(
  (v) => {
    const num = (x: unknown) => (typeof x === "string" ? (x.trim() === "" ? NaN : Number(x)) : x);
    return typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean).map(num) : Array.isArray(v) ? v.map(num) : v;
  },
  z
    .array(z.number().refine((x): boolean => x === 1 || x === 0.5 || x === 0, { error: "Easy days: each day is 1 (normal), 0.5 (reduced) or 0 (minimum)" }), {
      error: "Easy days must be a list of seven levels",
    })
    .length(7, { error: "Easy days must give a level for each of the seven weekdays" }),
);

const fields = {
  desiredRetention: retention,
  newPerDay: int(0, 9999, "New cards per day"),
  maxReviewsPerDay: int(0, 99999, "Maximum reviews per day"),
  learningSteps: steps("Learning steps"),
  relearningSteps: steps("Relearning steps"),
  maximumIntervalDays: int(1, 36500, "Maximum interval"),
  enableFuzz: bool("Fuzz"),
  leechThreshold: int(1, 99, "Leech threshold"),
  leechAction: z.preprocess(blankToUndefined, z.enum(["suspend", "tag"], { error: 'Leech action must be "suspend" or "tag"' })),
  dayRolloverHour: int(0, 23, "Day rollover hour"),
  weights,
  loadBalancer: bool("Load balancer"),
  easyDays,
  autoOptimize: bool("Automatic optimization"),
};

/**
 * Learner settings from a form (FormData entries as strings) or JSON. Missing or blank fields take
 * DEFAULT_SETTINGS. Output is a complete, trusted SrsSettings.
 */
export const settingsSchema = z.preprocess(
  dropBlanks,
  z.object({
  desiredRetention: fields.desiredRetention.default(DEFAULT_SETTINGS.desiredRetention),
  newPerDay: fields.newPerDay.default(DEFAULT_SETTINGS.newPerDay),
  maxReviewsPerDay: fields.maxReviewsPerDay.default(DEFAULT_SETTINGS.maxReviewsPerDay),
  learningSteps: fields.learningSteps.default([...DEFAULT_SETTINGS.learningSteps]),
  relearningSteps: fields.relearningSteps.default([...DEFAULT_SETTINGS.relearningSteps]),
  maximumIntervalDays: fields.maximumIntervalDays.default(DEFAULT_SETTINGS.maximumIntervalDays),
  enableFuzz: fields.enableFuzz.default(DEFAULT_SETTINGS.enableFuzz),
  leechThreshold: fields.leechThreshold.default(DEFAULT_SETTINGS.leechThreshold),
  leechAction: fields.leechAction.default(DEFAULT_SETTINGS.leechAction),
  dayRolloverHour: fields.dayRolloverHour.default(DEFAULT_SETTINGS.dayRolloverHour),
  weights: fields.weights.default(null),
  loadBalancer: fields.loadBalancer.default(DEFAULT_SETTINGS.loadBalancer),
  easyDays: fields.easyDays.default([...DEFAULT_SETTINGS.easyDays]),
  autoOptimize: fields.autoOptimize.default(DEFAULT_SETTINGS.autoOptimize),
  }),
) satisfies z.ZodType<SrsSettings, unknown>;

/**
 * A deck's overrides from a form: blank or missing fields are left out (inherit from the learner),
 * so the result can go straight to mergeSettings.
 */
export const deckOverrideSchema = z.preprocess(
  dropBlanks,
  z.object({
  desiredRetention: fields.desiredRetention.optional(),
  newPerDay: fields.newPerDay.optional(),
  maxReviewsPerDay: fields.maxReviewsPerDay.optional(),
  learningSteps: fields.learningSteps.optional(),
  relearningSteps: fields.relearningSteps.optional(),
  maximumIntervalDays: fields.maximumIntervalDays.optional(),
  enableFuzz: fields.enableFuzz.optional(),
  leechThreshold: fields.leechThreshold.optional(),
  leechAction: fields.leechAction.optional(),
  dayRolloverHour: fields.dayRolloverHour.optional(),
  weights: fields.weights.optional(),
  loadBalancer: fields.loadBalancer.optional(),
  easyDays: fields.easyDays.optional(),
  }),
);
