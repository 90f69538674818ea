/**
 * The "outline" dialect (seed 003, content/transformers-review-outline.md): a heading outline
 * whose sections hold `N)` questions, each optionally followed by an indented answer.
 *
 *     # Transformers                      <- first H1, before any question: the file's title (root deck)
 *     # Background                        <- later H1s are top-level sections under that title
 *     ## Math Foundations
 *     #### Vector Knowledge
 *     1) What is the dot product?         <- question (indent 0-3 columns)
 *        - a = [1, 2]                     <- lines attached to it (no blank line): part of the question,
 *                                            e.g. the data of a practice problem
 *
 *         The dot product ...             <- after a blank line, up to the next question or heading:
 *         TODO explain more                  the answer (author TODOs removed and reported)
 *
 * Why the first H1 is a title and not a sibling of the other H1s: the seed opens with
 * "# Transformers" plus a one-line description, then uses "# Background", "# Practice Problems",
 * ... as its top-level sections, and issue 2 wants decks such as
 * ["Transformers", "Background", "Math Foundations", ...]. A file without such a title gets its
 * root deck from the file name (deckTitleFromFile).
 *
 * Pure and total: malformed input becomes diagnostics, never an exception.
 */
import type { CardItem, Diagnostic, Dialect, ParseResult } from "../types";
import { newCard } from "../types";
import { deckTitleFromFile, dedent, joinBlock, normalizeNewlines, slugify } from "../text";
import { isAuthorTodoLine, removeAuthorTodos } from "../clean/author-todos";

