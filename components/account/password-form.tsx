"use client";
import { useState } from "react";
import { AccountForm, Field, PRIMARY_BUTTON, OFFLINE_MESSAGE } from "./field";

type Errors = Partial<Record<"current" | "password" | "confirm" | "form", string>>;

export function PasswordForm() {
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);

  async function submit(form: FormData, element: HTMLFormElement) {
    setErrors({});
    setDone(false);
    const current = String(form.get("current") ?? "");
    const password = String(form.get("password") ?? "");
    if (password !== form.get("confirm")) return setErrors({ confirm: "The two new passwords differ." });
    setPending(true);
    try {
      const res = await fetch("/api/account/password", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ current, password }) });
      if (res.ok) {
        setDone(true);
        element.reset();
      }
      else {
        const json = (await res.json().catch(() => ({}))) as { error?: string; field?: string };
        const field = json.field === "current" || json.field === "password" ? json.field : "form";
        setErrors({ [field]: json.error ?? `Could not change the password (HTTP ${res.status}).` });
      }
    } catch {
      setErrors({ form: OFFLINE_MESSAGE });
    }
    setPending(false);
  }

  return (
    <AccountForm onSubmit={(data, form) => void submit(data, form)}>
      <Field label="Current password" name="current" type="password" autoComplete="current-password" required error={errors.current} />
      <Field label="New password" name="password" type="password" autoComplete="new-password" required minLength={10} maxLength={200} hint="At least 10 characters and not easy to guess: a few unrelated words work well." error={errors.password} />
      <Field label="New password again" name="confirm" type="password" autoComplete="new-password" required error={errors.confirm} />
      <p role="status" className={`min-h-5 text-sm ${done ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>
        {done ? "Password changed. Every other session has been signed out." : errors.form}
      </p>
      <button type="submit" disabled={pending} className={PRIMARY_BUTTON}>
        {pending ? "Saving…" : "Change password"}
      </button>
    </AccountForm>
  );
}
