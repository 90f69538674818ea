/**
 * Merging duplicate cards, dialect-free: chat exports paste the same questions several times,
 * outlines repeat a question under two headings, authors copy a card by mistake. One card per
 * question reaches students; every other copy's answer is kept as an alternative with its source,
 * so no answer text is lost.
 *
 * Two questions are "the same question" when
 *   1. their topics are equal after normalisation ("mixed-precision training" = "Mixed precision
 *      training", "FlashAttention" = "flash attention"), or the same words in another order
 *      ("RLHF (Reinforcement Learning from Human Feedback)" = "reinforcement learning from human
 *      feedback (RLHF)"), or equal once a parenthetical gloss and filler ("again", "in detail")
 *      are dropped ("activation recomputation (checkpointing)" = "activation recomputation"); or
 *   2. trigram similarity of the topics reaches `threshold` AND one topic's words contain the
 *      other's (modulo compounds: "DistributedDataParallel" = "distributed data parallel") AND
 *      the extra words neither carry a number or version ("FlashAttention-2", "4-bit"), nor a
 *      hyphenated name suffix ("TensorRT-LLM"), nor turn it into a comparison ("tensor vs
 *      pipeline parallelism"). Substituted words never merge: "top-k sampling" / "top-p
 *      sampling", "Adam" / "AdamW", "embeddings in NLP" / "embeddings in RAG".
 *
 * Similarity alone cannot tell these apart: "FlashAttention?" vs "FlashAttention-2?" scores 0.96
 * while "AdamW?" vs "AdamW optimizer?" scores 0.72, hence the word guards.
 */
import type { CardItem, Diagnostic, SourceRef } from "./types";
import { diceOfGrams, normalizeForMatch, questionSignature, sameList, trigrams } from "./similarity";
import { slugify } from "./text";

export interface MergeOptions {
  /**
   * Minimum trigram similarity (Dice, on the question topics) for a fuzzy merge, on top of the
   * word guards. 0.8 is tuned on seed 004 (tests/content/merge.test.ts): it merges "Kubernetes
   * (K8s) role in LLM deployment" into "Kubernetes (K8s) in LLM deployment" (0.92) and "beam
   * search decoding" into "beam search" (0.81), and keeps "retrieval latency amortization"
   * (0.79), "hallucination mitigation" (0.69) and "load balancing in MoE inference" (0.72) apart.
   */
  threshold?: number;
  /** Whether two answers are the same text (then the second is not kept as an alternative). */
  sameAnswer?: (a: string, b: string) => boolean;
  /** Prefix of the shared `group` given to merged cards. */
  groupPrefix?: string;
}

export interface MergeResult {
  cards: CardItem[];
  diagnostics: Diagnostic[];
}

export const DEFAULT_MERGE_THRESHOLD = 0.8;
/** Groups per word beyond which the word is too common to look up fuzzy candidates by. */
const CANDIDATE_CAP = 64;

/** Words that carry no topic: dropped before comparing word sets. */
const STOPWORDS = new Set(["a", "an", "the", "of", "in", "for", "to", "and", "on", "with", "by", "from", "at", "its", "their"]);
/** Filler that marks a repeat rather than a new question ("perplexity again, in depth"). */
const FILLER = /\b(?:again|in (?:more )?(?:detail|depth)|briefly|in short|explained|revisited)\b/g;
/** Words that turn a topic into a comparison or a different question. */
const COMPARISON = new Set(["vs", "versus", "difference", "between", "compare", "compared", "comparison"]);

/** The topic of a question: "What is the KV cache?" -> "kv cache". */
export function questionTopic(question: string): string {
  return normalizeForMatch(stripBoilerplate(question));
}

