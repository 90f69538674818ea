import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { bulkCardAction, cardAction, getUndoLabel } from "@/lib/db/review";
import { readJson, withUser } from "@/lib/http/api";
import { cardActionsRequestSchema, type CardActionsResponse } from "@/lib/review/contract";

/**
 * Suspend, unsuspend, bury, unbury, forget or set due: one card (a refusal is a 4xx with the
 * reason) or a search result's cards (those it does not apply to come back as skipped).
 */
export const POST = withUser(async (user, request) => {
  const body = await readJson(request, cardActionsRequestSchema);
  if (body instanceof Response) return body;
  const db = getDb();
  const now = new Date();
  let result: Omit<CardActionsResponse, "undoLabel">;
  if (body.cardIds.length === 1) {
    await cardAction(db, user.id, body.cardIds[0], body.action, now, body.days);
    result = { done: 1, skipped: [] };
  } else {
    result = await bulkCardAction(db, user.id, body.cardIds, body.action, now, body.days);
  }
  return NextResponse.json({ ...result, undoLabel: await getUndoLabel(db, user.id) } satisfies CardActionsResponse);
});
