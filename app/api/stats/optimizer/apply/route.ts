import { NextResponse } from "next/server";
import { z } from "zod";
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { applyWeights } from "@/lib/db/stats";
import { apiError, readJson, withUser } from "@/lib/http/api";
import { getOptimizerJob } from "@/lib/stats/optimizer-jobs";
import { confirmPassword } from "@/lib/http/confirm-password";

const applySchema = z.object({ job: z.string().min(1).max(100), reschedule: z.boolean().default(false), password: z.string().max(200).optional() });

/** Save a finished run's parameters (taken from the server's job, never from the client). */
export const POST = withUser(async (user, request) => {
  const body = await readJson(request, applySchema);
  if (body instanceof Response) return body;
  const job = await getOptimizerJob(getDb(), user.id, body.job);
  if (!job) return apiError(404, "No such optimizer run (they are kept for an hour).", "not-found");
  if (job.phase !== "done" || !job.result) return apiError(409, "This run has not finished.", "conflict");
  // Rescheduling rewrites every review card's due date: destructive, so the password is asked again.
  if (body.reschedule) {
    const refused = await confirmPassword(getDb(), user, request, body.password, "password");
    if (refused) return refused;
  }
  const result = await applyWeights(getDb(), user.id, job.result.weights, { reschedule: body.reschedule, now: new Date() });
  revalidatePath("/settings");
  revalidatePath("/stats");
  return NextResponse.json({ weights: job.result.weights, ...result });
});
