"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { isNewer, type ExamQuestion, type SavedAnswer, type Version } from "@/lib/exams";
import { AnswerPreview, inlineHtml } from "./answer-preview";
import { examApi, NetworkError } from "./api";
import { plural } from "@/lib/exams/format";

/** Autosave while typing, at most this often (ms). */
const SAVE_EVERY_MS = 3000;
/** Retry a submit that could not reach the server (ms). */
const SUBMIT_RETRY_MS = 5000;

type Status = "saved" | "unsaved" | "saving" | "offline" | "closed" | "error";

interface Stored {
  /** Lamport counter shared by every tab of this browser */
  seq: number;
  /** answers typed here and not yet confirmed by the server */
  pending: Record<string, SavedAnswer>;
}

const storageKey = (id: string) => `attend.attempt.${id}`;

function readStored(id: string): Stored {
  try {
    const raw = localStorage.getItem(storageKey(id));
    if (raw) return JSON.parse(raw) as Stored;
  } catch {
    // storage unavailable or corrupt: the server copy is all there is
  }
  return { seq: 0, pending: {} };
}

function writeStored(id: string, s: Stored) {
  try {
    localStorage.setItem(storageKey(id), JSON.stringify(s));
  } catch {
    // quota or private mode: autosave to the server still runs
  }
}

export interface AttemptRunnerProps {
  attemptId: string;
  title: string;
  questions: ExamQuestion[];
  answers: SavedAnswer[];
  deadline: string;
  serverNow: string;
}

/**
 * Taking a timed attempt. Nothing typed is lost: every edit goes to localStorage at once and to
 * the server every few seconds, on blur, when the page is hidden and when the connection
 * returns; the newest text wins on the server (lib/exams/merge.ts), so several tabs and retries
 * are safe. The countdown is the server's deadline minus the server's clock (estimated from each
 * response); at zero the page submits, and the server submits anyway if the page cannot.
 */
