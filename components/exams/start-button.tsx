"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { plural } from "@/lib/exams/format";
import { examApi, NetworkError } from "./api";

/** Starts an attempt: the server records the start and deadline, then the attempt page opens. */
export function StartButton({ slug, limitMinutes }: { slug: string; limitMinutes: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function start() {
    setBusy(true);
    setError(null);
    try {
      const res = await examApi.start({ slug });
      if (res.ok) return router.push(`/attempts/${res.data.id}`);
      setError(res.error.error);
    } catch (e) {
      setError(e instanceof NetworkError ? "You are offline: a timed attempt starts on the server." : String(e));
    }
    setBusy(false);
  }
  return (
    <div className="space-y-2">
      <button
        type="button"
        onClick={start}
        disabled={busy}
        className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        {busy ? "Starting…" : `Start the test (${plural(limitMinutes, "minute")})`}
      </button>
      {error && <p role="alert" className="text-sm text-red-700 dark:text-red-300">{error}</p>}
    </div>
  );
}
