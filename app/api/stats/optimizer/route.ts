import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { apiError, withUser } from "@/lib/http/api";
import { getOptimizerJob, jobView, latestOptimizerJob, startOptimizerJob } from "@/lib/stats/optimizer-jobs";

/** Start optimizing (returns at once; poll GET). A learner's running job is returned, not doubled. */
export const POST = withUser(async (user) => NextResponse.json({ job: jobView(await startOptimizerJob(getDb(), user.id)) }, { status: 202 }));

/** ?job=<id>: that job's progress; without it the learner's latest job (or null). */
export const GET = withUser(async (user, request) => {
  const id = new URL(request.url).searchParams.get("job");
  const job = id ? await getOptimizerJob(getDb(), user.id, id) : await latestOptimizerJob(getDb(), user.id);
  if (id && !job) return apiError(404, "No such optimizer run (they are kept for an hour).", "not-found");
  return NextResponse.json({ job: job ? jobView(job) : null });
});
