// POST /api/review/grade: grade the card shown, answer with the next one. The review loop's hot
// route, on the Pages Router for its lighter request path (lib/http/node-api.ts says why); every
// other route is in app/.
import { getDb } from "@/lib/db/client";
import { gradeAndNext } from "@/lib/db/review";
import { customStudyOf } from "@/lib/http/custom-study";
import { userJsonRoute } from "@/lib/http/node-api";
import { gradeRequestSchema, type GradeResponse } from "@/lib/review/contract";
import { maybeAutoFit } from "@/lib/stats/auto-optimize-job";

export const config = { api: { bodyParser: false } };

export default userJsonRoute(gradeRequestSchema, async (user, body, headers) => {
  const db = getDb();
  const { result, next } = await gradeAndNext(db, user.id, body, { deckId: body.deck, now: new Date(), forAuthor: user.role === "author", custom: customStudyOf(headers) });
  // Enough new reviews since the last fit? Refit the FSRS parameters in the background.
  if (!result.duplicate) maybeAutoFit(db, user.id);
  return { ...result, next } satisfies GradeResponse;
});