/** `1) What is ...`; the indentation is checked separately (tabs count 4 columns, as in dedent). */
const QUESTION = /^[ \t]*(\d{1,4})\)[ \t]+(\S.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const FENCE = /^[ \t]*(`{3,}|~{3,})/;
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S/;
const EXPLICIT_ID = /^[ \t]*<!--[ \t]*id:[ \t]*([\w.:/-]+)[ \t]*-->[ \t]*$/;
/** `<details>` summaries that only say "this is the answer": dropped when the block is unwrapped. */
const GENERIC_SUMMARY = /^(?:answer|solution|show(?: the)? answer|reveal|click to (?:expand|reveal|show))?[\s:.!]*$/i;

export const outlineDialect: Dialect = {
  name: "outline",
  detect: detectOutline,
  parse: parseOutline,
};

/**
 * Confidence that `text` is an outline: many `N)` question lines (at most 3 columns in),
 * headings, indented answers; lowered by other dialects' markers (`Q:`/`A:` lines,
 * `### N. Title` test sections, chat turn markers).
 */
export function detectOutline(text: string): number {
  try {
    const lines = normalizeNewlines(text).split("\n");
    let questions = 0;
    let headings = 0;
    let indented = 0;
    let foreign = 0;
    for (const line of lines) {
      if (isQuestionLine(line)) questions++;
      else if (HEADING.test(line)) {
        headings++;
        if (/^ {0,3}#{1,6}[ \t]+\d+\.[ \t]/.test(line)) foreign++; // "### 3. Title": a comprehension test
      } else if (/^(?: {4}|\t)[ \t]*\S/.test(line)) indented++;
      if (/^[ \t]*(?:\d+[.)][ \t]*)?(?:Q|A)[:：]/.test(line)) foreign++; // "Q: ..." / "12. Q: ..."
      if (/^[ \t]*(?:You asked|ChatGPT said|You said)[ \t]*:/i.test(line)) foreign += 3;
    }
    if (questions === 0) return 0;
    let score = 0.5 * Math.min(1, questions / 5) + (headings > 0 ? 0.3 : 0) + (indented > 0 ? 0.15 : 0);
    // A one-line prompt list may hold a single "1) ..." at its start; one line is not an outline.
    if (lines.filter((l) => l.trim()).length < 2) score = Math.min(score, 0.1);
    if (foreign > 0) score *= questions / (questions + 2 * foreign);
    return Math.max(0, Math.min(1, score));
  } catch {
    return 0;
  }
}

export function parseOutline(text: string, file: string): ParseResult {
  try {
    return new OutlineParser(normalizeNewlines(String(text ?? "")), file).run();
  } catch (err) {
    // Defensive only: the parser is written not to throw. Keep authors informed if it ever does.
    return {
      items: [],
      diagnostics: [
        { file, line: 1, severity: "error", rule: "outline-internal", message: `Outline parser failed: ${String(err)}` },
      ],
    };
  }
}

interface OpenQuestion {
  /** 0-based index of the question line. */
  index: number;
  indent: number;
  number: number;
  text: string;
  /** 1-based column where `text` starts on the question line. */
  column: number;
  /** Index of the first answer line (the blank line or `<details>` that ends the attached lines); null while still attached. */
  bodyStart: number | null;
  deck: string[];
  tags: string[];
}

class OutlineParser {
  private readonly lines: string[];
  private readonly items: CardItem[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  /** Section headings by level (index 0 = H1); the title H1 is kept apart. */
  private readonly headings: (string | undefined)[] = [];
  private title: string | null = null;
  private sawHeadingOrQuestion = false;
  private question: OpenQuestion | null = null;
  /** Start of text outside any question (intros), reported so nothing vanishes silently. */
  private proseStart: number | null = null;
  private lastNumber: number | null = null;

  constructor(
    text: string,
    private readonly file: string,
  ) {
    this.lines = text.split("\n");
  }

  run(): ParseResult {
    let fence: string | null = null;
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i];
      if (fence !== null) {
        if (closesFence(line, fence)) fence = null;
        continue; // fenced lines belong to whatever block is open
      }
      const heading = HEADING.exec(line);
      if (heading) {
        this.closeBlock(i);
        this.onHeading(heading[1].length, cleanHeading(heading[2] ?? ""));
      } else if (isQuestionLine(line) && this.startsNewQuestion(line)) {
        this.closeBlock(i);
        const m = QUESTION.exec(line)!;
        this.openQuestion(i, indentOf(line), Number(m[1]), m[2], line.length - m[2].length + 1);
      } else if (this.question) {
        if (this.question.bodyStart === null && (!line.trim() || /^[ \t]*<details\b/i.test(line))) {
          this.question.bodyStart = i;
        }
      } else if (this.proseStart === null && line.trim()) {
        this.proseStart = i;
      }
      const open = FENCE.exec(line);
      if (open) fence = open[1];
    }
    this.closeBlock(this.lines.length);
    return { items: this.items, diagnostics: this.diagnostics };
  }

  /** A numbered line nested under the open question (2+ columns deeper) is answer content, e.g. a `1)` list in a 2-space-indented answer. */
  private startsNewQuestion(line: string): boolean {
    return !this.question || indentOf(line) <= this.question.indent + 1;
  }

  private onHeading(level: number, title: string): void {
    if (level === 1 && this.title === null && !this.sawHeadingOrQuestion && title) {
      this.title = title;
    } else {
      this.headings.length = level; // drop deeper headings of the previous section
      this.headings[level - 1] = title || undefined;
    }
    this.sawHeadingOrQuestion = true;
    this.lastNumber = null;
  }

  private openQuestion(index: number, indent: number, number: number, text: string, column: number): void {
    if (this.lastNumber !== null && number <= this.lastNumber) {
      this.diagnose(index, "info", "outline-numbering", `Question ${number}) follows ${this.lastNumber}) in the same section; read as a separate question.`);
    }
    this.lastNumber = number;
    this.sawHeadingOrQuestion = true;
    const sections = this.headings.filter((h): h is string => !!h);
    const deck = [this.title ?? deckTitleFromFile(this.file), ...sections];
    const nearest = sections.length ? sections[sections.length - 1] : this.title;
    const tag = nearest ? slugify(nearest) : "";
    this.question = { index, indent, number, text, column, bodyStart: null, deck, tags: tag ? [tag] : [] };
  }

  /** Close the open question or prose run at line index `end` (exclusive). */
  private closeBlock(end: number): void {
    if (this.question) {
      this.emitCard(this.question, end);
      this.question = null;
    }
    if (this.proseStart !== null) {
      this.reportProse(this.proseStart, end);
      this.proseStart = null;
    }
  }

  private emitCard(q: OpenQuestion, end: number): void {
    const bodyStart = q.bodyStart ?? end;

    // Question: its own line plus the lines attached to it (a practice problem's data).
    const questionRaw = [q.text, ...this.lines.slice(q.index + 1, bodyStart)];
    const questionClean = removeAuthorTodos(questionRaw.join("\n"), this.file, q.index + 1, q.column);
    this.diagnostics.push(...questionClean.diagnostics);
    const [first = "", ...attached] = questionClean.text.split("\n");
    const questionLines = [first, ...withBlankBeforeList(dedent(attached))];

    // Answer: everything after the attached lines, up to the next question or heading.
    const bodyRaw = this.lines.slice(bodyStart, end);
    this.checkAnswerIndentation(q, bodyStart, bodyRaw);
    const bodyClean = removeAuthorTodos(bodyRaw.join("\n"), this.file, bodyStart + 1);
    this.diagnostics.push(...bodyClean.diagnostics);
    let answerLines = dedent(bodyClean.text.split("\n"));

    // "Walk through one step:" followed, after a blank line, by a bare list: that list is the
    // problem's data, not its answer.
    if (/:\s*$/.test(joinBlock(questionLines))) {
      const data = leadingList(answerLines);
      if (data) {
        questionLines.push("", ...dedent(data.list));
        answerLines = dedent(data.rest);
      }
    }

    let explicitId: string | null = null;
    const takeId = (lines: string[]) =>
      lines.filter((l) => {
        const m = EXPLICIT_ID.exec(l);
        if (m) explicitId = m[1];
        return !m;
      });
    const question = joinBlock(takeId(questionLines));
    const answerText = joinBlock(takeId(answerLines));

    if (!question) {
      if (answerText) this.diagnose(q.index, "warning", "outline-empty-question", "Question has no text once author notes are removed; its answer is not shown to students.");
      return;
    }
    const answer = answerText ? this.unwrapDetails(answerText, bodyStart) : null;
    const source = { file: this.file, line: q.index + 1 };
    this.items.push(newCard({ deck: q.deck, question, answer: answer || null, source, tags: q.tags, explicitId }));
  }

  /**
   * An answer that is one `<details><summary>Answer</summary> ... </details>` block becomes
   * its inner Markdown: the card's answer side is already hidden until the learner reveals
   * it, and Markdown inside an HTML block would not render. A summary that says more than
   * "Answer" (e.g. "Proof sketch") is meaningful, so such a block is kept whole.
   */
  private unwrapDetails(answer: string, bodyStart: number): string {
    if (!/^<details\b/i.test(answer)) return answer;
    const m = /^<details\b[^>]*>\s*(?:<summary\b[^>]*>([\s\S]*?)<\/summary>)?([\s\S]*)<\/details>\s*$/i.exec(answer);
    if (!m) {
      if (!/<\/details>/i.test(answer)) {
        this.diagnose(bodyStart, "warning", "outline-details", "<details> block is not closed; its text is kept as the answer.");
      }
      return answer;
    }
    const summary = (m[1] ?? "").replace(/<[^>]*>/g, "").trim();
    if (!GENERIC_SUMMARY.test(summary)) return answer;
    const inner = joinBlock(dedent(m[2].split("\n")));
    if (!inner) this.diagnose(bodyStart, "warning", "outline-details", "<details> answer is empty.");
    return inner;
  }

  /** Answer text at or left of the question's own indentation (e.g. a column-0 paragraph) is still read as the answer, with a warning. */
  private checkAnswerIndentation(q: OpenQuestion, bodyStart: number, body: string[]): void {
    let fence: string | null = null;
    for (let k = 0; k < body.length; k++) {
      const line = body[k];
      if (fence !== null) {
        if (closesFence(line, fence)) fence = null;
        continue;
      }
      const open = FENCE.exec(line);
      if (open) fence = open[1];
      if (!line.trim() || isAuthorTodoLine(line) || indentOf(line) > q.indent) continue;
      this.diagnose(bodyStart + k, "warning", "outline-unindented-answer", `Text under question ${q.number}) is not indented; read as its answer. Indent it to make that explicit.`);
      return;
    }
  }

  /** Text outside any question is not shown to students; say so, once per run. TODOs in it are reported too. */
  private reportProse(start: number, end: number): void {
    const raw = this.lines.slice(start, end);
    this.diagnostics.push(...removeAuthorTodos(raw.join("\n"), this.file, start + 1).diagnostics);
    const k = raw.findIndex((l) => l.trim() && !isAuthorTodoLine(l));
    if (k >= 0) {
      const preview = raw[k].trim().slice(0, 60);
      this.diagnose(start + k, "info", "outline-unused-text", `Text outside any question is not shown to students: "${preview}${raw[k].trim().length > 60 ? "…" : ""}"`);
    }
  }

  private diagnose(index: number, severity: Diagnostic["severity"], rule: string, message: string): void {
    this.diagnostics.push({ file: this.file, line: index + 1, severity, rule, message });
  }
}

