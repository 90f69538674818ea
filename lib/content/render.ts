import { unified, type Processor } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import remarkRehype from "remark-rehype";
import rehypeRaw from "rehype-raw";
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeKatexRaw from "./rehype-katex-raw";
import rehypeHighlight from "rehype-highlight";
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
}

const processors = new Map<string, HtmlProcessor>();

/**
 * The full pipeline is remark-parse → gfm → math → rehype → raw → sanitize → katex → highlight.
 * Skipping the plugins a field cannot need (no `$`, no `<`, no code fence) makes the common case
 * several times faster without changing its output.
 */
function getProcessor(f: Features): HtmlProcessor {
  const key = `${+f.math}${+f.html}${+f.code}`;
  let p = processors.get(key);
  if (!p) {
    const chain = unified().use(remarkParse).use(remarkGfm) as any;
    if (f.math) chain.use(remarkMath);
    chain.use(remarkRehype, { allowDangerousHtml: f.html });
    if (f.html) chain.use(rehypeRaw);
    chain.use(rehypeSanitize, sanitizeSchema);
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
  };
  const { text, lineMap } = features.math ? promoteDisplayMath(markdown) : { text: markdown, lineMap: null };
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
