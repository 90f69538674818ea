"use client";
import { useCallback, useEffect, useState } from "react";

/** IndexedDB and the sync client, loaded after the page is up. */
const runtime = () => import("@/lib/offline/runtime");
const offlineSupported = () => typeof indexedDB !== "undefined";

/**
 * Grades made offline on this device that the server does not have yet (docs/offline.md): how
 * many, sent as soon as there is a connection, or on demand. Nothing shows when none wait.
 */
export function PendingSync({ userId }: { userId: string }) {
  const [pending, setPending] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [offline, setOffline] = useState(false);

  const send = useCallback(async () => {
    if (!offlineSupported()) return;
    setSending(true);
    try {
      const outcome = await (await runtime()).syncPending(userId);
      setPending(outcome.remaining);
      if (outcome.problem === "offline") setNote("No connection yet: they stay on this device.");
      else if (outcome.problem === "signed-out") setNote("Sign in again to send them.");
      else if (outcome.problem) setNote(`The server refused them: ${outcome.problem}`);
      else if (outcome.sent) setNote(`${outcome.sent} grade${outcome.sent === 1 ? "" : "s"} synced. Refresh to see today’s numbers with them.`);
    } finally {
      setSending(false);
    }
  }, [userId]);

  useEffect(() => {
    if (!offlineSupported()) return;
    let live = true;
    void runtime()
      .then((r) => r.pendingGrades(userId))
      .then((p) => {
        if (!live) return;
        setPending(p.length);
        setOffline(!navigator.onLine);
        if (p.length && navigator.onLine) void send();
      });
    const online = () => {
      setOffline(false);
      void send();
    };
    const gone = () => setOffline(true);
    window.addEventListener("online", online);
    window.addEventListener("offline", gone);
    return () => {
      live = false;
      window.removeEventListener("online", online);
      window.removeEventListener("offline", gone);
    };
  }, [send, userId]);

  if (!pending && !note) return null;
  return (
    <div
      data-testid="pending-sync"
      role="status"
      className="flex flex-wrap items-center justify-between gap-2 rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-200 dark:bg-amber-950/50 dark:text-amber-100 dark:ring-amber-800"
    >
      <p>
        {pending ? (
          <>
            <strong className="font-semibold tabular-nums">{pending}</strong> grade{pending === 1 ? "" : "s"} saved on this device, waiting to sync.
          </>
        ) : null}{" "}
        {offline ? "You are offline: the numbers below are from when this page was last loaded online." : note}
      </p>
      {pending > 0 && (
        <button
          type="button"
          onClick={() => void send()}
          disabled={sending}
          className="rounded-md bg-amber-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-amber-800 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:bg-amber-200 dark:text-amber-950 dark:hover:bg-amber-100"
        >
          {sending ? "Syncing…" : "Sync now"}
        </button>
      )}
    </div>
  );
}
