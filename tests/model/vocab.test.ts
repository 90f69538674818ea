import { describe, expect, it } from "vitest";
import { UNK, Vocab } from "@/lib/model";
import { buildCorpus, hashInput } from "@/lib/model/corpus";

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
  it("normalises CRLF, splits each file, and hashes independently of file order", () => {
    const files = [
      { path: "b.md", text: "0123456789\r\n" },
      { path: "a.md", text: "abcdefghij" },
    ];
    const c = buildCorpus(files, 0.2);
    expect(c.files.map((f) => f.path)).toEqual(["a.md", "b.md"]);
    expect(c.train).toBe("abcdefgh\n\n012345678");
    expect(c.val).toBe("ij\n\n9\n");
    expect(hashInput(c.files)).toBe(hashInput(buildCorpus([...files].reverse()).files));
  });
});
