import { renderMarkdown } from "@/lib/content";

/**
 * A learner's typed answer as HTML for the review page: the same Markdown + KaTeX pipeline and the
 * same sanitising as card content (lib/content/render.ts), so `$O(n^2)$` shows as math and a
 * pasted `<script>` is dropped. The answer box keeps line breaks as typed (its preview shows
 * them), so a single newline outside code fences becomes a Markdown hard break here too.
 */
export function renderAnswerHtml(text: string): string {
  if (!text.trim()) return "";
  let fence: string | null = null;
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const out = lines.map((line, i) => {
    const f = /^\s*(`{3,}|~{3,})/.exec(line);
    if (f) fence = fence === null ? f[1][0] : f[1][0] === fence ? null : fence;
    const next = lines[i + 1];
    const breaks = fence === null && !f && line.trim() !== "" && next !== undefined && next.trim() !== "" && !/^\s*(`{3,}|~{3,})/.test(next);
    return breaks ? `${line.replace(/\s+$/, "")}\\` : line;
  });
  return renderMarkdown(out.join("\n"), "answer", 1).html;
}
