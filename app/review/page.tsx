import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getNext, ReviewError } from "@/lib/db/review";
import { ReviewSession } from "@/components/review/review-session";
import type { NextResponse } from "@/lib/review/contract";
import { CustomStudyPanel } from "@/components/review/custom-study-panel";
import { customStudyFromCookie } from "@/lib/http/custom-study";
import { customStudyActive, describeCustomStudy } from "@/lib/srs/custom-study";
import { dayStart } from "@/lib/srs/day";
import { getSettings } from "@/lib/db/settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage({ searchParams }: { searchParams: Promise<{ deck?: string }> }) {
  const { deck } = await searchParams;
  const user = await requireUser(deck ? `/review?deck=${encodeURIComponent(deck)}` : "/review");
  // The first card in the server render; a deck that is gone (or a busy database) leaves it to the
  // client, which shows the reason and offers to retry.
  let initial: NextResponse | undefined;
  const now = new Date();
  const learner = await getSettings(getDb(), user.id);
  const cookie = await customStudyFromCookie();
  const custom = cookie && customStudyActive(cookie, dayStart(now, learner.timeZone, learner.settings.dayRolloverHour), now) ? cookie : null;
  try {
    initial = await getNext(getDb(), user.id, { deckId: deck || undefined, now, forAuthor: user.role === "author", custom });
  } catch (error) {
    if (!(error instanceof ReviewError) && (error as { code?: string } | null)?.code !== "SQLITE_BUSY") throw error;
  }
  return (
    <>
      <h1 className="sr-only">Review</h1>
      {/* keyed by deck: switching decks starts a fresh session view */}
      <CustomStudyPanel active={custom ? describeCustomStudy(custom) : null} deck={deck || undefined} />
      <ReviewSession key={deck ?? ""} userId={user.id} deck={deck || undefined} isAuthor={user.role === "author"} initial={initial} />
    </>
  );
}
