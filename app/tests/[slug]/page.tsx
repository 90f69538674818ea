import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getSessionUser, requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getTest } from "@/lib/db/exams";
import { plural } from "@/lib/exams/format";
import { StartButton } from "@/components/exams/start-button";

export const dynamic = "force-dynamic";

const loadTest = cache((slug: string) => getTest(getDb(), slug));

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  if (!(await getSessionUser())) return { title: "Start a test" };
  const test = await loadTest((await params).slug);
  return { title: test ? `Start: ${test.title}` : "Test not found" };
}

export default async function TestStartPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireUser(`/tests/${slug}`);
  const test = await loadTest(slug);
  if (!test) notFound();
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <nav className="text-sm" aria-label="Breadcrumb">
        <Link href="/tests">Tests</Link>
      </nav>
      <h1 className="text-2xl font-semibold">{test.title}</h1>
      <div className="prose-card" dangerouslySetInnerHTML={{ __html: test.instructionsHtml }} />
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-zinc-500">Questions</dt>
        <dd>
          {test.questionCount} ({plural(test.partCount, "answer box", "answer boxes")})
        </dd>
        <dt className="text-zinc-500">Time limit</dt>
        <dd data-testid="time-limit">
          {plural(test.limitMinutes, "minute")}
          {test.defaultLimit && " (3 minutes per question)"}
        </dd>
      </dl>
      <p className="text-sm text-zinc-500">
        The clock starts when you press Start and keeps running if you close the page. Your answers save as you type; at the end of the time the test is
        submitted for you.
      </p>
      <StartButton slug={test.slug} limitMinutes={test.limitMinutes} />
    </div>
  );
}
