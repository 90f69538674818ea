import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { customStudyFromCookie } from "@/lib/http/custom-study";
import { gradeAndNext } from "@/lib/db/review";
import { readJson, withUser } from "@/lib/http/api";
import { gradeRequestSchema, type GradeResponse } from "@/lib/review/contract";
import { maybeAutoFit } from "@/lib/stats/auto-optimize-job";

export const POST = withUser(async (user, request) => {
  const body = await readJson(request, gradeRequestSchema);
  if (body instanceof Response) return body;
  const db = getDb();
  const custom = await customStudyFromCookie();
  const { result, next } = await gradeAndNext(db, user.id, body, { deckId: body.deck, now: new Date(), forAuthor: user.role === "author", custom });
  // Enough new reviews since the last fit? Refit the FSRS parameters in the background.
  if (!result.duplicate) maybeAutoFit(db, user.id);
  return NextResponse.json({ ...result, next } satisfies GradeResponse);
});
