import { unified, type Processor } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import remarkRehype from "remark-rehype";
import rehypeRaw from "rehype-raw";
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeKatexRaw from "./rehype-katex-raw";
import rehypeHighlight from "rehype-highlight";
import rehypeRemoteImages from "./rehype-remote-images";
import rehypeStringify from "rehype-stringify";
import { VFile } from "vfile";
import type { Diagnostic } from "./types";

/**
 * Markdown → safe HTML, once, at ingest time (students never wait for Markdown processing).
 *
 * Order matters: author HTML is parsed (rehype-raw) and then sanitised *before* KaTeX and
 * highlight.js add their own markup, so their output (trusted, generated) is not stripped while
 * anything an author wrote (scripts, event handlers, javascript: URLs) is.
 */

/** GitHub's sanitisation schema, plus the classes remark-math puts on math nodes. */
export const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [["className", /^language-./, "math-inline", "math-display"]],
    // `<details open>` is legitimate in answers.
    details: ["open"],
  },
  // Keep ids as authors wrote them would allow clobbering; the default prefix stays.
};

/** Languages tried when a fence names none (the seeds' fences mostly don't). */
const DETECT_SUBSET = ["python", "javascript", "typescript", "bash", "json", "plaintext"];

type HtmlProcessor = Processor<any, any, any, any, string>;

/** What a field needs beyond plain CommonMark; each combination gets its own (cached) pipeline. */
interface Features {
  math: boolean;
  html: boolean;
  code: boolean;
  /** A URL that may be a remote image. */
  remote: boolean;
}

const processors = new Map<string, HtmlProcessor>();

/**
 * The full pipeline is remark-parse → gfm → math → rehype → raw → sanitize → katex → highlight.
 * Skipping the plugins a field cannot need (no `$`, no `<`, no code fence) makes the common case
 * several times faster without changing its output.
 */
function getProcessor(f: Features): HtmlProcessor {
  const key = `${+f.math}${+f.html}${+f.code}${+f.remote}`;
  let p = processors.get(key);
  if (!p) {
    const chain = unified().use(remarkParse).use(remarkGfm) as any;
    if (f.math) chain.use(remarkMath);
    chain.use(remarkRehype, { allowDangerousHtml: f.html });
    if (f.html) chain.use(rehypeRaw);
    chain.use(rehypeSanitize, sanitizeSchema);
    if (f.remote) chain.use(rehypeRemoteImages);
    if (f.math) chain.use(rehypeKatexRaw);
    if (f.code) chain.use(rehypeHighlight, { detect: true, subset: DETECT_SUBSET });
    // raw nodes only ever hold KaTeX output (added after sanitising), so they may pass through.
    p = chain.use(rehypeStringify, { allowDangerousHtml: true }).freeze() as HtmlProcessor;
    processors.set(key, p);
  }
  return p;
}

/**
 * remark-math reads `$$x$$` inside a line as inline math; authors (and the seeds) mean display
 * math when it stands alone on its line. Rewrite such lines as fenced display math, leaving code
 * fences alone. Returns the text and, per output line, the input line it came from.
 */
