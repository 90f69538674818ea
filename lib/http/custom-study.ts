// The custom study session travels in a cookie (lib/srs/custom-study.ts encodes it): the review
// screen's requests carry it, so the screen itself needs no change, and it ends with the study
// day (the queue ignores a session from an earlier day) or when the learner ends it.
import { cookies } from "next/headers";
import { decodeCustomStudy, type CustomStudy } from "@/lib/srs/custom-study";

export const CUSTOM_STUDY_COOKIE = "attend-custom-study";

/** The request's custom study session, or null. */
export async function customStudyFromCookie(): Promise<CustomStudy | null> {
  return decodeCustomStudy((await cookies()).get(CUSTOM_STUDY_COOKIE)?.value);
}
