/** Small text helpers shared by every dialect. Pure. */

/** Strip a BOM and turn CRLF / CR line endings into LF, so line numbers count the same everywhere. */
export function normalizeNewlines(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/** 1-based line number of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Lower-case kebab-case slug: "Math Foundations" -> "math-foundations". */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}

/** Remove the common leading indentation of a block of lines (blank lines ignored). */
export function dedent(lines: string[]): string[] {
  let min = Infinity;
  for (const l of lines) {
    if (!l.trim()) continue;
    const m = /^[ \t]*/.exec(l)![0].replace(/\t/g, "    ").length;
    if (m < min) min = m;
  }
  if (!isFinite(min) || min === 0) return lines.slice();
  return lines.map((l) => {
    let removed = 0;
    let i = 0;
    while (i < l.length && removed < min && (l[i] === " " || l[i] === "\t")) {
      removed += l[i] === "\t" ? 4 : 1;
      i++;
    }
    return l.slice(i);
  });
}

/** Trim blank lines at both ends of a block and join it. */
export function joinBlock(lines: string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && !lines[start].trim()) start++;
  while (end > start && !lines[end - 1].trim()) end--;
  return lines
    .slice(start, end)
    .map((l) => l.replace(/[ \t]+$/, ""))
    .join("\n");
}

const ACRONYMS = new Set(["rnn", "llm", "llms", "gpt", "kv", "qa", "nlp", "ml", "ai", "rl", "rlhf", "fsrs", "gpu", "cnn", "lstm", "bpe"]);

/**
 * A deck title for a file that names none: "tests/llm-interview-chat-export.md" ->
 * "LLM interview chat export". Known acronyms stay upper-case.
 */
export function deckTitleFromFile(file: string): string {
  const base = file.split("/").pop()!.replace(/\.(md|markdown|txt)$/i, "");
  const words = base.split(/[-_\s.]+/).filter(Boolean);
  return words
    .map((w, i) => {
      const lw = w.toLowerCase();
      if (ACRONYMS.has(lw)) return lw === "llms" ? "LLMs" : lw.toUpperCase();
      return i === 0 ? lw[0].toUpperCase() + lw.slice(1) : lw;
    })
    .join(" ");
}

/**
 * A tab title from a Markdown question: the words without Markdown marks, math delimiters or
 * tags, on one line, cut at a word near `max` characters with an ellipsis.
 */
export function titleText(markdown: string, max = 60): string {
  const plain = markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\$\$?|\\[()[\]]/g, "")
    .replace(/[*`#>~]+|__/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, "")}…`;
}
