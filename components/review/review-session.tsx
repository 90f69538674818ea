"use client";
// The review screen. Online, all scheduling state lives on the server: this component shows what
// /api/review/next returns and sends grades, so a reload simply asks for the next card again.
// When the server cannot be reached it goes on with the queue kept on the device
// (use-offline-review.ts, docs/offline.md) and sends those grades when the connection is back.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { GradeRequest, NextResponse } from "@/lib/review/contract";
import { NetworkError, newReviewId, retryDelayMs, reviewApi, type ApiResult } from "./api";
import { ReviewCard } from "./review-card";
import { AllDone, ReviewProgress } from "./review-progress";
import { useOfflineReview } from "./use-offline-review";

type Grade = 1 | 2 | 3 | 4;
const GRADES: { grade: Grade; label: string; key: "again" | "hard" | "good" | "easy"; style: string }[] = [
  { grade: 1, label: "Again", key: "again", style: "bg-red-50 text-red-900 ring-red-300 hover:bg-red-100 dark:bg-red-950/60 dark:text-red-100 dark:ring-red-800 dark:hover:bg-red-900/60" },
  { grade: 2, label: "Hard", key: "hard", style: "bg-amber-50 text-amber-900 ring-amber-300 hover:bg-amber-100 dark:bg-amber-950/60 dark:text-amber-100 dark:ring-amber-800 dark:hover:bg-amber-900/60" },
  { grade: 3, label: "Good", key: "good", style: "bg-emerald-50 text-emerald-900 ring-emerald-300 hover:bg-emerald-100 dark:bg-emerald-950/60 dark:text-emerald-100 dark:ring-emerald-800 dark:hover:bg-emerald-900/60" },
  { grade: 4, label: "Easy", key: "easy", style: "bg-sky-50 text-sky-900 ring-sky-300 hover:bg-sky-100 dark:bg-sky-950/60 dark:text-sky-100 dark:ring-sky-800 dark:hover:bg-sky-900/60" },
];

// A grade survives a reload while it is in flight (same reviewId, so the server records it once).
const PENDING_KEY = "attend:pending-grade";
const draftKey = (cardId: string) => `attend:draft:${cardId}`;
/** Failed attempts, with the browser saying it is online, before the screen goes on offline. */
const OFFLINE_AFTER_ATTEMPTS = 2;
const FOCUS = "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500";

type Toast = { text: string; link?: { href: string; label: string } };

