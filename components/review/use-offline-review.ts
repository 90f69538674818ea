"use client";
/**
 * The review screen's offline half (docs/offline.md). While online it keeps today's queue on the
 * device (IndexedDB, lib/offline/store.ts) and asks the service worker to keep this page; when
 * the server cannot be reached it reviews from that queue with the same rules (lib/offline/engine.ts),
 * keeps each grade on the device, and sends them, oldest first, once the connection is back.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { NextResponse } from "@/lib/review/contract";
import type { OfflineBundle } from "@/lib/review/offline-contract";
import type { SrsGrade } from "@/lib/srs";
import type { SyncOutcome } from "@/lib/offline/sync";

/** The offline machinery (IndexedDB, the rules, sync), loaded after the page is up. */
const runtime = () => import("@/lib/offline/runtime");
/** Whether this browser can keep anything (private modes may refuse IndexedDB). */
const offlineSupported = () => typeof indexedDB !== "undefined";

/** Refetch the kept queue at most this often while reviewing online. */
const REFRESH_MS = 60_000;
/** How often to try sending kept grades while they wait. */
const SYNC_EVERY_MS = 5_000;

export interface OfflineReview {
  /** "offline": the screen runs on the device's queue. */
  mode: "online" | "offline";
  /** The mode right now, for event handlers (the state above follows on the next render). */
  isOffline(): boolean;
  /** Grades saved on this device and not yet on the server. */
  pending: number;
  /** Today's queue is kept and this page is in the service worker's cache. */
  ready: boolean;
  /** Switch to the device's queue; null when nothing is kept (the screen keeps retrying online). */
  goOffline(): Promise<NextResponse | null>;
  next(): Promise<NextResponse | null>;
  grade(cardId: string, grade: SrsGrade, reviewId: string, durationMs: number, at: Date): Promise<NextResponse | null>;
  undo(): Promise<{ label: string | null; next: NextResponse | null }>;
  /** An online grade the server recorded: the kept queue follows it. */
  recordedOnline(cardId: string, grade: SrsGrade, reviewId: string, at: Date): void;
  /** The kept queue is out of date (an online undo, bury or suspend): fetch it again soon. */
  stale(): void;
}

