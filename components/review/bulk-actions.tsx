"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { callJson } from "@/components/json-api";
import type { ApiError, CardActionsResponse } from "@/lib/review/contract";

const BUTTON = "rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

const boxes = () => [...document.querySelectorAll<HTMLInputElement>('table input[type=checkbox][name="card"]')];

/** Suspend, unsuspend or forget the checked cards of the search result (each undoable, newest first). */
export function BulkActions() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  const run = (action: "suspend" | "unsuspend" | "forget", done: string) => {
    const cardIds = boxes().filter((b) => b.checked).map((b) => b.value);
    if (!cardIds.length) return setMessage({ text: "Tick the cards first (or “Select all on this page”).", error: true });
    startTransition(async () => {
      const result = await callJson<CardActionsResponse, ApiError>("/api/cards/actions", { cardIds, action }).catch(() => null);
      if (!result) return setMessage({ text: "No connection: nothing changed. Try again.", error: true });
      if (!result.ok) return setMessage({ text: result.error.error, error: true });
      const { done: n, skipped } = result.data;
      const reasons = [...new Set(skipped.map((s) => s.reason))].join(" ");
      setMessage({ text: `${done} ${n} card${n === 1 ? "" : "s"}.${skipped.length ? ` Skipped ${skipped.length}: ${reasons}` : ""}`, error: false });
      for (const b of boxes()) b.checked = false;
      router.refresh();
    });
  };

  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Bulk actions">
        <button type="button" className={BUTTON} onClick={() => boxes().forEach((b) => (b.checked = true))}>
          Select all on this page
        </button>
        <button type="button" className={BUTTON} disabled={pending} onClick={() => run("suspend", "Suspended")}>
          Suspend
        </button>
        <button type="button" className={BUTTON} disabled={pending} onClick={() => run("unsuspend", "Unsuspended")}>
          Unsuspend
        </button>
        <button type="button" className={BUTTON} disabled={pending} onClick={() => run("forget", "Forgot")}>
          Forget
        </button>
      </div>
      <p role={message?.error ? "alert" : "status"} className={`min-h-5 text-sm ${message?.error ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}>
        {message?.text}
      </p>
    </div>
  );
}
