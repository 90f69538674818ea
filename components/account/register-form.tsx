"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, useSyncExternalStore } from "react";
import { AccountForm, Field, PRIMARY_BUTTON, safeReturnPath, OFFLINE_MESSAGE } from "./field";

type Errors = Partial<Record<"email" | "name" | "password" | "form", string>>;

/** The browser's IANA zone; "" during the server render (the server cannot know it). */
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone ?? "";
const noSubscription = () => () => {};

export function RegisterForm({ callbackUrl }: { callbackUrl?: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const timeZone = useSyncExternalStore(noSubscription, browserZone, () => "");

  async function submit(form: FormData) {
    setPending(true);
    setErrors({});
    const body = {
      email: String(form.get("email") ?? ""),
      name: String(form.get("name") ?? ""),
      password: String(form.get("password") ?? ""),
      ...(timeZone ? { timeZone } : {}),
    };
    try {
      const res = await fetch("/api/account/register", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (res.status !== 201) {
        const json = (await res.json().catch(() => ({}))) as { error?: string; field?: string };
        const field = json.field === "email" || json.field === "name" || json.field === "password" ? json.field : "form";
        setErrors({ [field]: json.error ?? `Could not create the account (HTTP ${res.status}).` });
        setPending(false);
        return;
      }
      const result = await signIn("credentials", { email: body.email, password: body.password, redirect: false });
      router.replace(result?.ok && !result.error ? safeReturnPath(callbackUrl) : "/login");
      router.refresh();
    } catch {
      setErrors({ form: OFFLINE_MESSAGE });
      setPending(false);
    }
  }

  return (
    <AccountForm onSubmit={(data) => void submit(data)}>
      <Field label="Name" name="name" autoComplete="name" required maxLength={80} error={errors.name} autoFocus />
      <Field label="E-mail" name="email" type="email" autoComplete="email" required maxLength={254} error={errors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        maxLength={200}
        hint="At least 10 characters and not easy to guess: a few unrelated words work well."
        error={errors.password}
      />
      {timeZone && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="register-time-zone">
          Time zone: {timeZone} (from this device; your study day starts in it, and you can change it in Settings).
        </p>
      )}
      <p role="alert" className="min-h-5 text-sm text-red-700 dark:text-red-400">
        {errors.form}
      </p>
      <button type="submit" disabled={pending} className={`${PRIMARY_BUTTON} w-full`}>
        {pending ? "Creating your account…" : "Create account"}
      </button>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Already have an account? <Link href="/login">Sign in</Link>.
      </p>
    </AccountForm>
  );
}
