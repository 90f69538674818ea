"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { saveDeckOverride, saveSettings } from "@/lib/db/settings";
import { requireUser } from "@/lib/auth/session";
import { deckOverrideSchema, settingsSchema } from "@/lib/srs";
import type { ActionState } from "./fields";

const timeZoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { error: "Pick a time zone from the list." },
);

// An unchecked checkbox sends nothing, so the form sends a hidden "false" first and the box's
// "on" after it: the last value wins.
const formObject = (form: FormData) => Object.fromEntries(form.entries());

/** The seven easy-day selects (easyDay0 = Monday … easyDay6) as one `easyDays` list. */
function withEasyDays(values: Record<string, FormDataEntryValue>): Record<string, unknown> {
  if (!("easyDay0" in values)) return values;
  const rest: Record<string, unknown> = {};
  const days: FormDataEntryValue[] = [];
  for (const [key, value] of Object.entries(values)) {
    const m = /^easyDay(\d)$/.exec(key);
    if (m) days[Number(m[1])] = value;
    else rest[key] = value;
  }
  return { ...rest, easyDays: Array.from({ length: 7 }, (_, i) => days[i] ?? "") };
}

export async function saveSettingsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const user = await requireUser("/settings");
  const values = withEasyDays(formObject(form));
  const settings = settingsSchema.safeParse(values);
  const timeZone = timeZoneSchema.safeParse(values.timeZone);
  if (!settings.success || !timeZone.success) {
    const errors = settings.success ? {} : z.flattenError(settings.error).fieldErrors;
    return {
      errors: { ...errors, ...(timeZone.success ? {} : { timeZone: timeZone.error.issues.map((i) => i.message) }) },
      message: "Nothing saved: fix the marked fields.",
      ok: false,
    };
  }
  await saveSettings(getDb(), user.id, settings.data, timeZone.data);
  revalidatePath("/settings");
  revalidatePath("/");
  return { errors: {}, message: "Settings saved.", ok: true };
}

export async function saveDeckOverrideAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const user = await requireUser("/settings");
  const { deckId, intent, ...values } = formObject(form);
  if (typeof deckId !== "string" || !deckId) return { errors: { deckId: ["Pick a deck."] }, message: "Pick a deck first.", ok: false };
  const db = getDb();
  try {
    if (intent === "remove") {
      await saveDeckOverride(db, user.id, deckId, null);
      revalidatePath("/settings");
      return { errors: {}, message: "Override removed: the deck uses your settings again.", ok: true };
    }
    const parsed = deckOverrideSchema.safeParse(values);
    if (!parsed.success) return { errors: z.flattenError(parsed.error).fieldErrors, message: "Nothing saved: fix the marked fields.", ok: false };
    await saveDeckOverride(db, user.id, deckId, parsed.data);
    if (Object.keys(parsed.data).length === 0) {
      revalidatePath("/settings");
      return { errors: {}, message: "All fields blank: the deck uses your settings.", ok: true };
    }
  } catch (error) {
    return { errors: {}, message: error instanceof Error ? error.message : "Could not save the override.", ok: false };
  }
  revalidatePath("/settings");
  revalidatePath("/");
  return { errors: {}, message: "Deck override saved.", ok: true };
}
