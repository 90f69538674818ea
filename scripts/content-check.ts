/**
 * npm run content:check -- [--content <dir>] [--json]
 * Parse, render and lint the content without touching the database (for authors and CI).
 * Exit 1 when there are errors.
 */
import { parseContent, renderMarkdown, type CardItem, type Diagnostic } from "@/lib/content";
import { readContentDir } from "@/lib/ingest/files";
import { contentArgs } from "./args";
import { formatDiagnostic, formatDiagnostics, formatFileTable } from "./report";

const args = contentArgs();
const content = parseContent(readContentDir(args.content!));
const diagnostics: Diagnostic[] = [...content.diagnostics];
for (const item of content.items) {
  if (item.kind !== "card") continue;
  const card = item as CardItem;
  for (const text of [card.question, card.answer, card.context, ...card.alternatives.map((a) => a.answer)]) {
    if (text) diagnostics.push(...renderMarkdown(text, card.source.file, card.source.line).diagnostics);
  }
}
const errors = diagnostics.filter((d) => d.severity === "error");
if (args.json) {
  console.log(JSON.stringify({ files: content.files, diagnostics }, null, 2));
} else {
  console.log(formatFileTable(content.files));
  const notes = formatDiagnostics(diagnostics);
  if (notes) console.log("\n" + notes);
  console.log(errors.length ? `\n${errors.length} error(s):\n${errors.map(formatDiagnostic).join("\n")}` : "\nNo errors.");
}
process.exitCode = errors.length ? 1 : 0;
