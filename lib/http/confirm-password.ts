import type { Db } from "@/lib/db/client";
import { throttledPasswordCheck, retryPhrase } from "@/lib/auth/rate-limit";
import { passwordMatches, typedPasswordSchema, type SessionUser } from "@/lib/auth/users";
import { apiError } from "./api";
import { clientAddress } from "./origin";

/** Header carrying the password for a destructive upload (the body is the file): encodeURIComponent(password). */
export const PASSWORD_HEADER = "x-attend-password";

/**
 * A destructive action (password change, restore) asks for the account's password again, so a
 * stolen session or a forged request alone cannot do it. Throttled like sign-in. Null when the
 * password is right; else the answer to send (400 on `field`, or 429).
 */
export async function confirmPassword(db: Db, user: SessionUser, request: Request, password: unknown, field = "current"): Promise<Response | null> {
  const typed = typedPasswordSchema.safeParse(password);
  if (!typed.success) return apiError(400, "Enter your current password to confirm.", "invalid", { field });
  const result = await throttledPasswordCheck(db, { email: user.email, address: clientAddress(request.headers) }, new Date(), async () =>
    (await passwordMatches(db, user.id, typed.data)) ? true : null,
  );
  if (result.ok) return null;
  if (result.retryAfterMs > 0) return apiError(429, `Too many wrong passwords; try again in ${retryPhrase(result.retryAfterMs)}.`, undefined, { field, code: "rate-limited" });
  return apiError(400, "The current password is wrong.", "invalid", { field });
}

/** The password from PASSWORD_HEADER, or "" when missing or not decodable. */
export function passwordFromHeader(request: Request): string {
  try {
    return decodeURIComponent(request.headers.get(PASSWORD_HEADER) ?? "");
  } catch {
    return "";
  }
}
