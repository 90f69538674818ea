/**
 * Dialect "anki-text": Anki's "Notes in Plain Text" export (and the same format for import).
 *
 *     #separator:tab
 *     #html:true
 *     #deck column:3
 *     #tags column:4
 *     What is a logit?<tab>The raw score before the softmax.<tab>ML::Basics<tab>softmax basics
 *     "Two<br>lines"<tab>"A field with a ""quote"""<tab>ML<tab>
 *
 * Headers (`#key:value`, before the first note): `separator` (Tab, Comma, Semicolon, Pipe, Space,
 * Colon or the character itself), `html` (fields are HTML: `<br>` and `<div>` become line breaks,
 * the rest is sanitised when rendered), `deck` (one deck for every note), `tags` (tags for every
 * note), and `deck column`, `tags column`, `notetype column`, `guid column` (1-based). The
 * remaining columns are the fields: the first is the front, the second the back. A cloze note
 * (`notetype` naming "Cloze", or `{{c1::…}}` in the front) gives one card per cloze number, with
 * the second field added under each answer. Fields are quoted CSV-style (csv-parse reads them).
 * Without headers, a file whose lines all have the same number of tabs is read the same way.
 */
import { parse as parseCsv } from "csv-parse/sync";
import type { CardItem, Diagnostic, Dialect, ParseResult } from "../types";
import { newCard } from "../types";
import { deckTitleFromFile, normalizeNewlines, slugify } from "../text";
import { cardsFromClozeNote } from "./cloze";
import { hasCloze } from "../cloze";

const HEADER = /^#([a-z][a-z ]*):(.*)$/i;
const SEPARATORS: Record<string, string> = { tab: "\t", comma: ",", semicolon: ";", pipe: "|", space: " ", colon: ":" };

export const ankiTextDialect: Dialect = {
  name: "anki-text",
  detect: detectAnkiText,
  parse: parseAnkiText,
};

export function detectAnkiText(raw: string): number {
  const text = normalizeNewlines(raw);
  if (/^#(?:separator|html|notetype|deck|tags)(?: column)?:/im.test(text.slice(0, 2000)) && /^#separator:|^#html:/im.test(text.slice(0, 2000))) return 0.99;
  const lines = text.split("\n").filter((l) => l.trim()).slice(0, 200);
  if (lines.length < 3) return 0;
  const tabs = lines.map((l) => l.split("\t").length - 1);
  if (tabs.some((t) => t === 0)) return 0;
  return tabs.every((t) => t === tabs[0]) ? 0.8 : 0.4;
}

function htmlToMarkdown(field: string): string {
  return field
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/?div>/gi, "\n")
    .replace(/&nbsp;/g, " ")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function parseAnkiText(raw: string, file: string): ParseResult {
  const text = normalizeNewlines(raw);
  const lines = text.split("\n");
  const diagnostics: Diagnostic[] = [];
  const items: CardItem[] = [];
  const diag = (line: number, severity: Diagnostic["severity"], rule: string, message: string) => diagnostics.push({ file, line, severity, rule, message });

  const headers = new Map<string, string>();
  let bodyStart = 0;
  while (bodyStart < lines.length) {
    const m = HEADER.exec(lines[bodyStart]);
    if (!m) break;
    headers.set(m[1].trim().toLowerCase(), m[2].trim());
    bodyStart++;
  }
  const sepName = headers.get("separator") ?? "tab";
  const delimiter = SEPARATORS[sepName.toLowerCase()] ?? (sepName.length === 1 ? sepName : null);
  if (delimiter === null) {
    diag(1, "error", "anki-separator", `Unknown #separator "${sepName}"; use Tab, Comma, Semicolon, Pipe, Space, Colon or one character.`);
    return { items, diagnostics };
  }
  const html = (headers.get("html") ?? "false").toLowerCase() === "true";
  const column = (key: string) => {
    const v = headers.get(`${key} column`);
    const n = v === undefined ? NaN : Number(v);
    return Number.isInteger(n) && n >= 1 ? n - 1 : -1;
  };
  const deckCol = column("deck");
  const tagsCol = column("tags");
  const typeCol = column("notetype");
  const guidCol = column("guid");
  const special = new Set([deckCol, tagsCol, typeCol, guidCol].filter((c) => c >= 0));
  const fileDeck = headers.get("deck")?.split("::").map((s) => s.trim()).filter(Boolean) ?? [deckTitleFromFile(file)];
  const fileTags = (headers.get("tags") ?? "").split(/\s+/).map((t) => slugify(t)).filter(Boolean);

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(lines.slice(bodyStart).join("\n"), {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const e = error as Error & { lines?: number };
    diag(bodyStart + (e.lines ?? 1), "error", "anki-syntax", `Cannot read the exported notes: ${e.message}`);
    return { items, diagnostics };
  }

  let previousEnd = bodyStart;
  for (const { record, info } of records) {
    // info.lines is the line the record ends on (records may span lines inside quotes).
    const line = previousEnd + 1;
    previousEnd = bodyStart + info.lines;
    const fields = record.filter((_f, i) => !special.has(i)).map((f) => (html ? htmlToMarkdown(f) : f.trim()));
    const deck = deckCol >= 0 && record[deckCol]?.trim() ? record[deckCol].split("::").map((s) => s.trim()).filter(Boolean) : fileDeck;
    const tags = [...fileTags, ...(tagsCol >= 0 ? (record[tagsCol] ?? "").split(/\s+/).map((t) => slugify(t.replace(/::/g, "-"))).filter(Boolean) : [])];
    const front = fields[0] ?? "";
    const back = fields[1] ?? "";
    if (!front.trim()) {
      diag(line, "warning", "anki-empty-front", "A note with an empty first field is skipped.");
      continue;
    }
    const cloze = (typeCol >= 0 && /cloze/i.test(record[typeCol] ?? "")) || hasCloze(front);
    if (cloze) {
      const cards = cardsFromClozeNote(front, deck, file, line, tags);
      if (!cards.length) diag(line, "warning", "anki-cloze-empty", "A cloze note without any {{c1::…}}; skipped.");
      for (const c of cards) if (back.trim()) c.answer = `${c.answer}\n\n${back}`;
      items.push(...cards);
      continue;
    }
    items.push(newCard({ deck, question: front, answer: back.trim() ? back : null, source: { file, line }, tags: [...new Set(tags)] }));
  }
  return { items, diagnostics };
}
