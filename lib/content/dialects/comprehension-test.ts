/**
 * Dialect "comprehension-test": one timed test per file.
 *
 *   ---                          (optional front matter: time_limit_minutes, id, tags)
 *   time_limit_minutes: 45
 *   ---
 *   # Comprehension Test: Building a GPT from Scratch
 *   Intro paragraph(s)           → instructions
 *   ---                          (rules between questions are decoration)
 *   ### 1. Tokenization          → question 1, title "Tokenization" (## to #### accepted, "1." or "1)")
 *   Body                         → prompt (Markdown, parts removed)
 *   - a) First part              → parts [{ label: "a", prompt }]; "a)" without a bullet works too
 *     continued part text        (indented or directly following lines continue the part)
 *   **Rubric:** what a good answer covers
 *                                → rubric: an optional author rubric, from a paragraph opening with
 *                                  "**Rubric:**" / "Rubric:" to the end of the question. Without
 *                                  one, rubric is null (the test has no reference answers).
 *
 * Front matter is read only when the file opens with `---` and the block up to the next `---`
 * holds `key: value` lines; otherwise a leading `---` is a Markdown rule (the seed has many).
 * Never throws: bad YAML, a missing title, an empty question or no questions at all become
 * diagnostics with the line to fix.
 */
import matter from "gray-matter";
import type { Diagnostic, Dialect, ParseResult, TestItem, TestPart, TestQuestion } from "../types";
import { deckTitleFromFile, dedent, joinBlock, normalizeNewlines, slugify } from "../text";

