"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { AccountForm, Field, PRIMARY_BUTTON, safeReturnPath, OFFLINE_MESSAGE } from "./field";

/** next-auth's error codes, in the learner's words. */
export function signInMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  const limited = /^RateLimited(?::(\d+))?$/.exec(code);
  if (limited) {
    const s = Number(limited[1] ?? 900);
    return `Too many attempts, try again in ${s < 90 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`}.`;
  }
  if (code === "CredentialsSignin") return "Wrong e-mail or password.";
  if (code === "SessionRequired") return "Sign in to continue.";
  return "Could not sign in. Try again.";
}

export function LoginForm({ callbackUrl, initialError }: { callbackUrl?: string; initialError?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(signInMessage(initialError));
  const [pending, setPending] = useState(false);

  async function submit(form: FormData) {
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", { email: String(form.get("email")), password: String(form.get("password")), redirect: false });
      if (result?.ok && !result.error) {
        router.replace(safeReturnPath(callbackUrl));
        router.refresh();
        return;
      }
      setError(signInMessage(result?.error ?? "unknown"));
    } catch {
      setError(OFFLINE_MESSAGE);
    }
    setPending(false);
  }

  return (
    <AccountForm onSubmit={(data) => void submit(data)}>
      <Field label="E-mail" name="email" type="email" autoComplete="email" required maxLength={254} autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <p role="alert" className="min-h-5 text-sm text-red-700 dark:text-red-400">
        {error}
      </p>
      <button type="submit" disabled={pending} className={`${PRIMARY_BUTTON} w-full`}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        New here? <Link href={`/register${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`}>Create an account</Link>.
      </p>
    </AccountForm>
  );
}
