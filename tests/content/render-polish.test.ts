import { describe, expect, it } from "vitest";
import { parseFile } from "@/lib/content";
import { nestShallowLists, renderMarkdown } from "@/lib/content/render";
import { remoteHost } from "@/lib/content/rehype-remote-images";
import { titleText } from "@/lib/content/text";

/** Issue 17: sub-points pasted with one space of indentation, remote images, tab titles. */
describe("shallow sub-lists", () => {
  const pasted = "Intro.\n\n- **Structure:**\n - **Encoder** reads\n - **Decoder** writes\n- **Note:** last\n";

  it("nests an item indented less than its parent's text under that parent", () => {
    const html = renderMarkdown(pasted, "f.md", 1).html;
    expect(html).toMatch(/<li><strong>Structure:<\/strong>\s*<ul>\s*<li><strong>Encoder<\/strong> reads<\/li>\s*<li><strong>Decoder<\/strong> writes<\/li>\s*<\/ul>\s*<\/li>\s*<li><strong>Note:<\/strong> last<\/li>/);
  });

  it("keeps one-space items under a point that does not introduce a list as its siblings", () => {
    const md = "- **Formula**: $x$\n - **Range**: -1 to 1.\n - **Better** on imbalanced data.\n";
    expect(nestShallowLists(md)).toBe(md);
    expect(renderMarkdown(md, "f.md", 1).html).not.toMatch(/<li>[\s\S]*<ul>/);
  });

  it("leaves lists CommonMark already nests, and text without lists, as they are", () => {
    for (const md of ["- a\n  - b\n    - c\n- d\n", "1. one\n   - sub\n2. two\n", "No list here.\n\n    code\n", "- a\n- b\n"]) expect(nestShallowLists(md)).toBe(md);
  });

  it("nests under ordered items too, moves the children's deeper items along, and only adds spaces", () => {
    const md = "1. one:\n  - sub\n     - deeper\n2. two\n";
    const out = nestShallowLists(md);
    expect(out).toBe("1. one:\n   - sub\n      - deeper\n2. two\n");
    expect(out.split("\n").length).toBe(md.split("\n").length);
    expect(renderMarkdown(md, "f.md", 1).html).toMatch(/<li>one:\s*<ul>\s*<li>sub\s*<ul>\s*<li>deeper<\/li>/);
  });

  it("ends the list at a paragraph after a blank line, and leaves code fences inside alone", () => {
    const md = "- a:\n - b\n\nText\n - c\n\n```\n - not a list\n```\n";
    expect(nestShallowLists(md)).toBe("- a:\n  - b\n\nText\n - c\n\n```\n - not a list\n```\n");
  });
});

describe("remote images", () => {
  it("finds the host of absolute and protocol-relative URLs only", () => {
    expect(remoteHost("https://upload.wikimedia.org/a.png")).toBe("upload.wikimedia.org");
    expect(remoteHost("//cdn.example.org/b.png")).toBe("cdn.example.org");
    expect(remoteHost("http://user@Example.org:8080/x")).toBe("example.org:8080");
    expect(remoteHost("/content/figure.svg")).toBeNull();
    expect(remoteHost("figure.png")).toBeNull();
  });

  it("become a load button, in Markdown and in HTML", () => {
    const md = "Text\n\n<p align=\"center\">\n<img src=\"https://upload.wikimedia.org/a.png\" alt=\"Proj\" width=\"25%\">\n</p>\n\n![A chart](//cdn.example.org/b.png) and ![local](/local.png)";
    const { html } = renderMarkdown(md, "deck.md", 40);
    expect(html).not.toMatch(/<img[^>]*example\.org|<img[^>]*wikimedia/);
    expect(html).toContain('<span class="remote-image" data-src="https://upload.wikimedia.org/a.png" data-alt="Proj"><button type="button" class="remote-image-load">Load image from upload.wikimedia.org</button>');
    expect(html).toContain("Load image from cdn.example.org");
    expect(html).toContain('<img src="/local.png" alt="local">');
  });

  it("warn the author at file:line, from the file itself, outside code", () => {
    const text = "# Deck\n\nQ: A figure?\nA: See\n\n    <img src=\"https://upload.wikimedia.org/a.png\" alt=\"x\">\n\n![local](/x.png) ![far](//cdn.example.org/b.png)\n\n```\n![in code](https://example.org/c.png)\n```\n";
    const { diagnostics } = parseFile({ path: "deck.md", text });
    const remote = diagnostics.filter((d) => d.rule === "remote-image");
    expect(remote.map((d) => `${d.file}:${d.line} ${d.severity}`)).toEqual(["deck.md:6 warning", "deck.md:8 warning"]);
    expect(remote[0].message).toMatch(/upload\.wikimedia\.org.*public\//);
  });

  it("cannot be used to smuggle markup through the button", () => {
    const { html } = renderMarkdown('<img src="https://x.org/a.png" alt="&quot;><script>alert(1)</script>">', "f.md", 1);
    expect(html.replace(/"[^"]*"/g, '""')).not.toContain("<script"); // only ever inside a quoted attribute value
    expect(html).toContain("Load image from x.org");
  });
});

describe("titleText", () => {
  it("gives a question's words without Markdown or math marks, cut at a word", () => {
    expect(titleText("What is **Matthews** `MCC`?")).toBe("What is Matthews MCC?");
    expect(titleText("Why divide by $\\sqrt{d_k}$?")).toBe("Why divide by \\sqrt{d_k}?");
    const long = titleText("Explain in detail how the key, query and value projections of multi-head attention are learned", 40);
    expect(long.length).toBeLessThanOrEqual(41);
    expect(long).toMatch(/…$/);
    expect(long).not.toMatch(/ …$/);
  });
});
