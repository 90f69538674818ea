import { parseContent, type FileReport } from "@/lib/content";
import type { Db } from "@/lib/db/client";
import { readContentDir } from "./files";
import { syncContent, type IngestSummary } from "./sync";

export { ContentError, syncContent, DECK_SEPARATOR, type IngestSummary } from "./sync";
export { readContentDir } from "./files";
export { pairCards } from "./identity";

export interface IngestOptions {
  now?: Date;
  /** Called after each file is parsed (progress bars). */
  onFile?: (report: FileReport, index: number, total: number) => void;
}

/** Read, parse and sync a content folder. Throws ContentError (database untouched) on bad content. */
export async function ingestDirectory(db: Db, dir: string, options: IngestOptions = {}): Promise<IngestSummary> {
  const inputs = readContentDir(dir);
  let n = 0;
  const content = parseContent(inputs, (report) => options.onFile?.(report, ++n, inputs.length));
  return syncContent(db, content, { now: options.now });
}
