import type { Diagnostic } from "../types";
import { remoteHost } from "../rehype-remote-images";

const FENCE = /^[ \t]*(`{3,}|~{3,})/;
/** `![alt](url …)` and `<img … src="url">`, the two ways an image gets into a card. */
const IMAGES = /!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)/gi;

/**
 * A warning (rule "remote-image") at the line of every image another host serves: it does not
 * load offline and tells that host who studies the card. Learners see such an image only after
 * a click (rehype-remote-images.ts). Read from the file's own lines, so the place is exact and
 * the warning stays on every ingest, changed card or not. Code fences are skipped.
 */
export function findRemoteImages(text: string, file: string): Diagnostic[] {
  if (!text.includes("//")) return [];
  const diagnostics: Diagnostic[] = [];
  let fence: string | null = null;
  text.split("\n").forEach((line, i) => {
    const f = FENCE.exec(line);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      return;
    }
    if (fence !== null || !line.includes("//")) return;
    for (const m of line.matchAll(IMAGES)) {
      const host = remoteHost(m[1] ?? m[2]);
      if (!host) continue;
      diagnostics.push({
        file,
        line: i + 1,
        column: (m.index ?? 0) + 1,
        severity: "warning",
        rule: "remote-image",
        message: `Image from another host (${host}): it does not load offline and tells ${host} who studies this card, so learners see it only after a click on "Load image from ${host}". Put the file under public/ and link it as /name.png.`,
      });
    }
  });
  return diagnostics;
}
