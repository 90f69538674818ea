// The training text: every Markdown file under content/, raw (card text, answers and prompts as authors
// wrote them), CRLF normalised. Pure: the caller reads the files (lib/model/node.ts does it in Node).

export interface CorpusFile {
  path: string; // relative to content/, "/" separated
  text: string;
}

export interface Corpus {
  files: CorpusFile[]; // sorted by path, so the hash and the split do not depend on directory order
  train: string;
  val: string;
}

export const FILE_SEPARATOR = "\n\n";

export function normalise(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/\u0000/g, "");
}

/**
 * Splits each file: its first (1 − valFraction) goes to training, the rest to validation.
 * Per file rather than at the end of one string, so every file (dialect) is represented in both.
 * Note: the chat export holds two copies of the same Q&A, so part of its validation text has a
 * reworded twin in training; validation loss is a little optimistic because of that.
 */
export function buildCorpus(files: CorpusFile[], valFraction = 0.1): Corpus {
  const sorted = files.map((f) => ({ path: f.path, text: normalise(f.text) })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const train: string[] = [];
  const val: string[] = [];
  for (const f of sorted) {
    const chars = Array.from(f.text);
    const cut = Math.round(chars.length * (1 - valFraction));
    train.push(chars.slice(0, cut).join(""));
    val.push(chars.slice(cut).join(""));
  }
  return { files: sorted, train: train.join(FILE_SEPARATOR), val: val.join(FILE_SEPARATOR) };
}

/** The text hashed into the manifest: every file as "path\0text\0", in path order. */
export function hashInput(files: CorpusFile[]): string {
  return files.map((f) => `${f.path}\u0000${normalise(f.text)}\u0000`).join("");
}
