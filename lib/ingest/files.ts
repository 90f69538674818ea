import fs from "node:fs";
import path from "node:path";
import type { FileInput } from "@/lib/content";
import { decodeContent } from "@/lib/content/encoding";

/** Content files Attend reads: Markdown (and plain-text exports, as the seeds once were). */
export const CONTENT_EXTENSIONS = /\.(md|markdown|txt)$/i;

/**
 * Read every content file under `dir` (recursively, skipping dot-folders and README files that
 * describe the folder rather than hold cards). Paths come back relative, with forward slashes.
 */
export function readContentDir(dir: string): FileInput[] {
  const root = path.resolve(dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new Error(`Content folder not found: ${root}`);
  }
  const out: FileInput[] = [];
  const walk = (abs: string) => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(abs, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && CONTENT_EXTENSIONS.test(entry.name) && !/^readme\./i.test(entry.name)) {
        // Bytes, not "utf8": lib/content/encoding.ts decodes BOMs and UTF-16, refuses binary files
        // and names the file when it is not UTF-8, instead of silently inserting U+FFFD.
        const rel = path.relative(root, full).split(path.sep).join("/");
        const decoded = decodeContent(fs.readFileSync(full), rel);
        out.push({ path: rel, text: decoded.text ?? "", diagnostics: decoded.diagnostics });
      }
    }
  };
  walk(root);
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
