import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { customStudyOf } from "@/lib/http/custom-study";
import { buryCard, getNextAfterAction } from "@/lib/db/review";
import { readJson, withUser } from "@/lib/http/api";
import { cardActionSchema } from "@/lib/review/contract";

export const POST = withUser(async (user, request) => {
  const body = await readJson(request, cardActionSchema);
  if (body instanceof Response) return body;
  const db = getDb();
  const now = new Date();
  await buryCard(db, user.id, body.cardId, now);
  return NextResponse.json(await getNextAfterAction(db, user.id, { deckId: body.deck, now, forAuthor: user.role === "author", custom: customStudyOf(request.headers) }));
});
