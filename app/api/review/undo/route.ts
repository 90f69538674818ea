import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { customStudyOf } from "@/lib/http/custom-study";
import { getNextAfterAction, undoLast } from "@/lib/db/review";
import { readJson, withUser } from "@/lib/http/api";
import { undoRequestSchema, type UndoResponse } from "@/lib/review/contract";

export const POST = withUser(async (user, request) => {
  const body = await readJson(request, undoRequestSchema);
  if (body instanceof Response) return body;
  const db = getDb();
  const now = new Date();
  const undone = await undoLast(db, user.id);
  return NextResponse.json({ undone, next: await getNextAfterAction(db, user.id, { deckId: body.deck, now, preferCardId: undone?.cardId, forAuthor: user.role === "author", custom: customStudyOf(request.headers) }) } satisfies UndoResponse);
});
