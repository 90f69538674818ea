"use client";
// Custom study: start a session (study ahead, more new cards today, cards failed today) or end
// the one running. The session lives in a cookie the review API reads; starting or ending one
// reloads the review screen so it shows the session's queue.
import { useState } from "react";

type Kind = "ahead" | "new" | "failed";

const BUTTON =
  "min-h-11 rounded-lg px-4 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-60";
const INPUT = "block w-24 rounded-md border border-zinc-300 bg-white px-3 py-2 text-base dark:border-zinc-700 dark:bg-zinc-900";

export function CustomStudyPanel({ active, deck }: { active: string | null; deck?: string }) {
  const [kind, setKind] = useState<Kind>("ahead");
  const [days, setDays] = useState("3");
  const [count, setCount] = useState("10");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = () => window.location.assign(deck ? `/review?deck=${encodeURIComponent(deck)}` : "/review");

  async function send(method: "POST" | "DELETE", body?: unknown) {
    setBusy(true);
    setError(null);
    const res = await fetch("/api/review/custom", { method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined }).catch(() => null);
    const data = res ? await res.json().catch(() => ({})) : {};
    if (res?.ok) return reload();
    setBusy(false);
    setError(data.error ?? "Can’t reach the server; try again.");
  }

  if (active) {
    return (
      <div role="status" data-testid="custom-study-active" className="mx-auto mb-4 flex max-w-3xl flex-wrap items-center justify-between gap-3 rounded-lg border border-indigo-200 bg-indigo-50 px-4 py-2 text-sm dark:border-indigo-900 dark:bg-indigo-950">
        <span>
          <span className="font-medium">Custom study:</span> {active}. Your regular limits are unchanged.
        </span>
        <button type="button" onClick={() => send("DELETE")} disabled={busy} className={`${BUTTON} border border-indigo-300 bg-white text-indigo-800 hover:bg-indigo-100 dark:border-indigo-800 dark:bg-zinc-900 dark:text-indigo-200`}>
          End custom study
        </button>
        {error && <p role="alert" className="w-full text-red-700 dark:text-red-400">{error}</p>}
      </div>
    );
  }
  return (
    <details className="mx-auto mb-4 max-w-3xl rounded-lg border border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800">
      <summary className="cursor-pointer font-medium">Custom study</summary>
      <form
        className="mt-3 space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          void send("POST", kind === "ahead" ? { kind, days } : kind === "new" ? { kind, count } : { kind });
        }}
      >
        <fieldset className="space-y-2">
          <legend className="sr-only">What to study</legend>
          <label className="flex flex-wrap items-center gap-2">
            <input type="radio" name="kind" value="ahead" checked={kind === "ahead"} onChange={() => setKind("ahead")} className="size-4 accent-indigo-600" />
            Study ahead: cards due in the next
            <input aria-label="Days ahead" type="number" inputMode="numeric" min={1} max={365} value={days} onChange={(e) => setDays(e.target.value)} onFocus={() => setKind("ahead")} className={INPUT} />
            days
          </label>
          <label className="flex flex-wrap items-center gap-2">
            <input type="radio" name="kind" value="new" checked={kind === "new"} onChange={() => setKind("new")} className="size-4 accent-indigo-600" />
            More new cards today:
            <input aria-label="Extra new cards" type="number" inputMode="numeric" min={1} max={999} value={count} onChange={(e) => setCount(e.target.value)} onFocus={() => setKind("new")} className={INPUT} />
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="kind" value="failed" checked={kind === "failed"} onChange={() => setKind("failed")} className="size-4 accent-indigo-600" />
            Go over the cards I failed today
          </label>
        </fieldset>
        <p className="text-xs text-zinc-500">For today only: the session ends with the study day, and no setting or limit of another day changes.</p>
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" disabled={busy} className={`${BUTTON} bg-indigo-600 text-white hover:bg-indigo-500`}>
            Start custom study
          </button>
          {error && <p role="alert" className="text-red-700 dark:text-red-400">{error}</p>}
        </div>
      </form>
    </details>
  );
}
