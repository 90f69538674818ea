import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { listStarterPrompts } from "@/lib/db/prompts";

// Public like the card pages: the prompt library is content, not learner data.
export async function GET() {
  return NextResponse.json({ starters: await listStarterPrompts(getDb()) }, { headers: { "cache-control": "public, max-age=300" } });
}
