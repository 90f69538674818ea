import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getCard } from "@/lib/db/cards";
import { CardView } from "@/components/content/card-view";
import { listStarterPrompts } from "@/lib/db/prompts";
import { WidgetSlot } from "@/components/widgets/widget-slot";

export const dynamic = "force-dynamic";

export default async function CardPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const card = await getCard(getDb(), id);
  if (!card) notFound();
  const prompts = card.widgets.length > 0 ? await listStarterPrompts(getDb()) : [];
  return (
    <div className="space-y-4">
      <nav className="text-sm" aria-label="Breadcrumb">
        <Link href={`/cards?deck=${card.deck.id}`}>{card.deck.path}</Link>
      </nav>
      <CardView card={card} />
      <WidgetSlot names={card.widgets} prompts={prompts} />
    </div>
  );
}