const TITLE = /^#[ \t]+(.+?)[ \t#]*$/;
const QUESTION = /^#{2,4}[ \t]+(\d+)[.)][ \t]+(.+?)[ \t#]*$/;
const OTHER_HEADING = /^#{1,6}[ \t]+\S/;
const PART = /^[ \t]*(?:[-*+][ \t]+)?\(?([a-z])\)[ \t]+(.*)$/;
const RUBRIC = /^[ \t]*(?:\*\*Rubric:?\*\*:?|__Rubric:?__:?|Rubric:)[ \t]*(.*)$/i;
const RULE = /^[ \t]*(?:-[ \t]*){3,}$|^[ \t]*(?:\*[ \t]*){3,}$|^[ \t]*(?:_[ \t]*){3,}$/;
const FENCE = /^[ \t]*(`{3,}|~{3,})/;
const KEY_VALUE = /^[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)/;

export const comprehensionTestDialect: Dialect = {
  name: "comprehension-test",
  detect: detectComprehensionTest,
  parse: parseComprehensionTest,
};

/**
 * High when the file has several numbered question headings (`### 1. Title`). Outlines number
 * their questions in plain lines (`1)`) under unnumbered headings, chat exports have no headings.
 */
export function detectComprehensionTest(raw: string): number {
  const lines = normalizeNewlines(raw).split("\n");
  let numbered = 0;
  let headings = 0;
  let parts = 0;
  let title = false;
  let fence: string | null = null;
  for (const line of lines) {
    const f = FENCE.exec(line);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    if (QUESTION.test(line)) numbered++;
    if (/^#{2,6}[ \t]/.test(line)) headings++;
    if (/^#[ \t]/.test(line) && /\b(test|quiz|exam|comprehension|assessment)\b/i.test(line)) title = true;
    if (/^[ \t]*[-*+][ \t]+[a-z]\)[ \t]/.test(line)) parts++;
  }
  if (numbered < 2) return numbered === 1 && title ? 0.3 : 0;
  return Math.min(1, 0.45 + 0.3 * (numbered / headings) + (title ? 0.15 : 0) + (parts > 0 ? 0.1 : 0));
}

interface Section {
  number: number;
  title: string;
  line: number;
  body: { text: string; line: number }[];
}

export function parseComprehensionTest(raw: string, file: string): ParseResult {
  const text = normalizeNewlines(raw);
  const diagnostics: Diagnostic[] = [];
  const diag = (line: number, severity: Diagnostic["severity"], rule: string, message: string) =>
    diagnostics.push({ file, line, severity, rule, message });

  const fm = readFrontMatter(text, diag);
  const lines = text.split("\n");

  let title: string | null = null;
  let titleLine = 1;
  const intro: string[] = [];
  const sections: Section[] = [];
  let fence: string | null = null;
  for (let i = fm.bodyStart; i < lines.length; i++) {
    const line = lines[i];
    const n = i + 1;
    const current = sections[sections.length - 1];
    const f = FENCE.exec(line);
    if (fence === null && !f) {
      const q = QUESTION.exec(line);
      if (q) {
        sections.push({ number: Number(q[1]), title: q[2], line: n, body: [] });
        continue;
      }
      const t = TITLE.exec(line);
      if (t && title === null && !current) {
        title = t[1];
        titleLine = n;
        continue;
      }
      if (RULE.test(line)) continue; // decoration between questions
      if (OTHER_HEADING.test(line) && current)
        diag(n, "warning", "test-unnumbered-heading", `Heading without a question number; its text stays in question ${current.number}.`);
    }
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
    }
    if (current) current.body.push({ text: line, line: n });
    else intro.push(line);
  }
  if (fence !== null) diag(lines.length, "warning", "unclosed-fence", "A code fence is never closed; it runs to the end of the file.");

  if (title === null) {
    title = typeof fm.data.title === "string" && fm.data.title.trim() ? fm.data.title.trim() : deckTitleFromFile(file);
    // Point at the first body line, or the last line when the file is all front matter.
    diag(Math.min(fm.bodyStart + 1, lines.length), "warning", "test-missing-title", `No "# Title" line; using "${title}".`);
  }
  if (sections.length === 0) diag(titleLine, "error", "test-no-questions", 'No "### N. Title" question headings found.');

  const questions: TestQuestion[] = [];
  const numbers = new Set<number>();
  let expected = 1;
  for (const s of sections) {
    if (numbers.has(s.number)) diag(s.line, "warning", "test-numbering", `Question number ${s.number} is used twice.`);
    else if (s.number !== expected) diag(s.line, "warning", "test-numbering", `Question ${s.number} follows question ${expected - 1}.`);
    numbers.add(s.number);
    expected = s.number + 1;
    const q = readQuestion(s, file, diag);
    if (!q.prompt && q.parts.length === 0) {
      diag(s.line, "error", "test-empty-question", `Question ${s.number} has no text and no parts.`);
      continue;
    }
    questions.push(q);
  }

  const slugSource = typeof fm.data.id === "string" && fm.data.id.trim() ? fm.data.id : title;
  const test: TestItem = {
    kind: "test",
    slug: slugify(slugSource) || slugify(deckTitleFromFile(file)) || "test",
    title,
    instructions: tidyBlock(intro),
    timeLimitMinutes: timeLimit(fm.data, fm.line, diag),
    questions,
    tags: tagsOf(fm.data.tags),
    source: { file, line: titleLine },
  };
  return { items: sections.length || questions.length ? [test] : [], diagnostics };
}

/** Prompt, lettered parts and optional rubric of one question section. */
function readQuestion(s: Section, file: string, diag: (l: number, sev: Diagnostic["severity"], r: string, m: string) => void): TestQuestion {
  const prompt: string[] = [];
  const parts: { label: string; lines: string[]; line: number }[] = [];
  const rubric: string[] = [];
  let inPart = false;
  let inRubric = false;
  let backFromPart = false;
  let fence: string | null = null;
  for (const { text, line } of s.body) {
    const f = FENCE.exec(text);
    const wasInFence = fence !== null;
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
    }
    if (inRubric) {
      rubric.push(text);
      continue;
    }
    if (!wasInFence && !f) {
      const r = RUBRIC.exec(text);
      if (r) {
        inRubric = true;
        rubric.push(r[1]);
        continue;
      }
      const p = PART.exec(text);
      if (p) {
        parts.push({ label: p[1], lines: [p[2]], line });
        inPart = true;
        continue;
      }
      // A part continues on indented or directly following lines; a blank line followed by an
      // unindented paragraph returns to the question body.
      if (inPart && text.trim() && !/^[ \t]/.test(text)) {
        const last = parts[parts.length - 1].lines;
        if (!last[last.length - 1].trim()) {
          inPart = false;
          backFromPart = true;
        }
      }
    }
    if (inPart) parts[parts.length - 1].lines.push(text);
    else {
      // Back from the parts: keep the paragraph break that the parts' blank line carried.
      if (backFromPart && prompt.length && prompt[prompt.length - 1].trim()) prompt.push("");
      backFromPart = false;
      prompt.push(text);
    }
  }

  const testParts: TestPart[] = [];
  parts.forEach((p, i) => {
    const wanted = String.fromCharCode(97 + i);
    if (p.label !== wanted) diag(p.line, "warning", "test-part-order", `Part "${p.label})" where "${wanted})" was expected.`);
    testParts.push({ label: p.label, prompt: joinBlock([p.lines[0], ...dedent(p.lines.slice(1))]) });
  });
  const rubricText = joinBlock([rubric[0] ?? "", ...dedent(rubric.slice(1))]);
  return {
    number: s.number,
    title: s.title,
    prompt: tidyBlock(prompt),
    parts: testParts,
    rubric: rubricText || null,
    source: { file, line: s.line },
  };
}

