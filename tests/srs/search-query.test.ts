import { describe, expect, it } from "vitest";
import { MAX_QUERY_CHARS, needsLearner, parseSearch } from "@/lib/srs/search-query";

describe("the card browser's search syntax", () => {
  it("parses words, phrases, negation and every key", () => {
    const { clauses, errors } = parseSearch('attention "causal mask" -softmax deck:Attention "deck:Attention / Basics" tag:fsrs is:due -is:Suspended prop:due<3 prop:ivl>=30 rated:1 rated:7:1');
    expect(errors).toEqual([]);
    expect(clauses).toEqual([
      { negate: false, term: { kind: "text", value: "attention" } },
      { negate: false, term: { kind: "text", value: "causal mask" } },
      { negate: true, term: { kind: "text", value: "softmax" } },
      { negate: false, term: { kind: "deck", value: "Attention" } },
      { negate: false, term: { kind: "deck", value: "Attention / Basics" } },
      { negate: false, term: { kind: "tag", value: "fsrs" } },
      { negate: false, term: { kind: "is", value: "due" } },
      { negate: true, term: { kind: "is", value: "suspended" } },
      { negate: false, term: { kind: "prop", prop: "due", op: "<", value: 3 } },
      { negate: false, term: { kind: "prop", prop: "ivl", op: ">=", value: 30 } },
      { negate: false, term: { kind: "rated", days: 1, rating: null } },
      { negate: false, term: { kind: "rated", days: 7, rating: 1 } },
    ]);
    expect(needsLearner(clauses)).toBe(true);
    expect(needsLearner(parseSearch("deck:x tag:y words").clauses)).toBe(false);
    // deck:"a b" quotes the value only; a quoted token with an unknown key is text.
    expect(parseSearch('deck:"Attention / Basics" "http://x.org"').clauses.map((c) => c.term)).toEqual([
      { kind: "deck", value: "Attention / Basics" },
      { kind: "text", value: "http://x.org" },
    ]);
    expect(parseSearch("prop:due<-1").clauses[0].term).toEqual({ kind: "prop", prop: "due", op: "<", value: -1 });
    expect(parseSearch("   ")).toEqual({ clauses: [], errors: [] });
  });

  it("reports each mistake with its column and keeps what parsed", () => {
    const r = parseSearch('mask dek:x is:later prop:due~3 prop:ivl<-2 rated:0 rated:2:5 deck: "open -');
    expect(r.clauses).toEqual([{ negate: false, term: { kind: "text", value: "mask" } }, { negate: false, term: { kind: "text", value: "open -" } }]);
    expect(r.errors.map((e) => [e.column, e.message.slice(0, 28)])).toEqual([
      [68, "The quote opened at column 6"],
      [6, "Unknown search “dek:”. Use d"],
      [12, "Unknown “is:later”: use is:d"],
      [21, "“prop:due~3” is not a compar"],
      [32, "“prop:ivl<-2”: ivl is never "],
      [44, "“rated:0”: use rated:N with "],
      [52, "“rated:2:5”: the answer is 1"],
      [62, "“deck:” needs a value, as in"],
    ]);
    expect(parseSearch("x".repeat(MAX_QUERY_CHARS + 1)).errors[0].message).toMatch(/at most 500/);
    expect(parseSearch(Array.from({ length: 21 }, (_, i) => `w${i}`).join(" ")).errors[0].message).toMatch(/At most 20 terms/);
    expect(parseSearch("a - b").errors).toEqual([]);
  });
});

describe("search time ranges in study days", () => {
  const dayStart = (n: number) => new Date(Date.UTC(2026, 11, 3 + n, 4)); // rollover 04:00 UTC
  it("turns prop:due comparisons and rated:N into day boundaries", async () => {
    const { dueRange, ratedSince } = await import("@/lib/srs/search-query");
    expect(dueRange("<", 3, dayStart)).toEqual({ before: dayStart(3) });
    expect(dueRange("<=", 0, dayStart)).toEqual({ before: dayStart(1) });
    expect(dueRange(">", 1, dayStart)).toEqual({ from: dayStart(2) });
    expect(dueRange(">=", -2, dayStart)).toEqual({ from: dayStart(-2) });
    expect(dueRange("=", 0, dayStart)).toEqual({ from: dayStart(0), before: dayStart(1) });
    expect(dueRange("!=", 0, dayStart)).toEqual({ from: dayStart(0), before: dayStart(1), outside: true });
    expect(ratedSince(1, dayStart)).toEqual(dayStart(0));
    expect(ratedSince(7, dayStart)).toEqual(dayStart(-6));
  });
});
