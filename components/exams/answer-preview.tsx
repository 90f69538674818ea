"use client";

import katex from "katex";
import { useDeferredValue, useMemo } from "react";

/**
 * A small, safe Markdown + math preview of what the learner typed, rendered in the browser (it
 * works offline too). Everything the learner wrote is HTML-escaped first; only KaTeX's own
 * output and a few tags this function writes (p, br, code, pre, strong, em) are HTML.
 */
export function renderAnswerPreview(text: string): string {
  const parts: string[] = [];
  // fenced code blocks first: nothing inside them is Markdown or math
  const chunks = text.split(/^```[^\n]*\n?/m);
  chunks.forEach((chunk, i) => {
    if (i % 2 === 1) parts.push(`<pre><code>${escapeHtml(chunk.replace(/\n$/, ""))}</code></pre>`);
    else parts.push(renderBlocks(chunk));
  });
  return parts.join("");
}

function renderBlocks(text: string): string {
  // display math may span lines: take it out before splitting into paragraphs
  const withDisplay = text.replace(/\$\$([\s\S]+?)\$\$/g, (_, tex: string) => `\u0000${math(tex, true)}\u0000`);
  return withDisplay
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .map((p) => `<p>${p.split("\u0000").map((s, i) => (i % 2 ? s : inline(s))).join("")}</p>`)
    .join("");
}

function inline(s: string): string {
  const out: string[] = [];
  // `code` and $math$ are tokens; the rest is escaped text with **bold** and *em*
  const re = /`([^`]+)`|\$([^$\n]+?)\$/g;
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out.push(text(s.slice(last, m.index)));
    out.push(m[1] !== undefined ? `<code>${escapeHtml(m[1])}</code>` : math(m[2], false));
    last = m.index + m[0].length;
  }
  out.push(text(s.slice(last)));
  return out.join("");
}

function text(s: string): string {
  return escapeHtml(s)
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^*])\*([^*\n]+)\*/g, "$1<em>$2</em>")
    .replace(/\n/g, "<br>");
}

function math(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, { displayMode, throwOnError: false, trust: false, strict: "ignore" });
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

export function AnswerPreview({ text, label }: { text: string; label: string }) {
  const deferred = useDeferredValue(text);
  const html = useMemo(() => renderAnswerPreview(deferred), [deferred]);
  // plain prose looks the same rendered: a preview only helps once there is markup or math
  if (!/[$`*_]/.test(deferred)) return null;
  return (
    <div aria-label={label} className="prose-card mt-2 rounded-md border border-dashed border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700">
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </div>
  );
}

/** A part prompt rendered as one paragraph, without the <p> (its margins), to sit beside "a)". */
export function inlineHtml(html: string): string {
  const m = /^\s*<p>([\s\S]*)<\/p>\s*$/.exec(html);
  return m && !m[1].includes("<p>") ? m[1] : html;
}
