/**
 * Dialect "chat-export": a chat conversation pasted as Markdown (seed 004). The assistant answers
 * numbered questions in batches:
 *
 *     You asked:                          <- chatter (removed, reported)
 *     Expanded Q&A (1–20)
 *     1. Q: What is a Transformer?
 *     A:
 *     A Transformer is …                  <- one paragraph per line; list markers lost in export
 *     ✅ That's 1–20 done. Want me to …?   <- chatter
 *     …
 *     1. Q: What is a Transformer? A: A Transformer is …   <- a second assistant's copy, inline
 *     - **Core idea:** …                                     Q/A and real Markdown bullets
 *
 * Pipeline (each step a small pure transform): normalise newlines -> remove chat chatter ->
 * split into `N. Q:` items -> per answer: reduce pasted math, tidy export artefacts (empty "-"
 * bullets, "Python" labels above fences, code split into one fence per line) -> cards -> merge
 * duplicate questions (both copies and repeats inside a copy) keeping every other answer as an
 * alternative with its source line. Never throws: anything unexpected becomes a diagnostic.
 */
import type { CardItem, Diagnostic, Dialect, ParseResult } from "../types";
import { newCard } from "../types";
import { deckTitleFromFile, dedent, joinBlock, normalizeNewlines } from "../text";
import { toSourceLines, type SourceLine } from "../clean/source-lines";
import { isChatterOpener, removeChatChatter } from "../clean/chat-chatter";
import { cleanPastedMath } from "../clean/pasted-math";
import { mergeDuplicateCards } from "../merge";

/** `12. Q: text`, `**12.** Q: text`, `Q: text`. Group 1: number (optional), group 2: the rest. */
const ITEM = /^\s*(?:\*\*)?(?:(\d+)\s*[.)]\s*)?(?:\*\*)?\s*Q\s*\d*\s*:\s*(?:\*\*)?\s*(.*)$/;
/** A line that opens the answer: `A:`, `**A:**`, `A: text`. */
const ANSWER_LINE = /^\s*(?:\*\*)?A\s*[:.](?:\*\*)?(?:\s+(.*))?\s*$/;
/** The answer inline after the question: `What is X? A: It is …`. */
const INLINE_ANSWER = /\s(?:\*\*)?A\s*:(?:\*\*)?(?:\s+|$)/;
const TURN_MARKER = /^\s*\S{0,3}\s*(?:\*\*)?(?:you|chatgpt|gemini|claude|assistant|copilot)\s+(?:asked|said|replied|wrote)\s*:?\s*(?:\*\*)?\s*$/im;

export interface ChatExportStats {
  /** Items found (`N. Q:` blocks), before merging. */
  items: number;
  /** Start line of each run of numbering (a copy starts again at 1). */
  copies: { start: number; items: number }[];
  chatterBlocks: number;
  mathGroupsReduced: number;
  merged: number;
}

function isItemStart(text: string): boolean {
  const m = ITEM.exec(text);
  return !!m && (m[1] !== undefined || /^\s*(?:\*\*)?Q\s*:/.test(text)) && m[2].trim().length > 0;
}

export function detectChatExport(text: string): number {
  try {
    const t = normalizeNewlines(text).slice(0, 400_000);
    const lines = t.split("\n");
    let numberedQ = 0;
    let turns = 0;
    let chatter = 0;
    for (const l of lines) {
      if (/^\s*(?:\*\*)?\d+\s*[.)]\s*(?:\*\*)?\s*Q\s*:/.test(l)) numberedQ++;
      else if (TURN_MARKER.test(l)) turns++;
      else if (l.length < 300 && isChatterOpener(l)) chatter++;
    }
    if (turns >= 1 && numberedQ >= 1) return 0.95;
    if (numberedQ >= 3 && chatter >= 2) return 0.85;
    if (turns >= 2) return 0.6;
    if (numberedQ >= 3) return 0.4; // numbered Q: blocks without chat: likely another dialect's file
    return turns + chatter > 0 ? 0.15 : 0.02;
  } catch {
    return 0;
  }
}

interface RawItem {
  number: number | null;
  line: number;
  question: string;
  answerLines: SourceLine[];
}

