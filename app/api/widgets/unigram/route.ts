import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { characterCounts } from "@/lib/db/prompts";

// Character counts of the content: the perplexity widget's unigram baseline. Public, like the card pages.
export async function GET() {
  return NextResponse.json({ counts: await characterCounts(getDb()) }, { headers: { "cache-control": "public, max-age=300" } });
}
