import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { getOfflineBundle } from "@/lib/db/review-sync";
import { withUser } from "@/lib/http/api";

/** Today's queue for the device to keep (docs/offline.md). Never cached by the browser or the service worker. */
export const GET = withUser(async (user, request) => {
  const deck = new URL(request.url).searchParams.get("deck") || undefined;
  const bundle = await getOfflineBundle(getDb(), user.id, { deckId: deck, now: new Date(), forAuthor: user.role === "author" });
  return NextResponse.json(bundle, { headers: { "cache-control": "no-store" } });
});