export function useOfflineReview({ userId, deck, onSynced }: { userId: string; deck?: string; onSynced: (outcome: SyncOutcome) => void }): OfflineReview {
  const [mode, setMode] = useState<"online" | "offline">("online");
  const [pending, setPending] = useState(0);
  const [ready, setReady] = useState(false);
  const bundle = useRef<OfflineBundle | null>(null);
  const lastFetch = useRef(0);
  const fetching = useRef(false);
  // The mode as callbacks see it: set with the state, so a callback right after a switch sees it too.
  const modeRef = useRef(mode);
  const switchMode = useCallback((m: "online" | "offline") => {
    modeRef.current = m;
    setMode(m);
  }, []);
  const onSyncedRef = useRef(onSynced);
  useEffect(() => {
    onSyncedRef.current = onSynced;
  });

  const countPending = useCallback(async () => {
    const n = offlineSupported() ? (await (await runtime()).pendingGrades(userId)).length : 0;
    setPending(n);
    return n;
  }, [userId]);

  /** Fetch today's queue and keep it; keep this page and the cards' images in the service worker's cache. */
  const refresh = useCallback(async () => {
    if (!offlineSupported() || fetching.current || modeRef.current === "offline") return;
    fetching.current = true;
    try {
      const { reviveBundle, saveBundle, loadBundle } = await runtime();
      const response = await fetch(`/api/review/offline${deck ? `?deck=${encodeURIComponent(deck)}` : ""}`, { credentials: "same-origin" });
      if (!response.ok) return;
      const fresh = reviveBundle((await response.json()) as OfflineBundle);
      await saveBundle(userId, fresh);
      bundle.current = await loadBundle(userId, deck);
      lastFetch.current = Date.now();
      const images = new Set<string>();
      for (const c of fresh.cards) {
        for (const html of [c.view.questionHtml, c.view.answerHtml ?? "", c.view.contextHtml ?? ""]) {
          for (const m of html.matchAll(/<img\b[^>]*\bsrc="([^"]+)"/g)) {
            const url = new URL(m[1].replace(/&amp;/g, "&"), location.href);
            if (url.origin === location.origin) images.add(url.pathname + url.search);
          }
        }
      }
      // window.serwist: the registration made by SerwistProvider (app/layout.tsx).
      if ("serviceWorker" in navigator && window.serwist) {
        await navigator.serviceWorker.ready;
        await window.serwist.messageSW({
          type: "CACHE_URLS",
          // this page, and home (which shows the grades waiting to sync)
          payload: { urlsToCache: [[location.pathname + location.search, { headers: { accept: "text/html" } }], ["/", { headers: { accept: "text/html" } }], ...images] },
        });
        setReady(navigator.serviceWorker.controller !== null);
      }
    } catch {
      // offline or the server is away: the kept queue stays as it was
    } finally {
      fetching.current = false;
    }
  }, [deck, userId]);

  const current = useCallback(async () => {
    bundle.current ??= offlineSupported() ? await (await runtime()).loadBundle(userId, deck) : null;
    return bundle.current;
  }, [deck, userId]);

  const next = useCallback(async () => {
    const b = await current();
    if (!b) return null;
    const { localNext, pendingGrades } = await runtime();
    return localNext(b, await pendingGrades(userId), new Date());
  }, [current, userId]);

  const goOffline = useCallback(async () => {
    const b = await current();
    if (!b) return null;
    switchMode("offline");
    await countPending();
    return next();
  }, [countPending, current, next, switchMode]);

  const grade = useCallback(
    async (cardId: string, g: SrsGrade, reviewId: string, durationMs: number, at: Date) => {
      const b = await current();
      if (!b) return null;
      const { localGrade, loadBundle, pendingGrades, recordGrade } = await runtime();
      // Already kept (a retry of the same press)? Then only show what is next.
      if (!(await pendingGrades(userId)).some((p) => p.reviewId === reviewId)) {
        const { state, pending: p } = localGrade(b, { userId, cardId, grade: g, reviewId, durationMs }, at);
        await recordGrade(p, state);
        bundle.current = await loadBundle(userId, deck);
      }
      await countPending();
      return next();
    },
    [countPending, current, deck, next, userId],
  );

  const undo = useCallback(async () => {
    if (!offlineSupported()) return { label: null, next: null };
    const { loadBundle, undoLastGrade } = await runtime();
    const undone = await undoLastGrade(userId);
    bundle.current = await loadBundle(userId, deck);
    await countPending();
    const labels: Record<number, string> = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };
    return { label: undone ? labels[undone.grade] : null, next: await next() };
  }, [countPending, deck, next, userId]);

  const recordedOnline = useCallback(
    (cardId: string, g: SrsGrade, reviewId: string, at: Date) => {
      const b = bundle.current;
      const card = b?.cards.find((c) => c.view.id === cardId);
      if (!b || !card) return;
      void (async () => {
        const { applyOnlineGrade, decideGrade, loadBundle, seenOf } = await runtime();
        try {
          const { state } = decideGrade(card.state, { cardId, grade: g, seen: seenOf(card.state) }, reviewId, at, b.settings[card.view.deckPath] ?? b.queueSettings);
          await applyOnlineGrade(userId, cardId, state);
          bundle.current = await loadBundle(userId, deck);
        } catch {
          lastFetch.current = 0; // the kept state disagrees with the server's: fetch it again
        }
        if (Date.now() - lastFetch.current > REFRESH_MS) void refresh();
      })();
    },
    [deck, refresh, userId],
  );

  const stale = useCallback(() => {
    lastFetch.current = 0;
    void refresh();
  }, [refresh]);

  // Start: grades left from before (a reload while offline) keep the screen on the device's queue.
  useEffect(() => {
    if (!offlineSupported()) return;
    void (async () => {
      const waiting = await countPending();
      if (waiting > 0 || !navigator.onLine) {
        if (await current()) switchMode("offline");
      } else void refresh();
    })();
  }, [countPending, current, refresh, switchMode]);

  // While grades wait: send them when the connection is back, and every few seconds.
  useEffect(() => {
    if (mode !== "offline" && pending === 0) return;
    let running = false;
    const attempt = async () => {
      if (running || !navigator.onLine) return;
      running = true;
      try {
        const outcome = await (await runtime()).syncPending(userId);
        setPending(outcome.remaining);
        if (outcome.remaining === 0 && outcome.problem === null) {
          switchMode("online");
          lastFetch.current = 0;
          void refresh();
          onSyncedRef.current(outcome);
        }
      } finally {
        running = false;
      }
    };
    void attempt();
    const timer = setInterval(() => void attempt(), SYNC_EVERY_MS);
    window.addEventListener("online", attempt);
    return () => {
      clearInterval(timer);
      window.removeEventListener("online", attempt);
    };
  }, [mode, pending, refresh, switchMode, userId]);

  const isOffline = useCallback(() => modeRef.current === "offline", []);
  return { mode, isOffline, pending, ready, goOffline, next, grade, undo, recordedOnline, stale };
}
