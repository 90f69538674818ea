/** Bad input gets a clear error and loses nothing (issue 12). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseContent, parseFile, renderMarkdown, type CardItem } from "@/lib/content";
import { decodeContent } from "@/lib/content/encoding";
import { MAX_NESTING } from "@/lib/content/clean/nesting";
import { escapeLoneDollars } from "@/lib/content/clean/dollars";
import { readContentDir } from "@/lib/ingest/files";

const cards = (text: string, file = "a.md") => parseFile({ path: file, text }).items as CardItem[];
const QA = "# Deck\nQ: What is a logit?\nA: The score before the softmax, e.g. café.\n\nQ: What is BPTT?\nA: Backpropagation through time.\n";

describe("a code fence opened on the marker line", () => {
  it.each([
    ["qa-lines", ""],
    ["canonical", "# Deck\n"],
  ])("%s: `A: ```python` runs to its closing fence and the next card stays a card", (dialect, head) => {
    const text = `${head}Q: Show a loop.\nA: \`\`\`python\nfor i in range(3):\n\n    print(i)\n\`\`\`\n\nQ: Next?\nA: Yes.\n`;
    const out = parseFile({ path: "a.md", text });
    expect(out.report.dialect).toBe(dialect);
    expect((out.items as CardItem[]).map((c) => [c.question, c.answer])).toEqual([
      ["Show a loop.", "```python\nfor i in range(3):\n\n    print(i)\n```"],
      ["Next?", "Yes."],
    ]);
    expect(out.diagnostics).toEqual([]);
  });
});

it("chat-export: `A: ```python` does not swallow the next numbered question", () => {
  const text = "You asked:\nList\n\nChatGPT said:\n1. Q: Show a loop.\nA: ```python\nfor i in range(3):\n\n    print(i)\n```\n\n2. Q: Next?\nA: Yes.\n";
  const out = parseFile({ path: "c.md", text });
  expect(out.report.dialect).toBe("chat-export");
  expect((out.items as CardItem[]).map((c) => [c.question, c.answer])).toEqual([
    ["Show a loop.", "```python\nfor i in range(3):\n\n    print(i)\n```"],
    ["Next?", "Yes."],
  ]);
});

describe("bytes → text", () => {
  const utf8 = Buffer.from(QA, "utf8");
  const expected = cards(QA);

  it("decodes UTF-8, UTF-8 with BOM and UTF-16 LE/BE with BOM to the same cards", () => {
    const be = Buffer.from(QA, "utf16le").swap16();
    for (const bytes of [utf8, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(QA, "utf16le")]), Buffer.concat([Buffer.from([0xfe, 0xff]), be])]) {
      const d = decodeContent(bytes, "a.md");
      expect(d.diagnostics).toEqual([]);
      expect(cards(d.text!)).toEqual(expected);
    }
  });

  it("reads UTF-16 without a BOM, and says so", () => {
    const d = decodeContent(Buffer.from(QA, "utf16le"), "notes/a.md");
    expect(d.encoding).toBe("utf-16le");
    expect(cards(d.text!)).toEqual(expected);
    expect(d.diagnostics).toEqual([expect.objectContaining({ file: "notes/a.md", severity: "warning", rule: "encoding", message: expect.stringContaining("notes/a.md: read as UTF-16LE") })]);
  });

  it("reads Windows-1252 with a warning naming the file and the line, instead of turning accents into U+FFFD", () => {
    const d = decodeContent(Buffer.from(QA, "latin1"), "old.md");
    expect(d.encoding).toBe("windows-1252");
    expect(d.text).toContain("café");
    expect(d.text).not.toContain("\uFFFD");
    expect(d.diagnostics).toEqual([expect.objectContaining({ file: "old.md", line: 3, severity: "warning", message: expect.stringMatching(/^old\.md: not UTF-8.*Windows-1252/) })]);
  });

  it("refuses what is neither: binary files and undefined bytes, naming the file", () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x51, 0x3a, 0x20]);
    const bin = decodeContent(png, "image.md");
    expect(bin.text).toBeNull();
    expect(bin.diagnostics).toEqual([expect.objectContaining({ file: "image.md", severity: "error", rule: "not-text", message: expect.stringMatching(/^image\.md: not text/) })]);
    const odd = decodeContent(Buffer.from([0x51, 0x3a, 0x20, 0x81, 0x0a]), "odd.md");
    expect(odd.text).toBeNull();
    expect(odd.diagnostics[0].message).toMatch(/^odd\.md: not UTF-8.*not Windows-1252/);
  });

  it("property: random bytes never throw; they are refused or read", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const d = decodeContent(bytes, "r.md");
        expect(d.text === null).toBe(d.diagnostics.some((x) => x.severity === "error"));
        if (d.text !== null) parseFile({ path: "r.md", text: d.text, diagnostics: d.diagnostics });
      }),
      { numRuns: 500 },
    );
  });

  it("through the content folder: a binary file is an error with no items, the other files read as usual", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-bytes-"));
    try {
      fs.writeFileSync(path.join(dir, "good.md"), utf8);
      fs.writeFileSync(path.join(dir, "utf16.md"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(QA, "utf16le")]));
      fs.writeFileSync(path.join(dir, "photo.md"), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]));
      const content = parseContent(readContentDir(dir));
      expect(content.diagnostics.filter((d) => d.severity === "error")).toEqual([expect.objectContaining({ file: "photo.md", line: 1, rule: "not-text", message: expect.stringContaining("photo.md: not text") })]);
      expect(content.files.find((f) => f.file === "photo.md")).toMatchObject({ cards: 0, errors: 1 });
      expect(content.items.filter((i) => i.kind === "card")).toHaveLength(4);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("nesting depth", () => {
  it("caps 1,000 nested list levels with a diagnostic, keeping every item's text, and renders", () => {
    const items = Array.from({ length: 1000 }, (_, i) => `${" ".repeat(2 * i)}- item ${i}`);
    const out = parseFile({ path: "deep.md", text: `Q: Deep?\nA: Here:\n${items.join("\n")}\n` });
    expect(out.diagnostics).toEqual([expect.objectContaining({ file: "deep.md", line: 3 + MAX_NESTING, severity: "warning", rule: "nesting-depth" })]);
    const [card] = out.items as CardItem[];
    for (let i = 0; i < 1000; i++) expect(card.answer).toContain(`item ${i}\n`.slice(0, -1));
    const html = renderMarkdown(card.answer!, "deep.md", 2);
    expect(html.diagnostics).toEqual([]);
    expect(html.html).toContain("item 999");
  });

  it("caps quotes and stacked list markers too", () => {
    const out = parseFile({ path: "q.md", text: `Q: Quote?\nA: ${"> ".repeat(500)}deep\n\n${"- ".repeat(300)}x\n` });
    expect(out.diagnostics.map((d) => [d.line, d.rule])).toEqual([
      [2, "nesting-depth"],
      [4, "nesting-depth"],
    ]);
    const [card] = out.items as CardItem[];
    expect(card.answer!.split("\n")[0]).toBe(`${"> ".repeat(MAX_NESTING)}deep`);
    expect(renderMarkdown(card.answer!, "q.md", 2).html).toContain("deep");
  });

  it("leaves ordinary nesting and code alone", () => {
    const text = `Q: Nested?\nA: - a\n  - b\n    - c\n\`\`\`\n${" ".repeat(60)}code\n\`\`\`\n`;
    expect(parseFile({ path: "n.md", text }).diagnostics).toEqual([]);
  });
});

describe("a lone `$`", () => {
  it("is a dollar sign unless it pairs on its line", () => {
    const [card] = cards("Q: What does the $5 plan cost per $10 of usage?\nA: It costs $5 and $10, and $x^2$ is math.\n");
    expect(card.question).toBe("What does the \\$5 plan cost per \\$10 of usage?");
    expect(card.answer).toBe("It costs \\$5 and \\$10, and $x^2$ is math.");
    const html = renderMarkdown(card.answer!, "a.md", 2).html;
    expect(html).toContain("costs $5 and $10");
    expect(html.match(/class="katex"/g)).toHaveLength(1);
  });

  it("never pairs across lines, and warns when the line looks like TeX", () => {
    const out = parseFile({ path: "a.md", text: "Q: Why?\nA: Because $\\frac{1}{2}\nis half$.\n" });
    expect((out.items[0] as CardItem).answer).toBe("Because \\$\\frac{1}{2}\nis half\\$.");
    // The card's line: answers do not carry their own.
    expect(out.diagnostics).toEqual([expect.objectContaining({ line: 1, severity: "warning", rule: "math-dollar" })]);
  });

  it("reads a bare `$5 ... $` as prices, with a warning since it is ambiguous", () => {
    const out = escapeLoneDollars("between $5 and 10$ a month", "a.md", 4);
    expect(out.text).toBe("between \\$5 and 10\\$ a month");
    expect(out.diagnostics).toEqual([expect.objectContaining({ line: 4, rule: "math-dollar", message: expect.stringContaining("prices") })]);
  });

  it("leaves code, escaped dollars and display math alone", () => {
    const text = "Run `echo $HOME` and \\$5.\n```sh\necho $PATH\n```\n$$\nx = $y\n$$\n    indented $code";
    expect(escapeLoneDollars(text, "a.md", 1)).toEqual({ text, diagnostics: [] });
  });
});
