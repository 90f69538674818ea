"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { callJson } from "@/components/json-api";
import type { ApiError, CardActionsRequest, CardActionsResponse, UndoResponse } from "@/lib/review/contract";

const BUTTON = "rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** The card page's actions for the signed-in learner; each is undoable (the journal in lib/db/review.ts). */
export function CardActions(props: { cardId: string; suspended: boolean; buried: boolean; started: boolean; scheduled: boolean; undoLabel: string | null }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [days, setDays] = useState("1");

  const run = (label: string, request: Omit<CardActionsRequest, "cardIds">) =>
    startTransition(async () => {
      const result = await callJson<CardActionsResponse, ApiError>("/api/cards/actions", { cardIds: [props.cardId], ...request }).catch(() => null);
      if (!result) return setMessage({ text: "No connection: nothing changed. Try again.", error: true });
      if (!result.ok) return setMessage({ text: result.error.error, error: true });
      setMessage({ text: `${label}.`, error: false });
      router.refresh();
    });

  const undo = () =>
    startTransition(async () => {
      const result = await callJson<UndoResponse, ApiError>("/api/review/undo", {}).catch(() => null);
      if (!result || !result.ok) return setMessage({ text: result ? result.error.error : "No connection: nothing changed.", error: true });
      setMessage({ text: result.data.undone ? `Undid “${result.data.undone.label}”.` : "Nothing to undo.", error: false });
      router.refresh();
    });

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Card actions">
        {props.suspended ? (
          <button type="button" className={BUTTON} disabled={pending} onClick={() => run("Unsuspended", { action: "unsuspend" })}>
            Unsuspend
          </button>
        ) : (
          <button type="button" className={BUTTON} disabled={pending} onClick={() => run("Suspended", { action: "suspend" })}>
            Suspend
          </button>
        )}
        {props.buried && (
          <button type="button" className={BUTTON} disabled={pending} onClick={() => run("Unburied: back today", { action: "unbury" })}>
            Unbury
          </button>
        )}
        {props.started && (
          <button type="button" className={BUTTON} disabled={pending} onClick={() => run("Forgotten: the card is new again", { action: "forget" })}>
            Forget (reset to new)
          </button>
        )}
        {props.scheduled && (
          <form
            className="flex items-center gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              const n = Number(days);
              if (!/^\d+$/.test(days.trim())) return setMessage({ text: "Days from today: a whole number, 0 for today.", error: true });
              run(`Due ${n === 0 ? "today" : n === 1 ? "tomorrow" : `in ${n} days`}`, { action: "set-due", days: n });
            }}
          >
            <label htmlFor="due-days" className="text-sm">
              Due in
            </label>
            <input
              id="due-days"
              inputMode="numeric"
              value={days}
              onChange={(e) => setDays(e.target.value)}
              className="w-16 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
              aria-describedby="due-days-hint"
            />
            <span id="due-days-hint" className="text-sm">
              days
            </span>
            <button type="submit" className={BUTTON} disabled={pending}>
              Set due
            </button>
          </form>
        )}
        {props.undoLabel && (
          <button type="button" className={BUTTON} disabled={pending} onClick={undo}>
            Undo {props.undoLabel}
          </button>
        )}
      </div>
      <p role={message?.error ? "alert" : "status"} className={`min-h-5 text-sm ${message?.error ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}>
        {message?.text}
      </p>
    </div>
  );
}