interface FrontMatter {
  data: Record<string, unknown>;
  /** Index of the first line after the front matter (0 when there is none). */
  bodyStart: number;
  /** 1-based line of the opening `---`. */
  line: number;
}

function readFrontMatter(text: string, diag: (l: number, sev: Diagnostic["severity"], r: string, m: string) => void): FrontMatter {
  const none = { data: {}, bodyStart: 0, line: 1 };
  if (!text.startsWith("---\n")) return none;
  const lines = text.split("\n");
  const end = lines.findIndex((l, i) => i > 0 && /^---[ \t]*$/.test(l));
  if (end < 0) return none;
  const block = lines.slice(1, end);
  if (!block.some((l) => KEY_VALUE.test(l))) return none; // a rule, then prose
  try {
    // Pass options so gray-matter does not cache by content (it keeps every input otherwise).
    const data = matter(`---\n${block.join("\n")}\n---\n`, {}).data;
    if (!data || typeof data !== "object" || Array.isArray(data)) return none;
    return { data: data as Record<string, unknown>, bodyStart: end + 1, line: 1 };
  } catch (e) {
    const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
    diag(1, "error", "front-matter", `Front matter is not valid YAML: ${msg}`);
    return { data: {}, bodyStart: end + 1, line: 1 };
  }
}

/**
 * Trim a block and drop the 1–3 space indent of a paragraph (insignificant in Markdown, so an
 * author's odd indentation does not leak into stored text). Four or more spaces stay: that is code.
 */
function tidyBlock(lines: string[]): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    const indent = Math.min(...paragraph.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
    out.push(...(indent >= 1 && indent <= 3 ? dedent(paragraph) : paragraph));
    paragraph = [];
  };
  for (const line of lines) {
    const f = FENCE.exec(line);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
    }
    if (fence === null && !f && !line.trim()) {
      if (paragraph.length) flush();
      out.push(line);
    } else paragraph.push(line);
  }
  if (paragraph.length) flush();
  return joinBlock(out);
}

/** Minutes from `time_limit_minutes` / `timeLimitMinutes`; null when absent or unusable. */
function timeLimit(data: Record<string, unknown>, line: number, diag: (l: number, sev: Diagnostic["severity"], r: string, m: string) => void): number | null {
  const raw = data.time_limit_minutes ?? data.timeLimitMinutes;
  if (raw === undefined || raw === null || raw === "") return null;
  const minutes = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw.trim()) : NaN;
  if (!Number.isFinite(minutes) || minutes <= 0) {
    diag(line, "warning", "test-time-limit", `time limit "${String(raw)}" is not a positive number of minutes; ignored.`);
    return null;
  }
  return minutes;
}

function tagsOf(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(",") : [];
  return [...new Set(list.map((t) => slugify(String(t))).filter(Boolean))];
}