const storage = {
  get: (key: string) => {
    try {
      return sessionStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set: (key: string, value: string | null) => {
    try {
      if (value === null || value === "") sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch {
      // storage full or disabled: the draft is a convenience
    }
  },
};

/**
 * `initial`: the queue as the server rendered the page, so the first card is in the HTML (no
 * "Loading" flash and no second round trip); without it (the server could not read the queue)
 * the session fetches it.
 */
export function ReviewSession({ userId, deck, isAuthor, initial }: { userId: string; deck?: string; isAuthor: boolean; initial?: NextResponse }) {
  const [data, setData] = useState<NextResponse | null>(initial ?? null);
  const initialRef = useRef(initial); // the first render's queue only: a later render's props never re-show it
  const [revealed, setRevealed] = useState(false);
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ text: string; retry?: () => void } | null>(null);
  const [toast, setToast] = useState<Toast | null>(null);
  // The first card arrives in the server's HTML, before the keys work: this says when they do.
  const [keysReady, setKeysReady] = useState(false);

  const busyRef = useRef(false); // a ref, not state: two key presses can arrive before a re-render
  const shownAt = useRef(0);
  const cardKey = useRef("");
  const mounted = useRef(true);
  const questionRef = useRef<HTMLDivElement>(null);
  const answerRef = useRef<HTMLDivElement>(null);
  const draftRef = useRef<HTMLTextAreaElement>(null);

  const card = data?.card ?? null;
  // For screen readers: the grade just given and the card now shown, in one polite announcement.
  const [announcement, setAnnouncement] = useState("");
  const lastGrade = useRef<string | null>(null);
  const shownKey = card ? `${card.id}:${card.seen.reps}:${card.seen.updatedAt}` : data ? "done" : null;
  useEffect(() => {
    if (shownKey === null) return;
    const graded = lastGrade.current ? `Graded ${lastGrade.current}. ` : "";
    lastGrade.current = null;
    const question = questionRef.current?.innerText.replace(/\s+/g, " ").trim();
    setAnnouncement(shownKey === "done" ? `${graded}No more cards for now.` : `${graded}Next card: ${question ?? ""}`);
  }, [shownKey]);
  const router = useRouter();

  /** Show a queue answer; a different card (or the same card after undo) starts fresh. */
  const show = useCallback((next: NextResponse) => {
    const key = next.card ? `${next.card.id}|${next.card.seen.reps}|${next.card.seen.updatedAt}` : "";
    if (key !== cardKey.current) {
      // What was typed into the server-rendered answer box before the page's scripts ran is kept.
      const typedEarly = cardKey.current === "" ? draftRef.current?.value : undefined;
      cardKey.current = key;
      setRevealed(false);
      setDraft(next.card ? storage.get(draftKey(next.card.id)) || typedEarly || "" : "");
      shownAt.current = Date.now();
      if (next.card) requestAnimationFrame(() => questionRef.current?.focus({ preventScroll: true }));
      window.scrollTo({ top: 0 });
    }
    setData(next);
  }, []);

  /**
   * Run a request, retrying network failures with backoff; every other answer goes to the caller.
   * `offline`: what to do instead when the server cannot be reached (true: done, go on offline):
   * at once when the browser knows it has no connection, else after OFFLINE_AFTER_ATTEMPTS tries.
   */
  const withRetry = useCallback(async <T,>(request: () => Promise<ApiResult<T>>, retryText: string, offline?: () => Promise<boolean>): Promise<ApiResult<T> | null> => {
    for (let attempt = 0; mounted.current; attempt++) {
      try {
        const result = await request();
        setProblem(null);
        if (!result.ok && result.status === 401) {
          router.push(`/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
          return null;
        }
        return result;
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        // A blip is retried; with no connection (or after a few failures) the screen goes on offline.
        if (offline && (!navigator.onLine || attempt >= OFFLINE_AFTER_ATTEMPTS) && (await offline())) {
          setProblem(null);
          return null;
        }
        setProblem({ text: retryText });
        await new Promise((r) => setTimeout(r, retryDelayMs(attempt)));
      }
    }
    return null;
  }, [router]);

  const [synced, setSynced] = useState(0);
  const offline = useOfflineReview({
    userId,
    deck,
    onSynced: (outcome) => {
      const parts = [`${outcome.sent} grade${outcome.sent === 1 ? "" : "s"} saved on this device ${outcome.sent === 1 ? "is" : "are"} now synced.`];
      if (outcome.superseded) parts.push(`${outcome.superseded} came before a reset of the card elsewhere and were not applied.`);
      if (outcome.rejected.length) parts.push(`${outcome.rejected.length} could not be recorded: ${outcome.rejected[0].reason}`);
      if (outcome.sent || outcome.superseded || outcome.rejected.length) setToast({ text: parts.join(" ") });
      setSynced((n) => n + 1);
    },
  });
  const { isOffline, goOffline, recordedOnline, stale } = offline;
  const offlineGrade = offline.grade;
  const offlineUndo = offline.undo;

  /** Switch to the queue kept on this device; false when none is kept. */
  const showOffline = useCallback(async () => {
    const next = await goOffline();
    if (next) show(next);
    return next !== null;
  }, [goOffline, show]);

  const loadNext = useCallback(async (): Promise<void> => {
    if (isOffline()) {
      await showOffline();
      return;
    }
    const result = await withRetry(() => reviewApi.next(deck), "Can’t reach the server — retrying…", showOffline);
    if (!result) return;
    if (result.ok) show(result.data);
    else setProblem({ text: `Could not load the next card: ${result.error.error}`, retry: () => void loadNext() });
  }, [deck, isOffline, show, showOffline, withRetry]);

  /** Send (or resend) a grade until the server answers; the same reviewId makes resending safe. */
  const sendGrade = useCallback(
    async (request: GradeRequest, at: Date) => {
      storage.set(PENDING_KEY, JSON.stringify(request));
      // Offline, the grade is kept on the device with the same id: if the server did get it, the sync finds it recorded.
      const keep = async () => {
        const next = await goOffline();
        if (!next) return false;
        const after = await offlineGrade(request.cardId, request.grade, request.reviewId, request.durationMs, at);
        storage.set(PENDING_KEY, null);
        storage.set(draftKey(request.cardId), null);
        show(after ?? next);
        return true;
      };
      const result = await withRetry(() => reviewApi.grade(request), "Connection lost — retrying your grade (it will be recorded once)…", keep);
      if (!result) return;
      storage.set(PENDING_KEY, null);
      if (result.ok) {
        recordedOnline(request.cardId, request.grade, request.reviewId, at);
        storage.set(draftKey(request.cardId), null);
        if (result.data.leech) setToast({ text: "That card is now a leech: it keeps being forgotten.", link: { href: "/leeches", label: "See leeches" } });
        show(result.data.next);
      } else if (result.error.code === "stale" || result.status === 409) {
        // Another tab answered this card first: go on with whatever is next.
        await loadNext();
        setToast({ text: "That card was already answered elsewhere — moving on." });
      } else {
        await loadNext();
        setToast({ text: `The grade was refused: ${result.error.error}` });
      }
    },
    [goOffline, loadNext, offlineGrade, recordedOnline, show, withRetry],
  );

  /** One request at a time: buttons and keys are ignored while something is in flight. */
  const exclusive = useCallback(async (work: () => Promise<void>) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    try {
      await work();
    } finally {
      busyRef.current = false;
      if (mounted.current) setBusy(false);
    }
  }, []);

  useEffect(() => {
    mounted.current = true;
    const pending = storage.get(PENDING_KEY);
    void exclusive(async () => {
      if (pending) {
        try {
          await sendGrade(JSON.parse(pending) as GradeRequest, new Date());
          return;
        } catch {
          storage.set(PENDING_KEY, null);
        }
      }
      // With no connection this page is the service worker's copy, and its queue is from when it
      // was kept: go on from the device's queue instead.
      if (!navigator.onLine && (await showOffline())) return;
      // The server's queue is as fresh as this page; show() starts its timer, draft and focus.
      if (initialRef.current) show(initialRef.current);
      else await loadNext();
    }).then(() => {
      if (mounted.current) setKeysReady(true);
    });
    return () => {
      mounted.current = false;
    };
  }, [exclusive, loadNext, sendGrade, show, showOffline]);

  // A reload while grades wait on the device (or with no connection) goes on from the device's queue.
  useEffect(() => {
    if (offline.mode === "offline") void Promise.resolve().then(showOffline); // after this render, not inside it
  }, [offline.mode, showOffline]);

  // Grades kept on the device are on the server now: back to the server's queue.
  useEffect(() => {
    if (synced) void exclusive(() => loadNext());
  }, [synced, exclusive, loadNext]);

  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(null), 6000);
    return () => clearTimeout(t);
  }, [toast]);

  const reveal = useCallback(() => {
    if (!card || revealed) return;
    setRevealed(true);
    requestAnimationFrame(() => answerRef.current?.focus({ preventScroll: true }));
  }, [card, revealed]);

  const grade = useCallback(
    (g: Grade) => {
      if (!card || !revealed) return;
      lastGrade.current = GRADES.find((x) => x.grade === g)?.label ?? null;
      const at = new Date();
      const durationMs = Math.min(Math.max(0, at.getTime() - shownAt.current), 24 * 3600 * 1000 - 1);
      if (isOffline()) {
        void exclusive(async () => {
          const next = await offlineGrade(card.id, g, newReviewId(), durationMs, at);
          storage.set(draftKey(card.id), null);
          if (next) show(next);
        });
        return;
      }
      void exclusive(() =>
        sendGrade({ cardId: card.id, grade: g, reviewId: newReviewId(), seenReps: card.seen.reps, seenUpdatedAt: card.seen.updatedAt, durationMs, deck }, at),
      );
    },
    [card, revealed, deck, exclusive, isOffline, offlineGrade, sendGrade, show],
  );

  const undo = useCallback(() => {
    void exclusive(async () => {
      if (isOffline()) {
        const { label, next } = await offlineUndo();
        setToast({ text: label ? `Undid “${label}” on this device — the card is back as it was.` : "Nothing to undo on this device." });
        cardKey.current = "";
        if (next) show(next);
        return;
      }
      const result = await withRetry(() => reviewApi.undo(deck), "Can’t reach the server — retrying…");
      if (!result) return;
      if (!result.ok) return setToast({ text: `Could not undo: ${result.error.error}` });
      const { undone, next } = result.data;
      stale();
      setToast({ text: undone ? `Undid “${undone.label}” — the card is back as it was.` : "Nothing to undo." });
      cardKey.current = ""; // show the restored card from its question, even if it is the same one
      show(next);
    });
  }, [deck, exclusive, isOffline, offlineUndo, show, stale, withRetry]);

  const setAside = useCallback(
    (action: "bury" | "suspend") => {
      if (!card) return;
      if (isOffline()) {
        setToast({ text: `To ${action} a card you need a connection; grading works offline.` });
        return;
      }
      void exclusive(async () => {
        const result = await withRetry(() => reviewApi[action](card.id, deck), "Can’t reach the server — retrying…");
        if (!result) return;
        if (!result.ok) return setToast({ text: `Could not ${action} the card: ${result.error.error}` });
        storage.set(draftKey(card.id), null);
        stale();
        setToast({ text: action === "bury" ? "Card buried until tomorrow." : "Card suspended: it won’t be shown until you unsuspend it." });
        show(result.data);
      });
    },
    [card, deck, exclusive, isOffline, show, stale, withRetry],
  );

  // Keys act only when focus is outside text fields, so typing an answer never grades. The
  // listener is swapped in the same commit that shows a card (a layout effect): a passive effect
  // ran later, and a key pressed in between went to the card just graded (Space did nothing; a
  // digit graded it again).
  const canUndo = data?.canUndo ?? false;
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      if (target?.closest("input, textarea, select, [contenteditable='true']")) {
        if (target === draftRef.current) {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            reveal();
          } else if (e.key === "Escape") {
            target.blur();
            questionRef.current?.focus({ preventScroll: true });
          }
        }
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      if (e.key === " " || e.key === "Enter") {
        if (target?.closest("button, a, summary")) return; // the focused control acts on its own
        if (card && !revealed) {
          e.preventDefault();
          reveal();
        }
      } else if (e.key >= "1" && e.key <= "4") {
        if (revealed) {
          e.preventDefault();
          grade(Number(e.key) as Grade);
        }
      } else if (e.key === "u") {
        e.preventDefault();
        if (canUndo) undo();
        else setToast({ text: "Nothing to undo." });
      } else if (e.key === "b" && card) {
        e.preventDefault();
        setAside("bury");
      } else if (e.key === "s" && card) {
        e.preventDefault();
        setAside("suspend");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [card, revealed, canUndo, reveal, grade, undo, setAside]);

  const changeDraft = (text: string) => {
    setDraft(text);
    if (card) storage.set(draftKey(card.id), text);
  };

  if (!data) {
    return (
      <div className="space-y-3" aria-busy="true">
        <p className="text-zinc-500">{problem?.text ?? "Loading your next card…"}</p>
        {problem?.retry && <RetryButton onClick={problem.retry} />}
      </div>
    );
  }

  const small = `rounded-md px-2.5 py-1.5 text-sm ring-1 ring-zinc-300 hover:bg-zinc-100 disabled:opacity-50 dark:ring-zinc-700 dark:hover:bg-zinc-800 ${FOCUS}`;
  return (
    <div className="mx-auto max-w-3xl space-y-5" data-offline-ready={offline.ready ? "true" : undefined} data-keys-ready={keysReady ? "true" : undefined}>
      <OfflineStatus mode={offline.mode} pending={offline.pending} />
      <ReviewProgress counts={data.counts} doneToday={data.doneToday} />

      {card ? (
        <ReviewCard
          card={card}
          revealed={revealed}
          draft={draft}
          onDraftChange={changeDraft}
          isAuthor={isAuthor}
          questionRef={questionRef}
          answerRef={answerRef}
          draftRef={draftRef}
        />
      ) : (
        <AllDone counts={data.counts} doneToday={data.doneToday} nextLearningDue={data.nextLearningDue} onDue={loadNext} deck={deck} />
      )}

      <p className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="review-announcer">
        {announcement}
      </p>
      <div className="sticky bottom-0 -mx-4 space-y-2 border-t border-zinc-200 bg-white/95 px-4 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/95">
        {/* floats above the bar, so a message never pushes the buttons around */}
        <div role="status" aria-live="polite" className="pointer-events-none absolute inset-x-4 bottom-full mb-2 flex justify-center">
          {(problem || toast) && (
            <p
              className={`pointer-events-auto rounded-lg px-3 py-2 text-sm shadow-lg ${problem ? "bg-amber-100 text-amber-950 dark:bg-amber-900 dark:text-amber-50" : "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"}`}
            >
              {problem ? (
                <>
                  {problem.text} {problem.retry && <RetryButton onClick={problem.retry} />}
                </>
              ) : toast ? (
                <>
                  {toast.text}{" "}
                  {toast.link && (
                    <Link href={toast.link.href} className="font-medium text-inherit underline">
                      {toast.link.label}
                    </Link>
                  )}
                </>
              ) : null}
            </p>
          )}
        </div>
        {card &&
          (revealed ? (
            <div className="grid grid-cols-4 gap-2" role="group" aria-label="Grade your answer">
              {GRADES.map((g) => (
                <button
                  key={g.grade}
                  type="button"
                  disabled={busy}
                  onClick={() => grade(g.grade)}
                  aria-keyshortcuts={String(g.grade)}
                  className={`flex min-h-14 flex-col items-center justify-center rounded-lg px-1 py-2 ring-1 disabled:opacity-60 ${g.style} ${FOCUS}`}
                >
                  <span className="text-sm font-semibold sm:text-base">{g.label}</span>
                  <span className="text-xs tabular-nums opacity-80">{card.intervals[g.key]}</span>
                </button>
              ))}
            </div>
          ) : (
            <button
              type="button"
              onClick={reveal}
              disabled={busy}
              aria-keyshortcuts="Space Enter"
              className={`block min-h-12 w-full rounded-lg bg-indigo-600 px-4 py-3 font-medium text-white hover:bg-indigo-500 disabled:opacity-60 ${FOCUS}`}
            >
              Show answer
            </button>
          ))}
        <div className="flex flex-wrap items-center justify-between gap-2">
          <div className="flex gap-2">
            <button type="button" className={small} onClick={undo} disabled={busy || !data.canUndo} aria-keyshortcuts="u" title={data.undoLabel ? `Undo “${data.undoLabel}”` : "Nothing to undo"}>
              {data.undoLabel ? `Undo ${data.undoLabel.toLowerCase()}` : "Undo"}
            </button>
            {card && (
              <>
                <button type="button" className={small} onClick={() => setAside("bury")} disabled={busy} aria-keyshortcuts="b">
                  Bury
                </button>
                <button type="button" className={small} onClick={() => setAside("suspend")} disabled={busy} aria-keyshortcuts="s">
                  Suspend
                </button>
              </>
            )}
          </div>
          <p className="text-xs text-zinc-500">
            <kbd>Space</kbd> reveal · <kbd>1</kbd>–<kbd>4</kbd> grade · <kbd>u</kbd> undo · <kbd>b</kbd> bury · <kbd>s</kbd> suspend
          </p>
        </div>
      </div>
    </div>
  );
}

/** While the screen runs on the device's queue, or grades wait to be sent: say so, and how many. */
function OfflineStatus({ mode, pending }: { mode: "online" | "offline"; pending: number }) {
  if (mode === "online" && pending === 0) return null;
  const saved = `${pending} grade${pending === 1 ? "" : "s"} saved on this device`;
  return (
    <p
      data-testid="offline-status"
      className="flex items-center gap-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-950 ring-1 ring-amber-200 dark:bg-amber-950/50 dark:text-amber-100 dark:ring-amber-800"
    >
      <span aria-hidden="true" className={`inline-block size-2 shrink-0 rounded-full ${mode === "offline" ? "bg-amber-500" : "bg-emerald-500"}`} />
      {mode === "offline" ? (
        <span>
          <strong className="font-semibold">Offline.</strong> {pending ? `${saved}; they are sent when the connection is back.` : "Grades are saved on this device until the connection is back."}
        </span>
      ) : (
        <span>Sending {saved}…</span>
      )}
    </p>
  );
}

function RetryButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" onClick={onClick} className={`rounded-md bg-indigo-600 px-3 py-1 text-sm text-white ${FOCUS}`}>
      Retry
    </button>
  );
}
