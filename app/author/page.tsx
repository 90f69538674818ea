import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { getAuthorReport } from "@/lib/db/diagnostics";
import { requireAuthor } from "@/lib/auth/session";
import { AuthorReportView } from "@/components/content/author-report";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Author" };

export default async function AuthorPage({ searchParams }: { searchParams: Promise<{ severity?: string; rule?: string; file?: string }> }) {
  await requireAuthor("/author");
  const filter = await searchParams;
  const report = await getAuthorReport(getDb(), filter);
  return <AuthorReportView report={report} filter={filter} />;
}