/** Split chatter-free lines into `Q:` items; lines before the first item are returned apart. */
function splitItems(lines: SourceLine[]): { items: RawItem[]; preamble: SourceLine[] } {
  const items: RawItem[] = [];
  const preamble: SourceLine[] = [];
  let inFence = false;
  let current: { item: RawItem; body: SourceLine[] } | null = null;
  const finish = () => {
    if (!current) return;
    const { item, body } = current;
    const a = body.findIndex((l) => ANSWER_LINE.test(l.text));
    if (a >= 0 && !item.answerLines.length) {
      // Lines between the question and "A:" continue the question.
      const extra = joinBlock(body.slice(0, a).map((l) => l.text));
      if (extra) item.question = `${item.question}\n\n${extra}`;
      const rest = ANSWER_LINE.exec(body[a].text)![1];
      if (rest) item.answerLines.push({ line: body[a].line, text: rest });
      item.answerLines.push(...body.slice(a + 1));
    } else {
      item.answerLines.push(...body);
    }
    items.push(item);
    current = null;
  };
  for (const l of lines) {
    // `A: ```python` opens a fence on the answer line too (issue 12: it swallowed the next card).
    const answerRest = inFence ? undefined : ANSWER_LINE.exec(l.text)?.[1];
    if (/^\s*(`{3,}|~{3,})/.test(l.text) || (answerRest !== undefined && /^(`{3,}|~{3,})/.test(answerRest))) inFence = !inFence;
    const m = !inFence && isItemStart(l.text) ? ITEM.exec(l.text) : null;
    if (m) {
      finish();
      const rest = m[2];
      const inline = INLINE_ANSWER.exec(rest);
      const question = (inline ? rest.slice(0, inline.index) : rest).trim();
      const answerLines: SourceLine[] = [];
      if (inline) {
        const first = rest.slice(inline.index + inline[0].length).trim();
        if (first) answerLines.push({ line: l.line, text: first });
      }
      current = { item: { number: m[1] ? Number(m[1]) : null, line: l.line, question, answerLines }, body: [] };
      continue;
    }
    if (current) current.body.push(l);
    else preamble.push(l);
  }
  finish();
  return { items, preamble };
}

