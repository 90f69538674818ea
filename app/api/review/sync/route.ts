import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { syncGrades } from "@/lib/db/review-sync";
import { readJson, withUser } from "@/lib/http/api";
import { syncRequestSchema, type SyncResponse } from "@/lib/review/offline-contract";

/** Grades made offline, in the order they were given, with their ids and review times (docs/offline.md). */
export const POST = withUser(async (user, request) => {
  const body = await readJson(request, syncRequestSchema, 256 * 1024);
  if (body instanceof Response) return body;
  const grades = body.grades.map((g) => ({ ...g, review: new Date(g.review) }));
  return NextResponse.json((await syncGrades(getDb(), user.id, grades, new Date())) satisfies SyncResponse);
});
