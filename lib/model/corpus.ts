// The training text: every Markdown file under content/, raw (card text, answers and prompts as authors
// wrote them), CRLF normalised. Pure: the caller reads the files (lib/model/node.ts does it in Node).
import { parseContent, type Item } from "../content";

export interface CorpusFile {
  path: string; // relative to content/, "/" separated
  text: string;
}

/** A run of lines of one file that belongs to one duplicate group (see `duplicateGroups`). */
export interface Segment {
  file: string;
  start: number; // character offset (UTF-16) in the normalised text, inclusive
  end: number; // exclusive
  group: string; // segments with the same group go to the same side of the split
}

export interface Corpus {
  files: CorpusFile[]; // sorted by path, so the hash and the split do not depend on directory order
  train: string;
  val: string;
  split: "duplicate-group";
  groups: { train: number; val: number }; // how many duplicate groups went to each side
}

export const FILE_SEPARATOR = "\n\n";

/** Widget directives are instructions to the app, not prose: the model neither trains on them nor hashes them. */
const WIDGET_DIRECTIVE = /[ \t]*<!--\s*(?:widgets?|no-auto-widgets)\s*(?::[^>]*?)?\s*-->/g;

export function normalise(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/\u0000/g, "").replace(WIDGET_DIRECTIVE, "");
}

function sortFiles(files: CorpusFile[]): CorpusFile[] {
  return files.map((f) => ({ path: f.path, text: normalise(f.text) })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Cuts every file into segments at the lines where lib/content sees an item start (a card and each of
 * its merged copies, a test question, a prompt), and labels each segment with its duplicate group:
 * a card's copies (its `sources`) and its siblings (`group`: follow-ups, merged copies) share one label.
 * Text before a file's first item is a group of its own.
 * Why: the chat export holds two copies of the same Q&A; a per-file tail split put one copy in training
 * and the other in validation (54% of validation characters sat in verbatim 32+-character matches).
 */
export function duplicateGroups(files: CorpusFile[]): Segment[] {
  const sorted = sortFiles(files);
  const parsed = parseContent(sorted);
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  const starts = new Map<string, Set<number>>(sorted.map((f) => [f.path, new Set([1])]));
  const key = (file: string, line: number) => `${file}:${line}`;
  const mark = (file: string, line: number) => starts.get(file)?.add(line);
  for (const item of parsed.items as Item[]) {
    if (item.kind === "card") {
      for (const s of item.sources) {
        mark(s.file, s.line);
        union(key(item.source.file, item.source.line), key(s.file, s.line));
      }
      if (item.group) union(`group:${item.group}`, key(item.source.file, item.source.line));
    } else if (item.kind === "test") {
      mark(item.source.file, item.source.line);
      for (const q of item.questions) mark(q.source.file, q.source.line);
    } else mark(item.source.file, item.source.line);
  }
  const segments: Segment[] = [];
  for (const f of sorted) {
    const lineOffsets = [0];
    for (let i = 0; i < f.text.length; i++) if (f.text[i] === "\n") lineOffsets.push(i + 1);
    const lines = [...starts.get(f.path)!].filter((l) => l >= 1 && l <= lineOffsets.length).sort((a, b) => a - b);
    lines.forEach((line, i) => {
      const start = lineOffsets[line - 1];
      const end = i + 1 < lines.length ? lineOffsets[lines[i + 1] - 1] : f.text.length;
      if (end > start) segments.push({ file: f.path, start, end, group: find(key(f.path, line)) });
    });
  }
  return segments;
}

/** FNV-1a, 32 bit: a fixed, platform-independent order for the groups. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Holds out whole duplicate groups: groups in a fixed pseudo-random order (hash of the label) go to
 * validation until it holds `valFraction` of the characters, so no group straddles the two sides.
 * Each side keeps document order; consecutive segments of a side are joined as they stand in the file,
 * files are joined with FILE_SEPARATOR.
 */
export function buildCorpus(files: CorpusFile[], valFraction = 0.1): Corpus {
  const sorted = sortFiles(files);
  const segments = duplicateGroups(sorted);
  const valGroups = validationGroups(segments, valFraction);
  const groupCount = new Set(segments.map((s) => s.group)).size;
  const train: string[] = [];
  const val: string[] = [];
  for (const f of sorted) {
    const mine = segments.filter((s) => s.file === f.path);
    const t = mine.filter((s) => !valGroups.has(s.group)).map((s) => f.text.slice(s.start, s.end)).join("");
    const v = mine.filter((s) => valGroups.has(s.group)).map((s) => f.text.slice(s.start, s.end)).join("");
    if (t) train.push(t);
    if (v) val.push(v);
  }
  return { files: sorted, train: train.join(FILE_SEPARATOR), val: val.join(FILE_SEPARATOR), split: "duplicate-group", groups: { train: groupCount - valGroups.size, val: valGroups.size } };
}

/** The groups held out: in a fixed order (FNV-1a of the label), until they hold `valFraction` of the characters. */
export function validationGroups(segments: Segment[], valFraction: number): Set<string> {
  const size = new Map<string, number>();
  for (const s of segments) size.set(s.group, (size.get(s.group) ?? 0) + s.end - s.start);
  const total = segments.reduce((n, s) => n + s.end - s.start, 0);
  const order = [...size.keys()].sort((a, b) => fnv1a(a) - fnv1a(b) || (a < b ? -1 : 1));
  const valGroups = new Set<string>();
  let valChars = 0;
  for (const g of order) {
    if (valChars >= valFraction * total) break;
    valGroups.add(g);
    valChars += size.get(g)!;
  }
  return valGroups;
}

export { nearDuplicateShare } from "./overlap";

/** The text hashed into the manifest: every file as "path\0text\0", in path order. */
export function hashInput(files: CorpusFile[]): string {
  return files.map((f) => `${f.path}\u0000${normalise(f.text)}\u0000`).join("");
}
