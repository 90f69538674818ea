"use client";

import { useId, useState } from "react";

/**
 * A deck row with sub-decks: a button (the triangle) opens and closes them. The row's own links
 * sit beside the button, never inside it (a link inside a <summary> is a control nested in a
 * control: screen readers and keyboards cannot reach it properly).
 */
export function DeckBranch(props: { name: string; defaultOpen: boolean; className: string; head: React.ReactNode; children: React.ReactNode }) {
  const [open, setOpen] = useState(props.defaultOpen);
  const id = useId();
  return (
    <>
      <div className={props.className}>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={id}
          aria-label={`Sub-decks of ${props.name}`}
          onClick={() => setOpen((o) => !o)}
          className="flex h-6 w-5 shrink-0 items-center justify-center self-center rounded text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100"
        >
          <span aria-hidden="true" className={`inline-block text-xs transition-transform ${open ? "rotate-90" : ""}`}>▶</span>
        </button>
        {props.head}
      </div>
      <div id={id} hidden={!open}>
        {props.children}
      </div>
    </>
  );
}

/** The same gutter as the button, for rows without sub-decks, so every row's text and numbers line up. */
export function DeckGutter() {
  return <span aria-hidden="true" className="w-5 shrink-0" />;
}