export function AttemptRunner(props: AttemptRunnerProps) {
  const { attemptId, questions } = props;
  const router = useRouter();
  const deadline = new Date(props.deadline).getTime();

  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(props.answers.map((a) => [a.key, a.text])));
  const versions = useRef<Record<string, Version>>(Object.fromEntries(props.answers.map((a) => [a.key, { seq: a.seq, clientTime: a.clientTime }])));
  const textsRef = useRef(texts);
  const pending = useRef(new Set<string>());
  const seq = useRef(Math.max(0, ...props.answers.map((a) => a.seq)));
  const inFlight = useRef(false);
  const offset = useRef(new Date(props.serverNow).getTime() - Date.now());
  const [status, setStatus] = useState<Status>("saved");
  const [message, setMessage] = useState<string | null>(null);
  const [remaining, setRemaining] = useState(() => deadline - new Date(props.serverNow).getTime());
  const [confirming, setConfirming] = useState(false);
  const submitting = useRef(false);
  const timeUp = remaining <= 0;

  const persist = useCallback(() => {
    const stored = readStored(attemptId);
    const out: Stored = { seq: Math.max(stored.seq, seq.current), pending: {} };
    for (const key of pending.current) out.pending[key] = { key, text: textsRef.current[key] ?? "", ...versions.current[key] };
    writeStored(attemptId, out);
  }, [attemptId]);

  const flush = useCallback(
    async (keepalive = false): Promise<boolean> => {
      if (inFlight.current || pending.current.size === 0) return pending.current.size === 0;
      const items = [...pending.current].map((key) => ({ key, text: textsRef.current[key] ?? "", ...versions.current[key] }));
      inFlight.current = true;
      setStatus("saving");
      const sent = Date.now();
      try {
        const res = await examApi.save(attemptId, items, keepalive);
        if (res.ok) {
          offset.current = new Date(res.data.serverNow).getTime() - (sent + Date.now()) / 2;
          const adopted: Record<string, string> = {};
          for (const a of res.data.answers) {
            seq.current = Math.max(seq.current, a.seq);
            const local = versions.current[a.key];
            if (local && a.seq === local.seq && a.clientTime === local.clientTime) pending.current.delete(a.key);
            else if (isNewer(a, local ?? null)) {
              // another tab or device typed this later: its text is the answer now
              versions.current[a.key] = { seq: a.seq, clientTime: a.clientTime };
              adopted[a.key] = a.text;
              pending.current.delete(a.key);
            }
          }
          if (Object.keys(adopted).length) {
            textsRef.current = { ...textsRef.current, ...adopted };
            setTexts(textsRef.current);
          }
          persist();
          setMessage(null);
          setStatus(pending.current.size ? "unsaved" : "saved");
          return pending.current.size === 0;
        }
        if (res.status === 409) {
          setStatus("closed");
          setMessage(res.error.error);
        } else if (res.status === 401) {
          setStatus("error");
          setMessage("Your session ended: sign in again in another tab; your answers are kept on this device.");
        } else {
          setStatus("error");
          setMessage(res.error.error);
        }
      } catch (e) {
        if (!(e instanceof NetworkError)) throw e;
        setStatus("offline");
      } finally {
        inFlight.current = false;
      }
      return false;
    },
    [attemptId, persist],
  );

  // Resume: answers typed on this device while offline (or before a crash) and never confirmed
  // come back if they are newer than the server's copy.
  useEffect(() => {
    const stored = readStored(attemptId);
    seq.current = Math.max(seq.current, stored.seq);
    const restored: Record<string, string> = {};
    for (const local of Object.values(stored.pending)) {
      if (isNewer(local, versions.current[local.key] ?? null)) {
        versions.current[local.key] = { seq: local.seq, clientTime: local.clientTime };
        restored[local.key] = local.text;
        pending.current.add(local.key);
      }
    }
    if (Object.keys(restored).length) {
      textsRef.current = { ...textsRef.current, ...restored };
      setTexts(textsRef.current);
      setStatus("unsaved");
      void flush();
    }
    persist();
  }, [attemptId, flush, persist]);

  function edit(key: string, text: string) {
    const stored = readStored(attemptId);
    seq.current = Math.max(seq.current, stored.seq) + 1;
    versions.current[key] = { seq: seq.current, clientTime: Date.now() };
    textsRef.current = { ...textsRef.current, [key]: text };
    setTexts(textsRef.current);
    pending.current.add(key);
    persist();
    setStatus((s) => (s === "offline" || s === "closed" ? s : "unsaved"));
  }

  // autosave while typing; on hide; when the connection returns
  useEffect(() => {
    const every = setInterval(() => void flush(), SAVE_EVERY_MS);
    const onHide = () => {
      if (document.visibilityState === "hidden") void flush(true);
    };
    const onOnline = () => void flush();
    const onOffline = () => setStatus("offline");
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", onHide);
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    return () => {
      clearInterval(every);
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", onHide);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
    };
  }, [flush]);

  const finish = useCallback(async () => {
    if (submitting.current) return;
    submitting.current = true;
    await flush();
    for (;;) {
      try {
        const res = await examApi.submit(attemptId);
        if (res.ok || res.status === 409) break;
        setMessage(res.error.error);
        submitting.current = false;
        return;
      } catch {
        setStatus("offline");
        setMessage("Offline: the server submits your saved answers at the deadline; this page will show the review when it can reach it.");
        await new Promise((r) => setTimeout(r, SUBMIT_RETRY_MS));
      }
    }
    router.replace(`/attempts/${attemptId}/review`);
  }, [attemptId, flush, router]);

  // the countdown, from the server's clock
  useEffect(() => {
    const tick = () => {
      const left = deadline - (Date.now() + offset.current);
      setRemaining(left);
      if (left <= 0) void finish();
    };
    tick();
    const every = setInterval(tick, 250);
    return () => clearInterval(every);
  }, [deadline, finish]);

  const answered = (q: ExamQuestion) => q.parts.every((p) => (texts[p.key] ?? "").trim() !== "");
  const answeredCount = questions.filter(answered).length;

  return (
    <div className="mx-auto max-w-3xl">
      <div className="sticky top-0 z-10 -mx-4 border-b border-zinc-200 bg-white/95 px-4 py-2 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/95">
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
          <h1 className="min-w-0 flex-1 truncate text-base font-semibold sm:text-lg">{props.title}</h1>
          <Countdown ms={remaining} />
          <SaveStatus status={status} />
        </div>
        <nav aria-label="Question map" className="mt-2 flex flex-wrap gap-1">
          {questions.map((q) => (
            <a
              key={q.number}
              href={`#q-${q.number}`}
              aria-label={`Question ${q.number}, ${answered(q) ? "answered" : "not answered yet"}`}
              data-answered={answered(q) ? "yes" : "no"}
              className={
                "inline-flex h-7 min-w-7 items-center justify-center rounded px-1 text-xs font-medium tabular-nums no-underline hover:no-underline " +
                (answered(q)
                  ? "bg-indigo-600 text-white dark:bg-indigo-500 dark:text-white"
                  : "border border-zinc-300 text-zinc-700 dark:border-zinc-700 dark:text-zinc-300")
              }
            >
              {q.number}
            </a>
          ))}
          <span className="ml-1 self-center text-xs text-zinc-500" data-testid="answered-count">
            {answeredCount}/{questions.length} answered
          </span>
        </nav>
      </div>

      {message && (
        <p role="alert" className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          {message}
        </p>
      )}
      {timeUp && (
        <p role="status" className="mt-3 rounded-md bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-900">
          Time is up: submitting your answers…
        </p>
      )}

      <ol className="mt-4 space-y-8">
        {questions.map((q) => (
          <li key={q.number} id={`q-${q.number}`} className="scroll-mt-32">
            <h2 className="text-lg font-semibold">
              {q.number}. {q.title}
            </h2>
            <div className="prose-card text-zinc-800 dark:text-zinc-200" dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
            <div className="space-y-4">
              {q.parts.map((p) => (
                <div key={p.key}>
                  {p.label && (
                    <div className="prose-card flex gap-2 text-sm font-medium">
                      <span className="shrink-0">{p.label})</span>
                      <div className="min-w-0" dangerouslySetInnerHTML={{ __html: inlineHtml(p.promptHtml) }} />
                    </div>
                  )}
                  <textarea
                    aria-label={`Answer ${p.key}`}
                    value={texts[p.key] ?? ""}
                    readOnly={timeUp || status === "closed"}
                    onChange={(e) => edit(p.key, e.target.value)}
                    onBlur={() => void flush()}
                    rows={4}
                    placeholder="Your answer (Markdown and $math$ work)"
                    className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
                  />
                  <AnswerPreview text={texts[p.key] ?? ""} label={`Preview of answer ${p.key}`} />
                </div>
              ))}
            </div>
          </li>
        ))}
      </ol>

      <div className="mt-8 flex flex-wrap items-center gap-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        {confirming ? (
          <>
            <span className="text-sm">
              Submit now? {answeredCount} of {plural(questions.length, "question")} answered.
            </span>
            <button type="button" onClick={() => void finish()} className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">
              Yes, submit
            </button>
            <button type="button" onClick={() => setConfirming(false)} className="rounded-lg border border-zinc-300 px-4 py-2 dark:border-zinc-700">
              Keep going
            </button>
          </>
        ) : (
          <button
            type="button"
            disabled={timeUp}
            onClick={() => setConfirming(true)}
            className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
          >
            Submit answers
          </button>
        )}
      </div>
    </div>
  );
}

function Countdown({ ms }: { ms: number }) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const label = h ? `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}` : `${m}:${String(s).padStart(2, "0")}`;
  const low = total <= 60;
  return (
    <span
      data-testid="countdown"
      aria-label={`Time left ${label}`}
      className={"rounded px-2 py-0.5 font-mono text-sm tabular-nums " + (low ? "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200" : "bg-zinc-100 dark:bg-zinc-900")}
    >
      {label}
    </span>
  );
}

const STATUS_TEXT: Record<Status, string> = {
  saved: "Saved",
  unsaved: "Not saved yet",
  saving: "Saving…",
  offline: "Offline: kept on this device",
  closed: "Closed",
  error: "Not saved",
};

function SaveStatus({ status }: { status: Status }) {
  const tone =
    status === "saved"
      ? "text-emerald-700 dark:text-emerald-300"
      : status === "offline" || status === "error" || status === "closed"
        ? "text-amber-700 dark:text-amber-300"
        : "text-zinc-500";
  return (
    <span role="status" data-testid="save-status" data-status={status} className={"text-xs " + tone}>
      {STATUS_TEXT[status]}
    </span>
  );
}
