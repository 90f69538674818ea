/**
 * Cleaning step: chat chatter never reaches students. A pasted chat export carries, between its
 * Q&A blocks, turn markers ("You asked:", "ChatGPT said:", "💡 **Gemini Replied:**"), batch
 * headers ("Expanded Q&A (1–20)"), batch closers ("✅ That's 41–60 expanded."), offers ("Want me
 * to push 121–140?"), the user's replies ("yes", "march on") and the assistant's small talk
 * ("Perfect ✅ marching on…"), and sometimes a whole unrelated conversation at the end ("how do
 * i load this to a docx").
 *
 * Rule: a line that opens chatter starts a block that runs to the next content start (a `Q:`
 * line, numbered or not, or a Markdown heading) or to the end of the file. Everything between a
 * batch closer and the next question is talk about the batch, never part of an answer, so the
 * user's free-form replies go without needing a pattern of their own. Each removed block is one
 * info diagnostic (rule "chat-chatter") at its first line. Code fences are never chatter. Pure.
 */
import type { Diagnostic } from "../types";
import { codeFenceMask, type SourceLine } from "./source-lines";

export interface ChatterOptions {
  /** Where content resumes after chatter. Default: a `Q:` line (`12. Q: ...`) or a heading. */
  isContentStart?: (text: string) => boolean;
}

export interface ChatterBlock {
  /** 1-based source lines, inclusive. */
  start: number;
  end: number;
  /** The removed non-blank lines. */
  text: string[];
}

export interface ChatterResult {
  lines: SourceLine[];
  blocks: ChatterBlock[];
  diagnostics: Diagnostic[];
}

const EMOJI_PREFIX = String.raw`(?:[\p{Extended_Pictographic}\u2726\u2728\u2705\u{1F449}\uFE0F\u200D]+\s*)?`;
/** "You asked:", "You said:", "ChatGPT said:", "💡 **Gemini Replied:**", "✦ Gemini Replied:". */
const TURN_MARKER = new RegExp(
  String.raw`^\s*${EMOJI_PREFIX}(?:\*\*)?(?:you|user|me|chatgpt|gpt-?[\w.]*|gemini|claude|assistant|copilot|bard|bing|llama|mistral|ai)\s+(?:asked|said|wrote|replied|answered|responded)\s*:?\s*(?:\*\*)?\s*:?\s*$`,
  "iu",
);
/** "Expanded Q&A (1–20)", "Q&A (21-40)". */
const BATCH_HEADER = /^\s*(?:#{1,6}\s*)?(?:expanded\s+)?q\s*&\s*a\s*\(\s*\d+\s*[–—-]\s*\d+\s*\)\s*:?\s*$/i;
/** "✅ That's 41–60 expanded.", "👉 That's the first 20 questions expanded." */
const BATCH_CLOSER = new RegExp(String.raw`^\s*${EMOJI_PREFIX}that['’]s\s+(?:the\s+)?(?:first|next|last|all|\d).*\b(?:done|complete|completed|expanded|covered|finished)\b`, "iu");
/** "Want me to push 181–200 right now?", "Do you want me to continue…?", "Would you like me to…?" */
const OFFER = /^\s*(?:want me to|do you want me to|would you like me to|shall i|should i (?:continue|keep|go on))\b.*\?\s*$/i;
/** "Perfect ✅ marching on…", "Great 👍 — let's continue…", "Got it 🚀 — I'll…" */
const SMALL_TALK = /^\s*(?:perfect|great|awesome|alright|excellent|got it|sure|of course|okay|ok)\b[!,.]?\s*(?:\p{Extended_Pictographic}|✅|—|–|let['’]s\b|here['’]s\b|here are\b|marching\b|i['’]ll\b|we['’]ll\b)/iu;

/** Default content start: a `Q:` line, possibly numbered or bold, or a Markdown heading. */
export function isQuestionOrHeading(text: string): boolean {
  return /^\s*(?:\*\*)?(?:\d+\s*[.)]\s*)?(?:\*\*)?Q\s*\d*\s*[:.)]/.test(text) || /^\s{0,3}#{1,6}\s+\S/.test(text);
}

/** True for a line that opens chat chatter (see the file comment). */
export function isChatterOpener(text: string): boolean {
  return TURN_MARKER.test(text) || BATCH_HEADER.test(text) || BATCH_CLOSER.test(text) || OFFER.test(text) || SMALL_TALK.test(text);
}

export function removeChatChatter(lines: SourceLine[], file: string, opts: ChatterOptions = {}): ChatterResult {
  const isContentStart = opts.isContentStart ?? isQuestionOrHeading;
  const inCode = codeFenceMask(lines);
  const kept: SourceLine[] = [];
  const blocks: ChatterBlock[] = [];
  let current: ChatterBlock | null = null;

  for (let i = 0; i < lines.length; i++) {
    const { text, line } = lines[i];
    if (current) {
      if (!inCode[i] && isContentStart(text)) {
        blocks.push(current);
        current = null;
      } else {
        current.end = line;
        if (text.trim()) current.text.push(text.trim());
        continue;
      }
    }
    if (!inCode[i] && !isContentStart(text) && isChatterOpener(text)) {
      current = { start: line, end: line, text: [text.trim()] };
      continue;
    }
    kept.push(lines[i]);
  }
  if (current) blocks.push(current);

  const diagnostics: Diagnostic[] = blocks.map((b) => ({
    file,
    line: b.start,
    severity: "info",
    rule: "chat-chatter",
    message: `chat chatter removed (lines ${b.start}–${b.end}): ${excerpt(b.text)}`,
  }));
  return { lines: kept, blocks, diagnostics };
}

function excerpt(text: string[]): string {
  const first = text.slice(0, 2).join(" / ");
  const s = first.length > 100 ? `${first.slice(0, 97)}…` : first;
  return text.length > 2 ? `"${s}" and ${text.length - 2} more line(s)` : `"${s}"`;
}
