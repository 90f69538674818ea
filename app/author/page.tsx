import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { getAuthorReport } from "@/lib/db/diagnostics";
import { requireAuthor } from "@/lib/auth/session";
import { AuthorReportView } from "@/components/content/author-report";
import { AuthorLeeches } from "@/components/content/author-leeches";
import { listLeechCardsForAuthors } from "@/lib/db/review";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Author" };

export default async function AuthorPage({ searchParams }: { searchParams: Promise<{ severity?: string; rule?: string; file?: string }> }) {
  await requireAuthor("/author");
  const filter = await searchParams;
  const db = getDb();
  const [report, leeches] = await Promise.all([getAuthorReport(db, filter), listLeechCardsForAuthors(db)]);
  return (
    <div className="space-y-10">
      <AuthorReportView report={report} filter={filter} />
      <AuthorLeeches leeches={leeches} />
    </div>
  );
}
