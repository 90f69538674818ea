/**
 * Dialect "obsidian-sr": notes from an Obsidian vault that uses the spaced-repetition plugin.
 * Cards sit among lecture notes; each paragraph is read for whichever syntax it carries:
 *
 *     #flashcards/ml/rnn                      deck ["ml", "rnn"] for the cards after it
 *     What does BPTT stand for::Backpropagation through time
 *     Encoder:::Decoder                       both directions, as two sibling cards
 *     Why do RNN gradients vanish?            multi-line card: question lines, `?`, answer lines
 *     ?
 *     Repeated multiplication by W_hh ...
 *     <!--SR:!2026-11-02,4,270-->             the plugin's schedule: removed, never shown
 *     An LSTM has ==three== gates.            highlight (or {{c1::…}}) → cloze cards
 *
 * `??` is the two-way multi-line separator. A paragraph with none of these is lecture text and
 * not a card. The plugin's `<!--SR:…-->` comments and `sr-*` front matter hold its own schedule;
 * Attend schedules with FSRS from its own review log, so they are dropped, not imported.
 * A tag on a card's own line decks that card only; a tag on a line by itself decks the cards after
 * it; cards before the first tag take the file's first tag (the plugin decks a note by its tag).
 */
import type { CardItem, Diagnostic, Dialect, ParseResult } from "../types";
import { newCard } from "../types";
import { deckTitleFromFile, joinBlock, normalizeNewlines } from "../text";
import { FENCE, HEADING, splitBlocks } from "../blocks";
import { cardsFromClozeNote } from "./cloze";
import { hasCloze } from "../cloze";

const SR_COMMENT = /<!--\s*SR:[^>]*?-->/g;
const DECK_TAG = /(^|\s)#flashcards((?:\/[\w-]+)*)\b/g;
const LIST_MARK = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+/;

export const obsidianDialect: Dialect = {
  name: "obsidian-sr",
  detect: detectObsidian,
  parse: parseObsidian,
};

/** Masks code spans, clozes and URLs so `::` inside them is not a card separator. */
function maskInline(line: string): string {
  return line
    // Bounded lengths: an unclosed `{{c1::` or backtick must not make every later one rescan the line.
    .replace(/(`+)[^`\n]{0,2000}?\1/g, (m) => " ".repeat(m.length))
    .replace(/\{\{c\d+::[^}\n]{0,2000}\}\}/g, (m) => " ".repeat(m.length));
}

/** Offset of the separator (`:::` first, then `::`) in a one-line card, and its length. */
function inlineSeparator(line: string): { at: number; len: number } | null {
  // `Q: What is std::vector?` is another dialect's card with C++ in it, not `Q::A`.
  if (/^[ \t]*(?:\d+[.)][ \t]*)?(?:\*\*)?[QA]:(?!:)/.test(line)) return null;
  const masked = maskInline(line);
  const three = masked.indexOf(":::");
  if (three > 0) return { at: three, len: 3 };
  const two = masked.indexOf("::");
  if (two > 0 && masked[two + 2] !== ":" && masked.slice(two + 2).trim()) return { at: two, len: 2 };
  return null;
}

export function detectObsidian(raw: string): number {
  const text = normalizeNewlines(raw);
  let inline = 0;
  let separators = 0;
  let fence = false;
  for (const line of text.split("\n")) {
    if (FENCE.test(line)) fence = !fence;
    if (fence) continue;
    if (/^\?\??[ \t]*$/.test(line)) separators++;
    else if (inlineSeparator(line.replace(LIST_MARK, ""))) inline++;
  }
  const tagged = /(^|\s)#flashcards\b/.test(text);
  const srComments = /<!--\s*SR:/.test(text);
  if (tagged && (inline || separators || hasCloze(text))) return 0.97;
  if (srComments && (inline || separators)) return 0.95;
  if (inline + separators >= 2) return 0.85;
  if (inline + separators === 1) return 0.6;
  return tagged ? 0.5 : 0;
}

