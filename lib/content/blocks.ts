/**
 * Paragraph blocks for the note-style dialects (cloze, Obsidian): a block is a run of non-blank
 * lines; a code fence keeps its blank lines inside the block it belongs to, so a card's code
 * sample is never cut in two.
 */

export interface Block {
  /** 1-based line of the block's first line. */
  line: number;
  lines: string[];
}

export const FENCE = /^[ \t]*(`{3,}|~{3,})/;
export const HEADING = /^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$/;

export function splitBlocks(lines: string[], firstLine = 1): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  let fence: string | null = null;
  lines.forEach((text, i) => {
    const f = FENCE.exec(text);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
    }
    if (!text.trim() && fence === null && !f) {
      current = null;
      return;
    }
    if (!current) {
      current = { line: firstLine + i, lines: [] };
      blocks.push(current);
    }
    current.lines.push(text);
  });
  return blocks;
}

/** Heading stack → deck path below the root: a heading pops every heading of its level or deeper. */
export class HeadingStack {
  private stack: { level: number; title: string }[] = [];
  push(level: number, title: string): void {
    while (this.stack.length && this.stack[this.stack.length - 1].level >= level) this.stack.pop();
    this.stack.push({ level, title });
  }
  titles(): string[] {
    return this.stack.map((h) => h.title);
  }
  get depth(): number {
    return this.stack.length;
  }
}
