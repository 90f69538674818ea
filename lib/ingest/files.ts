import fs from "node:fs";
import path from "node:path";
import type { FileInput } from "@/lib/content";

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
        out.push({ path: path.relative(root, full).split(path.sep).join("/"), text: fs.readFileSync(full, "utf8") });
      }
    }
  };
  walk(root);
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