function stripBoilerplate(question: string): string {
  return question
    .trim()
    .replace(/^(?:q\s*[:.]\s*)?/i, "")
    .replace(/^(?:what|who|which)(?:\s+is|\s+are|'s|’s)\s+(?:(?:a|an|the)\s+)?/i, "")
    .replace(/^(?:define|explain|describe)\s+(?:(?:a|an|the)\s+)?/i, "")
    .replace(/\?+\s*$/, "");
}

interface QuestionKey {
  topic: string;
  /** Topic without spaces: compounds written apart or together compare equal. */
  compact: string;
  /** Sorted topic words, order-free. */
  bag: string;
  /** Topic without parentheticals and filler, compacted. */
  core: string;
  words: Set<string>;
  /** The same words in question order, for telling a modifier in front from a tail behind. */
  seq: string[];
  /** Words written capitalised inside the question: names ("NVIDIA"), not narrowing adjectives. */
  proper: Set<string>;
  /** Words that came from a hyphenated name suffix ("LLM" in "TensorRT-LLM"). */
  suffixes: Set<string>;
  grams: Map<string, number>;
  /** Numbers, operators with their operands, negations: never merged when they differ (`2^10` / `2*10`). */
  critical: string[];
}

function keyOf(question: string): QuestionKey {
  const raw = stripBoilerplate(question);
  const topic = normalizeForMatch(raw);
  const coreText = normalizeForMatch(raw.replace(/\([^()]*\)/g, " ").toLowerCase().replace(FILLER, " "));
  const seq = topic.split(" ").filter((w) => w && !STOPWORDS.has(w));
  const words = new Set(seq);
  const proper = new Set(
    raw
      .normalize("NFKC")
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => /^\p{Lu}/u.test(w))
      .map((w) => w.toLowerCase()),
  );
  const suffixes = new Set<string>();
  for (const m of raw.matchAll(/[A-Za-z0-9]+-([A-Za-z0-9]+)/g)) suffixes.add(m[1].toLowerCase());
  return {
    topic,
    compact: topic.replace(/ /g, ""),
    bag: [...words].sort().join(" "),
    core: coreText.replace(/ /g, ""),
    words,
    seq,
    proper,
    suffixes,
    grams: trigrams(topic),
    critical: questionSignature(question).critical,
  };
}

/** Exact sameness: normalised, compacted, reordered, or equal once glosses and filler go. */
function sameExactly(a: QuestionKey, b: QuestionKey): boolean {
  if (!sameList(a.critical, b.critical)) return false;
  if (!a.compact || !b.compact) return a.topic === b.topic;
  return a.compact === b.compact || a.bag === b.bag || (a.core.length > 0 && a.core === b.core);
}

/** Words of `a` not in `b`, with compound spellings reconciled. */
function extraWords(a: QuestionKey, b: QuestionKey): string[] {
  return [...a.words].filter((w) => !b.words.has(w));
}

/** Fuzzy sameness: high similarity and one side's words contain the other's (see file comment). */
function sameFuzzily(a: QuestionKey, b: QuestionKey, threshold: number): boolean {
  if (!sameList(a.critical, b.critical)) return false;
  const extraA = extraWords(a, b);
  const extraB = extraWords(b, a);
  if (extraA.length && extraB.length) {
    // "distributeddataparallel" vs "distributed data parallel": the same letters, split differently.
    if (extraA.slice().sort().join("") !== extraB.slice().sort().join("") && extraA.join("") !== extraB.join("")) return false;
    return diceOfGrams(a.grams, b.grams) >= threshold;
  }
  const extra = extraA.length ? extraA : extraB;
  const longer = extraA.length ? a : b;
  const shorter = extraA.length ? b : a;
  for (const w of extra) {
    if (/\d/.test(w) || COMPARISON.has(w) || longer.suffixes.has(w)) return false;
  }
  // A lower-case word in front of the shared ones narrows the topic ("safety alignment",
  // "inference pipeline parallelism", "diverse beam search"); a name there does not ("NVIDIA
  // Triton Inference Server"). Words behind it give context ("vector database in RAG").
  const firstShared = longer.seq.findIndex((w) => shorter.words.has(w));
  for (const w of longer.seq.slice(0, Math.max(firstShared, 0))) {
    if (!longer.proper.has(w)) return false;
  }
  return diceOfGrams(a.grams, b.grams) >= threshold;
}

/** True when the two questions ask the same thing (exported for tests and for ingest tools). */
export function sameQuestion(a: string, b: string, threshold = DEFAULT_MERGE_THRESHOLD): boolean {
  const ka = keyOf(a);
  const kb = keyOf(b);
  return sameExactly(ka, kb) || sameFuzzily(ka, kb, threshold);
}

/**
 * Answers count as the same when they only differ in formatting: Markdown emphasis, list markers
 * and numbering, `$` delimiters, `\rightarrow` vs `→`. Any difference in words keeps both.
 */
export function sameAnswerText(a: string, b: string): boolean {
  return answerFingerprint(a) === answerFingerprint(b);
}

function answerFingerprint(text: string): string {
  return normalizeForMatch(
    text
      .replace(/\\(?:rightarrow|to)\b/g, "→")
      .replace(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+/gm, " ")
      .replace(/\\text\{([^{}]*)\}/g, "$1"),
  ).replace(/→/g, " → ");
}

interface Group {
  card: CardItem;
  keys: QuestionKey[];
  /** Answers kept so far (main answer and alternatives), for the identical-answer check. */
  answers: string[];
  merged: number;
}

/**
 * Merge cards that ask the same question. The first card of each group keeps its question,
 * answer, deck and position; each later copy adds its answer (when new) to `alternatives` with
 * its source, its sources to `sources`, and its tags. Merged cards share a `group`. Pure.
 */
export function mergeDuplicateCards(cards: CardItem[], opts: MergeOptions = {}): MergeResult {
  const threshold = opts.threshold ?? DEFAULT_MERGE_THRESHOLD;
  const sameAnswer = opts.sameAnswer ?? sameAnswerText;
  const groups: Group[] = [];
  const byCompact = new Map<string, Group>();
  const byBag = new Map<string, Group>();
  const byCore = new Map<string, Group>();
  // Inverted index word -> groups, so fuzzy matching compares a card with a few candidates
  // instead of every group (50,000-card decks must stay linear-ish).
  const byWord = new Map<string, Group[]>();
  const diagnostics: Diagnostic[] = [];

  const index = (g: Group, k: QuestionKey) => {
    if (!byCompact.has(k.compact)) byCompact.set(k.compact, g);
    if (!byBag.has(k.bag)) byBag.set(k.bag, g);
    if (k.core && !byCore.has(k.core)) byCore.set(k.core, g);
    for (const w of k.words) {
      const list = byWord.get(w) ?? [];
      if (!list.includes(g)) list.push(g);
      byWord.set(w, list);
    }
  };

  const findGroup = (card: CardItem, k: QuestionKey): Group | undefined => {
    if (!k.topic) return undefined;
    const exact = byCompact.get(k.compact) ?? byBag.get(k.bag) ?? (k.core ? byCore.get(k.core) : undefined);
    const sameMaths = (g: Group) => g.keys.some((gk) => sameList(gk.critical, k.critical));
    if (exact && exact.card.deck.join("\u0000") === card.deck.join("\u0000") && sameMaths(exact)) return exact;
    const seen = new Set<Group>();
    for (const w of k.words) {
      const list = byWord.get(w);
      // A fuzzy match shares every word of the shorter question, so a rare word finds it; words
      // common to many groups ("model") narrow nothing and would make merging quadratic.
      if (!list || list.length > CANDIDATE_CAP) continue;
      for (const g of list) {
        if (seen.has(g)) continue;
        seen.add(g);
        if (g.card.deck.join("\u0000") !== card.deck.join("\u0000")) continue;
        if (g.keys.some((gk) => sameExactly(gk, k) || sameFuzzily(gk, k, threshold))) return g;
      }
    }
    return undefined;
  };

  for (const input of cards) {
    const k = keyOf(input.question);
    const g = findGroup(input, k);
    if (!g) {
      const card: CardItem = {
        ...input,
        alternatives: input.alternatives.slice(),
        sources: input.sources.slice(),
        tags: input.tags.slice(),
      };
      const group: Group = { card, keys: [k], answers: keptAnswers(card), merged: 0 };
      groups.push(group);
      index(group, k);
      continue;
    }
    absorb(g, input, sameAnswer);
    if (!g.keys.some((gk) => gk.compact === k.compact)) {
      g.keys.push(k);
      index(g, k);
    }
    diagnostics.push({
      file: input.source.file,
      line: input.source.line,
      severity: "info",
      rule: "duplicate-merged",
      message: `"${oneLine(input.question)}" merged into "${oneLine(g.card.question)}" (${g.card.source.file}:${g.card.source.line})`,
    });
  }

  const prefix = opts.groupPrefix ?? "dup";
  for (const g of groups) {
    if (g.merged > 0 && !g.card.group) {
      g.card.group = `${prefix}:${slugify(g.card.question) || "card"}:${g.card.source.line}`;
    }
  }
  return { cards: groups.map((g) => g.card), diagnostics };
}

function keptAnswers(card: CardItem): string[] {
  const out: string[] = [];
  if (card.answer !== null) out.push(card.answer);
  for (const alt of card.alternatives) out.push(alt.answer);
  return out;
}

function absorb(g: Group, copy: CardItem, sameAnswer: (a: string, b: string) => boolean): void {
  const card = g.card;
  g.merged++;
  const offered: { answer: string; source: SourceRef }[] = [];
  if (copy.answer !== null) offered.push({ answer: copy.answer, source: copy.source });
  offered.push(...copy.alternatives);
  for (const alt of offered) {
    if (!alt.answer.trim()) continue;
    if (g.answers.some((a) => sameAnswer(a, alt.answer))) continue;
    if (card.answer === null) card.answer = alt.answer; // an open copy gains the first real answer
    else card.alternatives.push({ answer: alt.answer, source: alt.source });
    g.answers.push(alt.answer);
  }
  for (const s of copy.sources) {
    if (!card.sources.some((t) => t.file === s.file && t.line === s.line)) card.sources.push(s);
  }
  for (const t of copy.tags) if (!card.tags.includes(t)) card.tags.push(t);
  for (const w of copy.widgets) if (!card.widgets.includes(w)) card.widgets.push(w);
  if (!card.context && copy.context) card.context = copy.context;
  if (copy.group && !card.group) card.group = copy.group;
}

function oneLine(text: string): string {
  const s = text.replace(/\s+/g, " ").trim();
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}
