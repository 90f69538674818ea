"use client";
// Export links (plain downloads) and imports: the chosen file's text goes to the API; problems come
// back with their line numbers and nothing is imported until every line is right.
import { useState } from "react";
import { useRouter } from "next/navigation";

type Outcome = { ok: boolean; message: string; problems?: string[] };

export function PortabilityPanel() {
  return (
    <section aria-labelledby="portability-title" className="space-y-4 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="portability-title" className="font-semibold">Your data</h2>
      <ul className="flex flex-wrap gap-x-5 gap-y-2 text-sm">
        <li><a href="/api/portability/reviews" download>Review log (CSV)</a></li>
        <li><a href="/api/portability/cards" download>Cards and schedules (CSV)</a></li>
        <li><a href="/api/portability/backup" download>Full backup (JSON)</a></li>
      </ul>
      <p className="text-xs text-zinc-500">The review log uses the FSRS tools&apos; columns: card_id, review_time (ms), review_rating, review_state, review_duration (ms).</p>
      <div className="grid gap-4 sm:grid-cols-2">
        <Upload id="import-reviews" label="Import a review log (CSV)" accept=".csv,text/csv" endpoint="/api/portability/reviews" done={(b) => `Imported ${b.imported} reviews; ${b.skipped} already here were skipped.`} />
        <Upload
          id="restore-backup"
          label="Restore a backup (JSON)"
          accept=".json,application/json"
          endpoint="/api/portability/backup"
          confirm="Restoring replaces your settings and every card's schedule with the backup's. Go on?"
          type="application/json"
          needsPassword
          done={(b) => `Restored ${b.cardStates} card schedules and ${b.reviewLogs} reviews${b.skippedLogs ? ` (${b.skippedLogs} already here)` : ""}.`}
        />
      </div>
    </section>
  );
}

function Upload(props: {
  id: string;
  label: string;
  accept: string;
  endpoint: string;
  confirm?: string;
  /** Content type to send (else the file's own). */
  type?: string;
  /** Destructive: the account's password goes along (x-attend-password), asked for beside the file. */
  needsPassword?: boolean;
  done: (body: Record<string, number>) => string;
}) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [password, setPassword] = useState("");
  async function onChange(e: React.ChangeEvent<HTMLInputElement>) {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    if (props.needsPassword && !password) {
      input.value = "";
      setOutcome({ ok: false, message: "Enter your password first: restoring replaces your schedules." });
      return;
    }
    if (props.confirm && !window.confirm(props.confirm)) {
      input.value = "";
      return;
    }
    setBusy(true);
    setOutcome(null);
    const headers: Record<string, string> = { "content-type": props.type ?? (file.type || "text/plain") };
    if (props.needsPassword) headers["x-attend-password"] = encodeURIComponent(password);
    let res: Response;
    try {
      res = await fetch(props.endpoint, { method: "POST", headers, body: await file.text() });
    } catch {
      setBusy(false);
      input.value = "";
      setOutcome({ ok: false, message: "Can’t reach the server. Check your connection and try again." });
      return;
    }
    const body = await res.json().catch(() => ({ error: `The server answered ${res.status}.` }));
    setBusy(false);
    input.value = "";
    if (res.ok) {
      setPassword("");
      setOutcome({ ok: true, message: props.done(body) });
      router.refresh();
    } else {
      const problems = (body.problems ?? []) as ({ line: number; message: string } | string)[];
      setOutcome({ ok: false, message: body.error ?? "Nothing imported.", problems: problems.map((p) => (typeof p === "string" ? p : `Line ${p.line}: ${p.message}`)) });
    }
  }
  return (
    <div className="space-y-1">
      <label htmlFor={props.id} className="block text-sm font-medium">{props.label}</label>
      {props.needsPassword && (
        <>
          <label htmlFor={`${props.id}-password`} className="block text-xs text-zinc-600 dark:text-zinc-400">Your password (asked again: this replaces your schedules)</label>
          <input
            id={`${props.id}-password`}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
        </>
      )}
      <input id={props.id} type="file" accept={props.accept} onChange={onChange} disabled={busy} className="block w-full text-sm file:mr-3 file:rounded-lg file:border-0 file:bg-zinc-100 file:px-3 file:py-1.5 file:text-sm dark:file:bg-zinc-800 dark:file:text-zinc-100" />
      {busy && <p className="text-sm" role="status">Working…</p>}
      {outcome && (
        <div role={outcome.ok ? "status" : "alert"} className={`text-sm ${outcome.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}`}>
          <p>{outcome.message}</p>
          {outcome.problems && outcome.problems.length > 1 && (
            <ul className="mt-1 list-disc pl-5">
              {outcome.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
