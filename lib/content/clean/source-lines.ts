/**
 * Lines that remember where they came from. Cleaning steps (chat chatter, pasted math) drop and
 * join lines; working on `SourceLine[]` instead of a string keeps every surviving line's original
 * 1-based line number, so cards and diagnostics still point at the author's file:line.
 */

export interface SourceLine {
  /** 1-based line number in the original file. */
  line: number;
  text: string;
}

/** Split LF text into source lines, the first being line `startLine`. */
export function toSourceLines(text: string, startLine = 1): SourceLine[] {
  return text.split("\n").map((t, i) => ({ line: startLine + i, text: t }));
}

export function joinSourceLines(lines: SourceLine[]): string {
  return lines.map((l) => l.text).join("\n");
}

const FENCE = /^[ \t]*(`{3,}|~{3,})/;

/**
 * For each line, whether it belongs to a fenced code block (fence lines included). Code is never
 * "cleaned": a `$` or a "You said:" inside a sample is part of the sample. An unclosed fence runs
 * to the end, as in CommonMark.
 */
export function codeFenceMask(lines: SourceLine[]): boolean[] {
  const mask: boolean[] = new Array(lines.length).fill(false);
  let open: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE.exec(lines[i].text);
    if (open === null) {
      if (m) {
        open = m[1];
        mask[i] = true;
      }
    } else {
      mask[i] = true;
      if (m && m[1][0] === open[0] && m[1].length >= open.length && !lines[i].text.trim().slice(m[1].length).trim()) open = null;
    }
  }
  return mask;
}
