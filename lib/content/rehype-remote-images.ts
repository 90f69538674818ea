import { visitParents } from "unist-util-visit-parents";
import type { Element, Parent, Root } from "hast";

/** An image URL on another host: absolute http(s) or protocol-relative. */
export function remoteHost(src: string): string | null {
  const m = /^(?:https?:)?\/\/([^/?#\s]+)/i.exec(src.trim());
  return m ? m[1].replace(/^[^@]*@/, "").toLowerCase() : null;
}

/**
 * Images from other hosts break offline and tell that host who studies which card, so a remote
 * `<img>` (Markdown or HTML) becomes a button, "Load image from example.org", that shows it only
 * when the learner asks (components/content/remote-images.tsx). The author's warning, with the
 * image's line, comes from clean/remote-images.ts.
 * Runs after rehype-sanitize, on the sanitised src, so the markup here is ours.
 */
export default function rehypeRemoteImages() {
  return (tree: Root) => {
    visitParents(tree, "element", (element: Element, parents: Parent[]) => {
      if (element.tagName !== "img") return;
      const src = String(element.properties.src ?? "");
      const host = remoteHost(src);
      if (!host) return;
      const alt = String(element.properties.alt ?? "");
      const parent = parents[parents.length - 1];
      const placeholder: Element = {
        type: "element",
        tagName: "span",
        properties: { className: ["remote-image"], dataSrc: src, dataAlt: alt },
        children: [
          { type: "element", tagName: "button", properties: { type: "button", className: ["remote-image-load"] }, children: [{ type: "text", value: `Load image from ${host}` }] },
          ...(alt ? [{ type: "element" as const, tagName: "span", properties: { className: ["remote-image-alt"] }, children: [{ type: "text" as const, value: alt }] }] : []),
        ],
      };
      parent.children.splice(parent.children.indexOf(element), 1, placeholder);
    });
  };
}
