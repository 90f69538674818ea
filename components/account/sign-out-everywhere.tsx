"use client";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { OFFLINE_MESSAGE } from "./field";

/** Ends every session of this account (other browsers, a copied cookie), then this one. */
export function SignOutEverywhere({ className = "" }: { className?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function run() {
    setPending(true);
    setError(null);
    try {
      const res = await fetch("/api/account/sessions", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      if (res.ok) return void (await signOut({ callbackUrl: "/login" }));
      const json = (await res.json().catch(() => ({}))) as { error?: string };
      setError(json.error ?? `Could not sign out everywhere (HTTP ${res.status}).`);
    } catch {
      setError(OFFLINE_MESSAGE);
    }
    setPending(false);
  }
  return (
    <div className="space-y-1">
      <button type="button" onClick={() => void run()} disabled={pending} className={className}>
        {pending ? "Signing out…" : "Sign out everywhere"}
      </button>
      <p className="text-xs text-zinc-500">Ends your sessions on every device, including copies of this one.</p>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
