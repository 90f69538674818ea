import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { titleText } from "@/lib/content/text";
import { getDb } from "@/lib/db/client";
import { getCard } from "@/lib/db/cards";
import { getCardStudyInfo } from "@/lib/db/review";
import { getSessionUser } from "@/lib/auth/session";
import { CardView } from "@/components/content/card-view";
import { CardStudyPanel } from "@/components/review/card-study-panel";
import { listStarterPrompts } from "@/lib/db/prompts";
import { WidgetSlot } from "@/components/widgets/widget-slot";

export const dynamic = "force-dynamic";

const loadCard = cache((id: string) => getCard(getDb(), id));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const card = await loadCard((await params).id);
  return { title: card ? `${titleText(card.question)} · ${card.deck.path}` : "Card not found" };
}

export default async function CardPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const db = getDb();
  const [card, user] = await Promise.all([loadCard(id), getSessionUser()]);
  if (!card) notFound();
  const now = new Date();
  const [prompts, info] = await Promise.all([
    card.widgets.length > 0 ? listStarterPrompts(db) : [],
    user && !card.retired ? getCardStudyInfo(db, user.id, card.id, now) : null,
  ]);
  return (
    <div className="space-y-4">
      <nav className="text-sm" aria-label="Breadcrumb">
        <Link href={`/cards?deck=${card.deck.id}`}>{card.deck.path}</Link>
      </nav>
      <CardView card={card} isAuthor={user?.role === "author"} />
      {info && <CardStudyPanel cardId={card.id} info={info} now={now} />}
      <WidgetSlot names={card.widgets} prompts={prompts} />
    </div>
  );
}
