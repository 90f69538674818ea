/**
 * Cleaning step: author TODO notes never reach students, but authors must see them.
 *
 * Removes
 *   - whole `TODO ...` lines (also `TODO: ...`, `- TODO ...`, at any indentation), and
 *   - inline parenthesised notes: "... ||v||$ (TODO can explore these)" -> "... ||v||$".
 * Each removal becomes an info diagnostic (rule "author-todo") at its file:line.
 *
 * Only the upper-case word counts: "a todo list" is prose. Text inside fenced code is left
 * alone (a `# TODO` comment in a code sample is part of the sample). Pure; never throws.
 */
import type { Diagnostic } from "../types";

export interface AuthorTodoResult {
  /** The text without TODO notes. Line count may shrink; blank runs left by a removal collapse. */
  text: string;
  diagnostics: Diagnostic[];
}

const TODO_LINE = /^[ \t]*(?:[-*+][ \t]+)?TODO\b/;

/** True for a line that is wholly an author note ("TODO ...", "- TODO: ..."). */
export function isAuthorTodoLine(line: string): boolean {
  return TODO_LINE.test(line);
}

const FENCE = /^[ \t]*(`{3,}|~{3,})/;

/**
 * @param text      Markdown (LF line endings) whose first line is line `startLine` of `file`.
 * @param file      Content-relative path, for the diagnostics.
 * @param startLine 1-based line of `text`'s first line in `file`.
 * @param startColumn 1-based column of `text`'s first character (when it starts mid-line, e.g. after "1) ").
 */
export function removeAuthorTodos(text: string, file: string, startLine = 1, startColumn = 1): AuthorTodoResult {
  const diagnostics: Diagnostic[] = [];
  const out: string[] = [];
  let fence: string | null = null;
  // After a removed line, skip blank lines if a blank line already precedes the gap, so
  // "para\n\nTODO x\n\npara" becomes "para\n\npara" rather than two blank lines.
  let afterRemoval = false;

  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const lineNo = startLine + i;
    const columnOffset = i === 0 ? startColumn - 1 : 0;

    if (fence !== null) {
      out.push(line);
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    const open = FENCE.exec(line);
    if (open) {
      fence = open[1];
      out.push(line);
      afterRemoval = false;
      continue;
    }

    if (TODO_LINE.test(line)) {
      diagnostics.push(todoDiagnostic(file, lineNo, columnOffset + 1 + line.search(/\S/), line.trim()));
      afterRemoval = true;
      continue;
    }
    if (!line.trim()) {
      const prevBlank = out.length === 0 || !out[out.length - 1].trim();
      if (afterRemoval && prevBlank) continue;
      out.push(line);
      continue;
    }
    afterRemoval = false;
    out.push(removeInlineTodos(line, file, lineNo, columnOffset, diagnostics));
  }
  return { text: out.join("\n"), diagnostics };
}

/** Remove every "(TODO ...)" from one line, balancing nested parentheses. */
function removeInlineTodos(line: string, file: string, lineNo: number, columnOffset: number, diagnostics: Diagnostic[]): string {
  let result = line;
  let from = 0;
  let removed = 0; // characters cut so far, to report columns in the original line
  for (;;) {
    const start = result.indexOf("(TODO", from);
    if (start < 0) break;
    // "(TODOS)" or "(TODOx" is not a note; require a word boundary after TODO.
    if (/\w/.test(result.charAt(start + 5))) {
      from = start + 5;
      continue;
    }
    let depth = 0;
    let end = result.length; // an unclosed note runs to the end of the line
    for (let j = start; j < result.length; j++) {
      if (result[j] === "(") depth++;
      else if (result[j] === ")" && --depth === 0) {
        end = j + 1;
        break;
      }
    }
    const note = result.slice(start, end);
    // Columns are reported against the original line; earlier removals on this line shift `start`.
    diagnostics.push(todoDiagnostic(file, lineNo, columnOffset + start + 1 + removed, note.replace(/^\(|\)$/g, "").trim()));
    // Drop the whitespace before the note too: "x (TODO y)." -> "x.".
    let cut = start;
    while (cut > 0 && (result[cut - 1] === " " || result[cut - 1] === "\t")) cut--;
    removed += end - cut;
    result = result.slice(0, cut) + result.slice(end);
    from = cut;
  }
  return result.replace(/[ \t]+$/, "");
}

function closesFence(line: string, fence: string): boolean {
  const m = /^[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(line);
  return !!m && m[1][0] === fence[0] && m[1].length >= fence.length;
}

function todoDiagnostic(file: string, line: number, column: number, note: string): Diagnostic {
  return {
    file,
    line,
    column,
    severity: "info",
    rule: "author-todo",
    message: `Author note hidden from students: ${note}`,
  };
}
