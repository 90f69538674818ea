/**
 * Dialect "cloze": notes written as cloze deletions, Anki's or Obsidian's highlight kind.
 *
 *     # Attention
 *     Scores are divided by {{c1::$\sqrt{d_k}$::a scale}} so the {{c2::softmax}} does not saturate.
 *
 *     The causal mask sets future scores to ==$-\infty$== before the softmax.
 *
 * Each paragraph (or list item) with clozes is one note: one card per cloze number, siblings of
 * each other (see lib/content/cloze.ts for what the cards look like). Headings nest sub-decks.
 * Paragraphs without a cloze are the author's notes, not cards; one info says so.
 */
import type { CardItem, Diagnostic, Dialect, ParseResult } from "../types";
import { newCard } from "../types";
import { deckTitleFromFile, normalizeNewlines, slugify } from "../text";
import { HEADING, HeadingStack, splitBlocks, type Block } from "../blocks";
import { clozeCards, findClozes, suffixExplicitId } from "../cloze";

const LIST_ITEM = /^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+/;

export const clozeDialect: Dialect = {
  name: "cloze",
  detect: detectCloze,
  parse: parseCloze,
};

/** Anki clozes are unmistakable; highlights only count when most paragraphs carry one. */
export function detectCloze(raw: string): number {
  const blocks = splitBlocks(normalizeNewlines(raw).split("\n")).filter((b) => !HEADING.test(b.lines[0]) || b.lines.length > 1);
  if (!blocks.length) return 0;
  let anki = 0;
  let highlight = 0;
  for (const b of blocks) {
    const text = b.lines.join("\n");
    const spans = findClozes(text);
    if (spans.some((s) => text.startsWith("{{c", s.start))) anki++;
    else if (spans.length) highlight++;
  }
  if (anki > 0) return Math.min(0.9, 0.6 + (0.3 * (anki + highlight)) / blocks.length);
  return highlight >= 2 ? (0.6 * highlight) / blocks.length : 0;
}

/** A note is a paragraph, or each item of a list paragraph. */
function notesOf(block: Block): Block[] {
  if (!LIST_ITEM.test(block.lines[0])) return [block];
  const notes: Block[] = [];
  block.lines.forEach((text, i) => {
    if (LIST_ITEM.test(text) || !notes.length) notes.push({ line: block.line + i, lines: [text.replace(LIST_ITEM, "")] });
    else notes[notes.length - 1].lines.push(text.replace(/^[ \t]{1,4}/, ""));
  });
  return notes;
}

/** Cards of one cloze note, siblings in one group; shared by the Obsidian and Anki dialects. */
export function cardsFromClozeNote(text: string, deck: string[], file: string, line: number, tags: string[] = []): CardItem[] {
  const group = `${file}:${line}:cloze`;
  return clozeCards(text).map((c) =>
    newCard({
      deck,
      question: suffixExplicitId(c.question, c.number),
      answer: suffixExplicitId(c.answer, c.number),
      source: { file, line },
      tags: [...tags],
      group,
    }),
  );
}

export function parseCloze(raw: string, file: string): ParseResult {
  const lines = normalizeNewlines(raw).split("\n");
  let root = deckTitleFromFile(file);
  const headings = new HeadingStack();
  const items: CardItem[] = [];
  const diagnostics: Diagnostic[] = [];
  let notesWithout = 0;
  let firstWithout = 0;
  for (const block of splitBlocks(lines)) {
    // Headings may open a block whose next lines are already a note.
    let body = block;
    let h: RegExpExecArray | null;
    while (body.lines.length && (h = HEADING.exec(body.lines[0]))) {
      // The first H1 before any card titles the file: it names the root deck, as in the outline.
      if (h[1].length === 1 && !items.length && !headings.depth && root === deckTitleFromFile(file)) root = h[2];
      else headings.push(h[1].length, h[2]);
      body = { line: body.line + 1, lines: body.lines.slice(1) };
    }
    if (!body.lines.length) continue;
    const sub = headings.titles();
    for (const note of notesOf(body)) {
      const text = note.lines.join("\n").trim();
      const cards = cardsFromClozeNote(text, [root, ...sub], file, note.line, sub.length ? [slugify(sub[sub.length - 1])] : []);
      if (!cards.length) {
        if (!notesWithout++) firstWithout = note.line;
        continue;
      }
      items.push(...cards);
    }
  }
  if (notesWithout) {
    diagnostics.push({
      file,
      line: firstWithout,
      severity: "info",
      rule: "cloze-plain-text",
      message: `${notesWithout} paragraph(s) without a cloze are notes, not cards (first here).`,
    });
  }
  return { items, diagnostics };
}
