import { describe, expect, it } from "vitest";
import { UNK, Vocab } from "@/lib/model";
import { buildCorpus, duplicateGroups, hashInput, nearDuplicateShare, validationGroups } from "@/lib/model/corpus";
import { readCorpusFiles } from "@/lib/model/node";

describe("vocabulary", () => {
  const v = Vocab.fromText("hello world, hello attention", 1);

  it("starts with the unknown token and round-trips known text", () => {
    expect(v.chars[0]).toBe(UNK);
    const { ids, unknown } = v.encode("hello");
    expect(unknown).toEqual([]);
    expect(v.decode(ids)).toBe("hello");
  });

  it("maps unseen characters to UNK and reports them by position (an emoji is one character)", () => {
    const { ids, unknown } = v.encode("hi 🚀 Ω!");
    expect(ids).toHaveLength(7);
    expect(unknown).toEqual([
      { char: "🚀", index: 3 },
      { char: "Ω", index: 5 },
      { char: "!", index: 6 },
    ]);
    expect(ids[3]).toBe(v.unkId);
    expect(v.decode(ids)).toBe("hi \uFFFD \uFFFD\uFFFD");
  });

  it("drops characters rarer than minCount", () => {
    const w = Vocab.fromText("aaab", 2);
    expect(w.chars).toEqual([UNK, "a"]);
    expect(w.encode("b").unknown).toHaveLength(1);
  });
});

describe("corpus", () => {
  it("normalises CRLF and hashes independently of file order", () => {
    const files = [
      { path: "b.md", text: "0123456789\r\n" },
      { path: "a.md", text: "abcdefghij" },
    ];
    const c = buildCorpus(files, 0.2);
    expect(c.files.map((f) => f.path)).toEqual(["a.md", "b.md"]);
    expect(c.files[1].text).toBe("0123456789\n");
    // each file is one group here (no items): one whole file is held out, the other trains
    expect([c.train, c.val].sort()).toEqual(["0123456789\n", "abcdefghij"]);
    expect(hashInput(c.files)).toBe(hashInput(buildCorpus([...files].reverse()).files));
  });

  it("leaves widget directives out of the training text and the hash", () => {
    const plain = [{ path: "a.md", text: "1) Implement attention.\n" }];
    const directed = [{ path: "a.md", text: "1) Implement attention. <!-- widget: shape-journey -->\n" }];
    expect(buildCorpus(directed).files[0].text).toBe("1) Implement attention.\n");
    expect(hashInput(directed)).toBe(hashInput(plain));
  });

  it("nearDuplicateShare counts validation characters inside verbatim n-character matches with training", () => {
    // "abcdef" shares "bcd" and "cde" with the training text → b,c,d,e covered: 4 of 6
    expect(nearDuplicateShare("xxbcdexx", "abcdef", 3)).toBeCloseTo(4 / 6, 12);
    expect(nearDuplicateShare("xxbcxx", "abcdef", 3)).toBe(0);
    expect(nearDuplicateShare("abcdef", "abcdef", 3)).toBe(1);
  });

  describe("on the shipped content", async () => {
    const files = await readCorpusFiles("content");
    const segments = duplicateGroups(files);
    const c = buildCorpus(files, 0.1);

    it("holds out about 10% and no duplicate group straddles training and validation", () => {
      const held = validationGroups(segments, 0.1);
      expect(c.val.length / (c.train.length + c.val.length)).toBeGreaterThan(0.08);
      expect(c.val.length / (c.train.length + c.val.length)).toBeLessThan(0.15);
      const text = new Map(c.files.map((f) => [f.path, f.text]));
      // a group with copies in two places (the chat export's two copies): both sides are in the same half
      const multi = [...new Set(segments.map((s) => s.group))].filter((g) => segments.filter((s) => s.group === g).length > 1);
      expect(multi.length).toBeGreaterThan(100);
      for (const g of multi) {
        const side = held.has(g) ? c.val : c.train;
        const other = held.has(g) ? c.train : c.val;
        for (const s of segments.filter((x) => x.group === g)) {
          const body = text.get(s.file)!.slice(s.start, s.end).trim();
          expect(side.includes(body)).toBe(true);
          if (body.length >= 80) expect(other.includes(body)).toBe(false);
        }
      }
    });

    it("leaves at most 5% of validation characters inside 32-character verbatim matches with training", () => {
      expect(nearDuplicateShare(c.train, c.val)).toBeLessThanOrEqual(0.05);
      // the per-file tail split it replaces: far above (the chat export's second copy)
      const tail = c.files.map((f) => Math.round(f.text.length * 0.9));
      const tailTrain = c.files.map((f, i) => f.text.slice(0, tail[i])).join("\n\n");
      const tailVal = c.files.map((f, i) => f.text.slice(tail[i])).join("\n\n");
      expect(nearDuplicateShare(tailTrain, tailVal)).toBeGreaterThan(0.3);
    });
  });
});
