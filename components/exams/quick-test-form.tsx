"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { examApi, NetworkError } from "./api";

/** Build a timed test from a deck or a tag: N questions, M minutes. */
export function QuickTestForm({ decks, tags }: { decks: { id: string; path: string }[]; tags: string[] }) {
  const router = useRouter();
  const [source, setSource] = useState<"deck" | "tag">("deck");
  const [value, setValue] = useState(decks[0]?.id ?? "");
  const [count, setCount] = useState(5);
  const [minutes, setMinutes] = useState(10);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await examApi.start({ quick: { source, value, count, minutes } });
      if (res.ok) return router.push(`/attempts/${res.data.id}`);
      setError(res.error.error);
    } catch (err) {
      setError(err instanceof NetworkError ? "You are offline: a timed attempt starts on the server." : String(err));
    }
    setBusy(false);
  }

  const field = "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-[auto_1fr_auto_auto_auto] sm:items-end" aria-label="Quick test">
      <label className="text-sm">
        From
        <select
          className={field}
          value={source}
          onChange={(e) => {
            const s = e.target.value as "deck" | "tag";
            setSource(s);
            setValue(s === "deck" ? (decks[0]?.id ?? "") : (tags[0] ?? ""));
          }}
        >
          <option value="deck">a deck</option>
          <option value="tag">a tag</option>
        </select>
      </label>
      <label className="min-w-0 text-sm">
        {source === "deck" ? "Deck" : "Tag"}
        <select className={field} value={value} onChange={(e) => setValue(e.target.value)}>
          {source === "deck"
            ? decks.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.path}
                </option>
              ))
            : tags.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
        </select>
      </label>
      <label className="text-sm">
        Questions
        <input className={field + " sm:w-20"} type="number" min={1} max={50} value={count} onChange={(e) => setCount(Number(e.target.value))} />
      </label>
      <label className="text-sm">
        Minutes
        <input className={field + " sm:w-20"} type="number" min={1} max={1440} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} />
      </label>
      <button type="submit" disabled={busy || !value} className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
        {busy ? "Starting…" : "Start quick test"}
      </button>
      {error && <p role="alert" className="text-sm text-red-700 sm:col-span-5 dark:text-red-300">{error}</p>}
    </form>
  );
}