export function parseObsidian(raw: string, file: string): ParseResult {
  const lines = normalizeNewlines(raw).split("\n").map((l) => l.replace(SR_COMMENT, "").replace(/[ \t]+$/, ""));
  const root = deckTitleFromFile(file);
  const items: CardItem[] = [];
  const diagnostics: Diagnostic[] = [];
  const deckOf = (tag: string) => (tag ? tag.slice(1).split("/") : [root]);
  let fileDeck: string[] | null = null;
  for (const l of lines) {
    const m = /(?:^|\s)#flashcards((?:\/[\w-]+)*)\b/.exec(l);
    if (m) {
      fileDeck = deckOf(m[1]);
      break;
    }
  }
  let deck = fileDeck ?? [root];
  let proseBlocks = 0;
  let firstProse = 0;

  /** Tags on a line: the line without them, and the deck its last tag names (or null). */
  const takeTags = (line: string): { text: string; deck: string[] | null } => {
    let found: string[] | null = null;
    const text = line.replace(DECK_TAG, (_m, space: string, path: string) => {
      found = deckOf(path);
      return space;
    });
    return { text: text.replace(/[ \t]+$/, ""), deck: found };
  };

  const card = (question: string, answer: string, line: number, cardDeck: string[], group: string | null) =>
    newCard({ deck: cardDeck, question: question.trim(), answer: answer.trim() || null, source: { file, line }, group });

  for (const block of splitBlocks(lines)) {
    if (FENCE.test(block.lines[0])) {
      if (!proseBlocks++) firstProse = block.line;
      continue;
    }
    // Tag-only lines and headings re-deck what follows (a heading's own tag included); neither is
    // card text.
    const body: { text: string; line: number; deck: string[] | null }[] = [];
    block.lines.forEach((raw, i) => {
      const t = takeTags(raw);
      const heading = HEADING.test(t.text);
      if ((!t.text.trim() || heading) && t.deck) deck = t.deck;
      else if (!heading) body.push({ text: t.text, line: block.line + i, deck: t.deck });
    });
    if (!body.some((b) => b.text.trim())) continue;
    const blockDeck = body.find((b) => b.deck)?.deck ?? deck;

    const sep = body.findIndex((b) => /^\?\??$/.test(b.text.trim()));
    if (sep > 0) {
      const question = joinBlock(body.slice(0, sep).map((b) => b.text));
      const answer = joinBlock(body.slice(sep + 1).map((b) => b.text));
      const line = body[0].line;
      if (!answer) diagnostics.push({ file, line: body[sep].line, severity: "warning", rule: "obsidian-empty-answer", message: "Nothing after the `?` separator; kept as an open card." });
      if (body[sep].text.trim() === "??") {
        const group = `${file}:${line}:reversed`;
        items.push(card(question, answer, line, blockDeck, group));
        if (answer) items.push(card(answer, question, body[sep + 1].line, blockDeck, group));
      } else items.push(card(question, answer, line, blockDeck, null));
      continue;
    }

    let inlineCards = 0;
    let fence = false;
    for (const b of body) {
      if (FENCE.test(b.text)) fence = !fence;
      if (fence) continue;
      const text = b.text.replace(LIST_MARK, "");
      const s = inlineSeparator(text);
      if (!s) continue;
      const q = text.slice(0, s.at);
      const a = text.slice(s.at + s.len);
      const cardDeck = b.deck ?? deck;
      inlineCards++;
      if (s.len === 3) {
        const group = `${file}:${b.line}:reversed`;
        items.push(card(q, a, b.line, cardDeck, group), card(a, q, b.line, cardDeck, group));
      } else items.push(card(q, a, b.line, cardDeck, null));
    }
    if (inlineCards) continue;

    const text = joinBlock(body.map((b) => b.text));
    const clozes = cardsFromClozeNote(text, blockDeck, file, body[0].line);
    if (clozes.length) items.push(...clozes);
    else if (!proseBlocks++) firstProse = body[0].line;
  }
  if (proseBlocks) {
    diagnostics.push({
      file,
      line: firstProse || 1,
      severity: "info",
      rule: "obsidian-notes",
      message: `${proseBlocks} paragraph(s) of notes hold no card (no \`::\`, \`?\` or cloze) and are not shown in review.`,
    });
  }
  return { items, diagnostics };
}
