"use client";
// Where a page shows widgets: one "Show me" button per widget. Nothing heavy loads until one opens;
// then widget-host (TF.js, the model) is fetched as its own chunk. Pages pass the prompt library
// when they have it; otherwise it is fetched from /api/widgets/prompts on first open.
import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { getWidget, type WidgetName } from "@/lib/widgets/registry";

const WidgetHost = dynamic(() => import("./widget-host"), {
  ssr: false,
  loading: () => <p className="text-sm text-zinc-500" role="status">Loading the model…</p>,
});

let promptsOnce: Promise<string[]> | null = null;
function fetchPrompts(): Promise<string[]> {
  promptsOnce ??= fetch("/api/widgets/prompts")
    .then((r) => (r.ok ? (r.json() as Promise<{ starters: string[] }>) : { starters: [] }))
    .then((b) => b.starters)
    .catch(() => []);
  return promptsOnce;
}

export function WidgetSlot({ names, prompts, className }: { names: string[]; prompts?: string[]; className?: string }) {
  const known = names.map(getWidget).filter((w) => w !== undefined);
  const [open, setOpen] = useState<WidgetName | null>(null);
  const [library, setLibrary] = useState<string[] | null>(prompts ?? null);

  // A shared link (?w=name) opens that widget.
  useEffect(() => {
    const w = new URLSearchParams(window.location.search).get("w");
    if (!w || !known.some((k) => k.name === w)) return;
    const t = setTimeout(() => setOpen(w as WidgetName)); // after hydration: the server rendered it closed
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    if (open && library === null) fetchPrompts().then(setLibrary);
  }, [open, library]);

  if (known.length === 0) return null;
  const toggle = (name: WidgetName) => {
    // Read what is open from the panel in the DOM, not the render's closure: two quick clicks must close then reopen.
    const shown = document.getElementById(`widget-${name}`) !== null;
    const next = shown ? null : name;
    setOpen(next);
    const url = new URL(window.location.href);
    for (const key of [...url.searchParams.keys()]) if (key === "w" || key.includes(".")) url.searchParams.delete(key);
    if (next) url.searchParams.set("w", next);
    window.history.replaceState(window.history.state, "", url);
  };
  return (
    <section aria-label="Show me" className={`space-y-2 ${className ?? ""}`}>
      <div className="flex flex-wrap gap-2">
        {known.map((w) => (
          <button
            key={w.name}
            type="button"
            aria-expanded={open === w.name}
            aria-controls={`widget-${w.name}`}
            data-widget-open={w.name}
            onClick={() => toggle(w.name)}
            title={w.summary}
            className={`rounded-full border px-3 py-1 text-sm focus:outline-2 focus:outline-offset-1 focus:outline-indigo-500 ${
              open === w.name ? "border-indigo-600 bg-indigo-600 text-white" : "border-indigo-300 text-indigo-700 hover:bg-indigo-50 dark:border-indigo-700 dark:text-indigo-300 dark:hover:bg-indigo-950"
            }`}
          >
            Show me: {w.title}
          </button>
        ))}
      </div>
      {open && (
        <div id={`widget-${open}`} data-widget-panel={open} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
          {library === null ? <p className="text-sm text-zinc-500" role="status">Loading the prompt library…</p> : <WidgetHost key={open} name={open} prompts={library} />}
        </div>
      )}
    </section>
  );
}

/**
 * Renders a WidgetSlot into every `<div data-widget="name[,name]">` already on the page (for example in
 * server-rendered HTML of the test review page). Mount once, after those elements.
 */
export function WidgetIslands({ prompts }: { prompts?: string[] }) {
  const [hosts, setHosts] = useState<HTMLElement[]>([]);
  useEffect(() => {
    const t = setTimeout(() => setHosts([...document.querySelectorAll<HTMLElement>("[data-widget]")]));
    return () => clearTimeout(t);
  }, []);
  return (
    <>
      {hosts.map((el, i) =>
        createPortal(<WidgetSlot names={(el.dataset.widget ?? "").split(",").map((s) => s.trim())} prompts={prompts} />, el, `island-${i}`),
      )}
    </>
  );
}