/** Export artefacts that are formatting, not content. */
function tidyAnswer(input: SourceLine[]): SourceLine[] {
  const lines = input.slice();
  const out: SourceLine[] = [];
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const fence = /^\s*(`{3,}|~{3,})\s*(\S*)\s*$/.exec(l.text);
    if (!inFence) {
      // An empty bullet ("-" alone) left where a list item's text moved elsewhere.
      if (/^\s*[-*+]\s*$/.test(l.text)) continue;
      // "Python" on its own line above an unlabelled fence: the code block's language label.
      if (/^\s*(?:python|bash|shell|sh|javascript|typescript|json|yaml|text)\s*$/i.test(l.text)) {
        const next = lines.slice(i + 1).find((n) => n.text.trim());
        if (next && /^\s*(`{3,}|~{3,})\s*$/.test(next.text)) {
          const j = lines.indexOf(next);
          lines[j] = { line: next.line, text: `${next.text.trimEnd()}${l.text.trim().toLowerCase()}` };
          continue;
        }
      }
    }
    if (!inFence && !fence && /^[ \t]+\S/.test(l.text) && !/^\s*(?:[-*+]|\d+[.)])(?:\s|$)/.test(l.text)) {
      // A paragraph indented by the export (odd indentation, not a nested list): 4 spaces would
      // make it a code block, so paragraphs start at the margin.
      const prev = out[out.length - 1];
      if (!prev || !prev.text.trim()) {
        out.push({ line: l.line, text: l.text.trimStart() });
        continue;
      }
    }
    if (fence) {
      if (!inFence) {
        // A fence opening right after a closed unlabelled fence (blank lines between): the
        // export split one code block into one fence per line; put it back together.
        let k = out.length - 1;
        while (k >= 0 && !out[k].text.trim()) k--;
        if (k >= 1 && !fence[2] && /^\s*(`{3,}|~{3,})\s*$/.test(out[k].text) && closesUnlabelledFence(out, k)) {
          out.length = k; // drop the closing fence and the blank lines
          inFence = true;
          continue;
        }
      }
      inFence = !inFence;
    }
    out.push(l);
  }
  return out;
}

/** Whether out[k] closes a fence that was opened without a language label. */
function closesUnlabelledFence(out: SourceLine[], k: number): boolean {
  let open = -1;
  let inside = false;
  for (let i = 0; i <= k; i++) {
    if (/^\s*(`{3,}|~{3,})/.test(out[i].text)) {
      if (!inside) open = i;
      inside = !inside;
    }
  }
  return !inside && open >= 0 && /^\s*(`{3,}|~{3,})\s*$/.test(out[open].text);
}

export interface ChatExportParse extends ParseResult {
  stats: ChatExportStats;
}

export function parseChatExport(text: string, file: string): ChatExportParse {
  const diagnostics: Diagnostic[] = [];
  const stats: ChatExportStats = { items: 0, copies: [], chatterBlocks: 0, mathGroupsReduced: 0, merged: 0 };
  try {
    const deck = [deckTitleFromFile(file)];
    const lines = toSourceLines(normalizeNewlines(text));
    const chatter = removeChatChatter(lines, file, { isContentStart: isItemStart });
    diagnostics.push(...chatter.diagnostics);
    stats.chatterBlocks = chatter.blocks.length;

    const { items, preamble } = splitItems(chatter.lines);
    const stray = preamble.find((l) => l.text.trim());
    if (stray) {
      diagnostics.push({ file, line: stray.line, severity: "warning", rule: "stray-text", message: `text before the first question ignored: "${stray.text.trim().slice(0, 80)}"` });
    }

    const cards: CardItem[] = [];
    let prevNumber = 0;
    for (const item of items) {
      if (item.number !== null) {
        if (!stats.copies.length || item.number <= prevNumber) stats.copies.push({ start: item.line, items: 0 });
        stats.copies[stats.copies.length - 1].items++;
        prevNumber = item.number;
      }
      const math = cleanPastedMath(item.answerLines, file);
      diagnostics.push(...math.diagnostics);
      stats.mathGroupsReduced += math.groups.length;
      // Common indentation is the export's, not Markdown's (4 spaces would turn prose into code).
      const answer = joinBlock(dedent(tidyAnswer(math.lines).map((l) => l.text)));
      const question = item.question.trim();
      if (!question) {
        diagnostics.push({ file, line: item.line, severity: "warning", rule: "empty-question", message: "a Q: line without a question was skipped" });
        continue;
      }
      if (!answer) {
        diagnostics.push({ file, line: item.line, severity: "warning", rule: "no-answer", message: `no answer for "${question.slice(0, 80)}"` });
      }
      cards.push(newCard({ deck, question, answer: answer || null, source: { file, line: item.line } }));
    }
    stats.items = items.length;

    const merged = mergeDuplicateCards(cards, { groupPrefix: "chat-export" });
    diagnostics.push(...merged.diagnostics);
    stats.merged = merged.diagnostics.length;
    return { items: merged.cards.map(preferFormattedAnswer), diagnostics, stats };
  } catch (err) {
    diagnostics.push({ file, line: 1, severity: "error", rule: "parse-failed", message: `chat-export parser failed: ${(err as Error)?.message ?? String(err)}` });
    return { items: [], diagnostics, stats };
  }
}

/** A Markdown list item: the structure the export flattens ("one paragraph per line"). */
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+\S/m;

/**
 * The answer shown first is the one whose Markdown survived: when the first copy's answer lost its
 * list markers in the export and another copy of the question kept them, that one becomes the
 * answer and the first copy's becomes an alternative (with its own source line). Pure.
 */
export function preferFormattedAnswer(card: CardItem): CardItem {
  if (card.answer === null || LIST_ITEM.test(card.answer)) return card;
  const i = card.alternatives.findIndex((a) => LIST_ITEM.test(a.answer));
  if (i < 0) return card;
  const alternatives = card.alternatives.slice();
  const [formatted] = alternatives.splice(i, 1, { answer: card.answer, source: card.source });
  return { ...card, answer: formatted.answer, alternatives };
}

export const chatExportDialect: Dialect = {
  name: "chat-export",
  detect: detectChatExport,
  parse: (text, file) => {
    const { items, diagnostics } = parseChatExport(text, file);
    return { items, diagnostics };
  },
};
