import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { ReviewSession } from "@/components/review/review-session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage({ searchParams }: { searchParams: Promise<{ deck?: string }> }) {
  const { deck } = await searchParams;
  const user = await requireUser(deck ? `/review?deck=${encodeURIComponent(deck)}` : "/review");
  return (
    <>
      <h1 className="sr-only">Review</h1>
      {/* keyed by deck: switching decks starts a fresh session view */}
      <ReviewSession key={deck ?? ""} deck={deck || undefined} isAuthor={user.role === "author"} />
    </>
  );
}
