// The custom study session travels in a cookie (lib/srs/custom-study.ts encodes it): the review
// screen's requests carry it, so the screen itself needs no change, and it ends with the study
// day (the queue ignores a session from an earlier day) or when the learner ends it.
import { headers as requestHeaders } from "next/headers";
import { decodeCustomStudy, type CustomStudy } from "@/lib/srs/custom-study";
import { readCookie } from "./cookies";
import type { HeaderReader } from "./origin";

export const CUSTOM_STUDY_COOKIE = "attend-custom-study";

/** The custom study session the request's cookies carry, or null. */
export function customStudyOf(headers: HeaderReader): CustomStudy | null {
  return decodeCustomStudy(readCookie(headers, CUSTOM_STUDY_COOKIE));
}

/** The same for a page or App Router route, from the request being served. */
export async function customStudyFromCookie(): Promise<CustomStudy | null> {
  return customStudyOf(await requestHeaders());
}
