"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { suspendCard } from "@/lib/db/review";
import { requireUser } from "@/lib/auth/session";

const schema = z.object({ cardId: z.string().min(1).max(100) });

/** Put a suspended leech back into the learner's queue (only ever their own card state). */
export async function unsuspendAction(form: FormData): Promise<void> {
  const user = await requireUser("/leeches");
  const parsed = schema.safeParse({ cardId: form.get("cardId") });
  if (!parsed.success) return;
  await suspendCard(getDb(), user.id, parsed.data.cardId, new Date(), false);
  revalidatePath("/leeches");
  revalidatePath("/");
}