function isQuestionLine(line: string): boolean {
  return QUESTION.test(line) && indentOf(line) < 4;
}

/** Leading whitespace width; a tab counts 4 columns, as in `dedent`. */
function indentOf(line: string): number {
  let width = 0;
  for (const ch of line) {
    if (ch === " ") width++;
    else if (ch === "\t") width += 4;
    else break;
  }
  return width;
}

/** "## Title ##" -> "Title". */
function cleanHeading(text: string): string {
  return text.replace(/(?:^|[ \t]+)#+[ \t]*$/, "").trim();
}

function closesFence(line: string, fence: string): boolean {
  const m = /^[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(line);
  return !!m && m[1][0] === fence[0] && m[1].length >= fence.length;
}

/** An ordered list can't interrupt a paragraph in CommonMark; a blank line keeps attached data a list. */
function withBlankBeforeList(lines: string[]): string[] {
  const k = lines.findIndex((l) => l.trim());
  return k >= 0 && LIST_ITEM.test(lines[k]) ? ["", ...lines] : lines;
}

/** If `lines` open (after blanks) with a list block ending at a blank line or the end, split it off. */
function leadingList(lines: string[]): { list: string[]; rest: string[] } | null {
  let k = 0;
  while (k < lines.length && !lines[k].trim()) k++;
  if (k === lines.length || !LIST_ITEM.test(lines[k])) return null;
  const base = indentOf(lines[k]);
  let end = k;
  while (end < lines.length && lines[end].trim()) {
    // every line is an item at the list's level or a continuation nested under one
    if (!LIST_ITEM.test(lines[end]) && indentOf(lines[end]) <= base) return null;
    end++;
  }
  return { list: lines.slice(k, end), rest: lines.slice(end) };
}
