import katex from "katex";
import { toText } from "hast-util-to-text";
import { SKIP, visitParents } from "unist-util-visit-parents";
import type { Element, Parent, Root } from "hast";
import type { VFile } from "vfile";

/**
 * Like rehype-katex (same classes, same messages on the file, same red fallback), but the KaTeX
 * HTML goes into the tree as a `raw` node instead of being parsed back into hast with parse5 and
 * serialised again: that round trip was most of the cost of ingesting math-heavy content.
 * Runs after rehype-sanitize, so the raw HTML is KaTeX's own output, never an author's.
 * Identical formulas are rendered once per process (a bounded cache).
 */

const CACHE_LIMIT = 5000;
const cache = new Map<string, string>();

function renderTex(tex: string, displayMode: boolean): string {
  const key = (displayMode ? "D" : "I") + tex;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const html = katex.renderToString(tex, { displayMode, throwOnError: true, strict: "ignore", output: "htmlAndMathml" });
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, html);
  return html;
}

export default function rehypeKatexRaw() {
  return (tree: Root, file: VFile) => {
    visitParents(tree, "element", (element: Element, parents: Parent[]) => {
      const classes = Array.isArray(element.properties.className) ? (element.properties.className as string[]) : [];
      const languageMath = classes.includes("language-math");
      const mathDisplay = classes.includes("math-display");
      const mathInline = classes.includes("math-inline");
      if (!languageMath && !mathDisplay && !mathInline) return;

      let parent = parents[parents.length - 1];
      let scope: Element = element;
      let displayMode = mathDisplay;
      if (element.tagName === "code" && languageMath && parent?.type === "element" && (parent as Element).tagName === "pre") {
        scope = parent as Element;
        parent = parents[parents.length - 2];
        displayMode = true;
      }
      if (!parent) return;

      const tex = toText(scope, { whitespace: "pre" });
      let html: string;
      try {
        html = renderTex(tex, displayMode);
      } catch (error) {
        const cause = error as Error;
        file.message("Could not render math with KaTeX", {
          ancestors: [...(parents as any[]), element],
          cause,
          place: element.position,
          ruleId: cause.name.toLowerCase(),
          source: "rehype-katex-raw",
        });
        try {
          html = katex.renderToString(tex, { displayMode, throwOnError: false, strict: "ignore" });
        } catch {
          html = `<span class="katex-error" style="color:#cc0000">${tex.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</span>`;
        }
      }
      const index = parent.children.indexOf(scope as any);
      parent.children.splice(index, 1, { type: "raw", value: html } as any);
      return SKIP;
    });
  };
}
