// Character vocabulary. Index 0 is the unknown token: characters never seen in training map to it
// and are reported, so a learner's emoji or Greek letter is visible instead of silently dropped.

export const UNK = "\u0000"; // stands for the unknown token in `chars`; never occurs in the corpus text

export interface EncodeResult {
  ids: number[];
  unknown: { char: string; index: number }[]; // index = position in the input, in characters (code points)
}

export class Vocab {
  private readonly index = new Map<string, number>();
  /** chars[0] is UNK; chars[i] is the character of id i. */
  constructor(readonly chars: string[]) {
    if (chars[0] !== UNK) throw new Error("vocabulary must start with the unknown token");
    chars.forEach((c, i) => {
      if (this.index.has(c)) throw new Error(`duplicate character ${JSON.stringify(c)} in vocabulary`);
      this.index.set(c, i);
    });
  }

  get size(): number {
    return this.chars.length;
  }

  get unkId(): number {
    return 0;
  }

  /** Characters seen at least `minCount` times, sorted by code point, after UNK. */
  static fromText(text: string, minCount = 1): Vocab {
    const counts = new Map<string, number>();
    for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
    const kept = [...counts].filter(([c, n]) => n >= minCount && c !== UNK).map(([c]) => c);
    kept.sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    return new Vocab([UNK, ...kept]);
  }

  /** Iterates by code point, so an emoji is one character (and one UNK), not two halves. */
  encode(text: string): EncodeResult {
    const ids: number[] = [];
    const unknown: EncodeResult["unknown"] = [];
    let i = 0;
    for (const c of text) {
      const id = this.index.get(c);
      if (id === undefined || id === 0) unknown.push({ char: c, index: i });
      ids.push(id ?? 0);
      i++;
    }
    return { ids, unknown };
  }

  /** UNK decodes to U+FFFD (the replacement character). */
  decode(ids: ArrayLike<number>): string {
    let s = "";
    for (let i = 0; i < ids.length; i++) s += ids[i] === 0 ? "\uFFFD" : (this.chars[ids[i]] ?? "\uFFFD");
    return s;
  }
}