export function promoteDisplayMath(markdown: string): { text: string; lineMap: number[] } {
  const out: string[] = [];
  const lineMap: number[] = [];
  let fence: string | null = null;
  markdown.split("\n").forEach((line, i) => {
    const fenceMatch = /^\s*(```+|~~~+)/.exec(line);
    if (fenceMatch) {
      if (fence === null) fence = fenceMatch[1][0];
      else if (fenceMatch[1][0] === fence) fence = null;
    }
    const m = fence === null ? /^(\s*)\$\$(?!\$)(.+?)\$\$\s*$/.exec(line) : null;
    if (m && m[2].trim() && !m[2].includes("$$")) {
      out.push(`${m[1]}$$`, `${m[1]}${m[2].trim()}`, `${m[1]}$$`);
      lineMap.push(i, i, i);
    } else {
      out.push(line);
      lineMap.push(i);
    }
  });
  return { text: out.join("\n"), lineMap };
}

/**
 * Bump when the same Markdown renders to different HTML (ingest re-renders every card then).
 * 2: shallow sub-lists nest (nestShallowLists); remote images wait for a click.
 */
export const RENDER_VERSION = 2;

const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])( +|$)/;

/**
 * Pasted chat exports keep one space of a sub-list's indentation (" - Encoder" under "- Structure:").
 * CommonMark nests an item only when it is indented to the parent's text (two columns after "- ",
 * three after "1. "), so those sub-points became top-level bullets. An item indented more than
 * the item above it but less than that item's text, under an item that introduces a list (its
 * text ends in a colon: "**Structure:**"), is meant as its child: indent it to the text (siblings
 * at the same shallow indent follow it, deeper items keep their offset). Under any other item the
 * same export also pastes plain siblings one space in ("- **Formula**: …" then " - **Range**: …"),
 * so those stay siblings, as CommonMark reads them. Only spaces are added, so line numbers stay;
 * text without such an item is returned as is.
 */
export function nestShallowLists(markdown: string): string {
  if (!/^ +([-*+]|\d{1,9}[.)]) /m.test(markdown)) return markdown;
  const lines = markdown.split("\n");
  // The items enclosing the current line: original and new marker indent, original and new text column.
  let stack: { indent: number; newIndent: number; text: number; newText: number; introduces: boolean }[] = [];
  let fence: { char: string; shift: number } | null = null;
  let changed = false;
  const shiftFor = (indent: number) => {
    let shift = 0;
    for (const item of stack) if (item.text <= indent) shift = item.newText - item.text;
    return shift;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const f = /^( *)(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (fence.shift) lines[i] = " ".repeat(fence.shift) + line;
      if (f && f[2][0] === fence.char) fence = null;
      continue;
    }
    if (!line.trim()) continue;
    const m = LIST_ITEM.exec(line);
    const indent = /^ */.exec(line)![0].length;
    if (!m) {
      if (indent === 0 && !stack.length) continue;
      if (indent === 0 && (i === 0 || !lines[i - 1].trim())) stack = []; // a paragraph after a blank line ends the list
      const shift = shiftFor(indent);
      if (f) fence = { char: f[2][0], shift };
      if (shift) {
        lines[i] = " ".repeat(shift) + line;
        changed = true;
      }
      continue;
    }
    while (stack.length && stack[stack.length - 1].indent > indent) stack.pop();
    const top = stack[stack.length - 1];
    let newIndent: number;
    if (top && top.indent === indent) {
      newIndent = top.newIndent;
      stack.pop();
    } else if (top && indent < top.text) {
      // the shallow child of an item that introduces a list; otherwise a sibling, as CommonMark has it
      newIndent = top.introduces ? top.newText : top.newIndent + (indent - top.indent);
    } else {
      newIndent = indent + shiftFor(indent);
    }
    const text = indent + m[2].length + Math.max(1, m[3].length);
    const introduces = /:[\s*_]*$/.test(line);
    stack.push({ indent, newIndent, text, newText: newIndent + (text - indent), introduces });
    if (newIndent !== indent) {
      lines[i] = " ".repeat(newIndent - indent) + line;
      changed = true;
    }
  }
  return changed ? lines.join("\n") : markdown;
}

export interface RenderResult {
  html: string;
  diagnostics: Diagnostic[];
}

/** Text with nothing Markdown would treat specially renders as one escaped paragraph, fast. */
const PLAIN = /^(?![0-9]+[.)])[^\n`*_#>$\\<&[\]!|~=+\-]*$/;

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Render one Markdown field. `file` and `line` (where the field starts in its source) locate
 * math that KaTeX cannot parse: it becomes a diagnostic (rule "math-parse") and a red
 * `katex-error` span, never a throw.
 */
export function renderMarkdown(markdown: string, file: string, line: number): RenderResult {
  if (PLAIN.test(markdown)) {
    return { html: markdown.trim() ? `<p>${escapeHtml(markdown.trim())}</p>` : "", diagnostics: [] };
  }
  const features: Features = {
    math: markdown.includes("$"),
    html: markdown.includes("<"),
    code: /```|~~~|^( {4}|\t)/m.test(markdown),
    remote: markdown.includes("//"),
  };
  const nested = nestShallowLists(markdown);
  const { text, lineMap } = features.math ? promoteDisplayMath(nested) : { text: nested, lineMap: null };
  const vfile = new VFile({ value: text, path: file });
  let html: string;
  try {
    html = String(getProcessor(features).processSync(vfile));
  } catch (error) {
    // The pipeline does not throw on any input we know of; if it ever does, the author gets
    // an error with the place and the students get the escaped text, not a crash.
    return {
      html: `<pre>${escapeHtml(markdown)}</pre>`,
      diagnostics: [
        { file, line, severity: "error", rule: "render", message: `Could not render Markdown: ${(error as Error).message}` },
      ],
    };
  }
  const diagnostics: Diagnostic[] = vfile.messages.map((m) => {
    const source = (m.cause as { message?: string } | undefined)?.message ?? m.reason;
    return {
      file,
      line: line + (lineMap && m.line ? (lineMap[m.line - 1] ?? m.line - 1) : (m.line ?? 1) - 1),
      column: m.column ?? undefined,
      severity: m.ruleId === "parseerror" ? "error" : "warning",
      rule: m.ruleId === "parseerror" ? "math-parse" : (m.ruleId ?? "render"),
      message: m.ruleId === "parseerror" ? `Math does not render with KaTeX: ${source}` : m.reason,
    };
  });
  return { html, diagnostics };
}
