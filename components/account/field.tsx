import type { InputHTMLAttributes, ReactNode } from "react";

export const INPUT =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-base focus:outline-2 focus:outline-offset-1 focus:outline-indigo-500 aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900";
export const PRIMARY_BUTTON =
  "min-h-11 rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500";

/** A labelled input with its error message tied to it for screen readers. */
export function Field({ label, error, hint, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; error?: string; hint?: string }) {
  const id = input.id ?? input.name;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input id={id} className={INPUT} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}

/** Only same-site paths: a crafted ?callbackUrl= must not send the learner elsewhere. */
export { safeReturnPath } from "@/lib/http/redirect";

/** What a form says when the request never reached the server. */
export const OFFLINE_MESSAGE = "Can’t reach the server. Check your connection and try again.";

/**
 * An account form that submits through JavaScript, not a form action: React resets a form after
 * an action, and a mistyped password must not clear the e-mail.
 */
export function AccountForm({ onSubmit, children }: { onSubmit: (data: FormData, form: HTMLFormElement) => void; children: ReactNode }) {
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(new FormData(e.currentTarget), e.currentTarget);
      }}
    >
      {children}
    </form>
  );
}
