import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { customStudyOf } from "@/lib/http/custom-study";
import { getNext } from "@/lib/db/review";
import { withUser } from "@/lib/http/api";

export const GET = withUser(async (user, request) => {
  const deck = new URL(request.url).searchParams.get("deck") || undefined;
  return NextResponse.json(await getNext(getDb(), user.id, { deckId: deck, now: new Date(), forAuthor: user.role === "author", custom: customStudyOf(request.headers) }));
});
