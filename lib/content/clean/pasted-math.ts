/**
 * Cleaning step: math pasted from a rendered page. Copying KaTeX/MathJax output pastes each
 * formula twice (the TeX source and the rendered text) and then the rendered text again in broken
 * pieces, one per line:
 *
 *     $$y = \frac{x - \mu}{\sigma} \cdot \gamma + \beta$$     <- kept (the most complete formula)
 *     $$y = \sigma$$                                           <- fragment, dropped
 *     $$x - \mu$$                                              <- fragment, dropped
 *     $$\cdot \gamma + \beta$$                                 <- fragment, dropped
 *
 * Steps, each a small pure transform over source lines (outside code fences):
 *   1. `repairDoubledSymbols`: "matrices AA" / "A and BB" / "B to weight updates:" (a one-letter
 *      formula pasted as "AA" then "A") becomes "matrices $A$ and $B$ to weight updates:", and
 *      `$F_i F_i$` becomes `$F_i$`.
 *   2. `dedupeQuadPairs`: `$$A \quad A'$$` where A' restates A (same left-hand side) keeps the
 *      longer, more complete half.
 *   3. `reducePastedMath`: after a line with math (the anchor), consecutive lines that repeat one
 *      of its formulas, restate it (same left-hand side, the longer one kept), or are pieces of it
 *      (math-only, or a few plain symbols such as `m_{t-1}`, `η_t`, `)`, every word of which occurs
 *      in the anchor) are dropped; a sentence cut by the fragments ("Adds $\lambda\|W\|^2$" …
 *      "to loss function.") is joined back.
 *   4. `normalizeStrayTex`: `\rightarrow` and friends outside math become their Unicode symbol.
 * Every change is an info diagnostic (rule "pasted-math") at its file:line.
 */
import type { Diagnostic } from "../types";
import { similarity } from "../similarity";
import { codeFenceMask, type SourceLine } from "./source-lines";

export interface PastedMathResult {
  lines: SourceLine[];
  diagnostics: Diagnostic[];
  /** Source lines of the formulas whose group lost at least one duplicate or fragment. */
  groups: number[];
}

/** `$$...$$` (may span lines within one text) or `$...$`, not preceded by a backslash. */
const MATH_SPAN = /(?<!\\)\$\$([\s\S]+?)(?<!\\)\$\$|(?<!\\)\$([^$\n]+?)(?<!\\)\$/g;

export interface MathSpan {
  tex: string;
  display: boolean;
  start: number;
  end: number;
}

export function mathSpans(text: string): MathSpan[] {
  const out: MathSpan[] = [];
  for (const m of text.matchAll(MATH_SPAN)) {
    const display = m[1] !== undefined;
    out.push({ tex: (display ? m[1] : m[2]).trim(), display, start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/** Text with its math spans cut out. */
function withoutMath(text: string): string {
  return text.replace(MATH_SPAN, " ");
}

function isMathOnly(text: string): boolean {
  return mathSpans(text).length > 0 && /^[\s.,;:()]*$/.test(withoutMath(text));
}

const GREEK: Record<string, string> = {
  α: "alpha", β: "beta", γ: "gamma", δ: "delta", ε: "epsilon", ϵ: "epsilon", η: "eta", θ: "theta", λ: "lambda",
  μ: "mu", π: "pi", σ: "sigma", τ: "tau", φ: "phi", Φ: "Phi", ψ: "psi", ω: "omega", Σ: "sum", "∑": "sum",
  "∏": "prod", Π: "prod", "√": "sqrt", "·": "cdot", "×": "times", "∞": "infty", "≈": "approx", "≤": "leq", "≥": "geq",
};
const ARROWS = /\\(?:rightarrow|to|Rightarrow|leftarrow|mapsto)\b|→|⇒/g;

function unicodeToTex(text: string): string {
  return text.replace(/[αβγδεϵηθλμπσςτφΦψωΣ∑∏Π√·×∞≈≤≥]/g, (c) => ` \\${GREEK[c] ?? c} `);
}

/** Letters, digits and command names only: the form in which a piece is looked for in its formula. */
function compact(text: string): string {
  return unicodeToTex(text).replace(/[\s$\\{}_^]/g, "").toLowerCase();
}

function words(text: string): string[] {
  return (unicodeToTex(text.replace(ARROWS, " ")).toLowerCase().match(/[a-z0-9]+/g) ?? []).filter(Boolean);
}

/** The left-hand side of an equation (compacted), or null when there is no `=`. */
function lhs(tex: string): string | null {
  const i = tex.indexOf("=");
  return i > 0 ? compact(tex.slice(0, i)) : null;
}

/** Two formulas state the same thing: same left-hand side and mostly the same right. */
function restates(a: string, b: string): boolean {
  const la = lhs(a);
  return la !== null && la === lhs(b) && similarity(a, b) >= 0.6;
}

function mathKey(tex: string): string {
  return tex.replace(/\s+/g, "");
}

function info(file: string, line: number, message: string): Diagnostic {
  return { file, line, severity: "info", rule: "pasted-math", message };
}

function short(text: string): string {
  const s = text.trim().replace(/\s+/g, " ");
  return s.length > 70 ? `${s.slice(0, 67)}…` : s;
}

/** Step 1: "AA" + "A and BB" + "B to …" -> "$A$ and $B$ to …"; `$X X$` -> `$X$`. */
export function repairDoubledSymbols(lines: SourceLine[], file: string): { lines: SourceLine[]; diagnostics: Diagnostic[] } {
  const inCode = codeFenceMask(lines);
  const out: SourceLine[] = [];
  const diagnostics: Diagnostic[] = [];
  const outCode: boolean[] = [];
  for (let i = 0; i < lines.length; i++) {
    let text = lines[i].text;
    if (!inCode[i]) {
      const fixed = text.replace(/(?<!\\)\$([^$\n]+?)(?<!\\)\$/g, (all, tex: string) => {
        const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(tex);
        return m && m[1] === m[2] ? `$${m[1]}$` : all;
      });
      if (fixed !== text) {
        diagnostics.push(info(file, lines[i].line, `doubled inline formula reduced: ${short(text)}`));
        text = fixed;
      }
      // Join "… AA" with a following "A …" line (blank lines between allowed).
      let prevIdx = out.length - 1;
      while (prevIdx >= 0 && !out[prevIdx].text.trim()) prevIdx--;
      const prev = prevIdx >= 0 && !outCode[prevIdx] ? out[prevIdx] : undefined;
      const doubled = prev && /(?:^|\s)(([A-Za-z][A-Za-z0-9']?)\2)$/.exec(prev.text.trimEnd());
      if (prev && doubled && new RegExp(`^${escapeRe(doubled[2])}(?=[\\s.,;:]|$)`).test(text.trim())) {
        const sym = doubled[2];
        const head = prev.text.trimEnd().slice(0, -doubled[1].length);
        const rest = text.trim().slice(sym.length);
        prev.text = `${head}$${sym}$${rest}`;
        out.length = prevIdx + 1;
        outCode.length = prevIdx + 1;
        diagnostics.push(info(file, lines[i].line, `symbol "${sym}" pasted twice ("${sym}${sym}" then "${sym}") joined back into the sentence on line ${prev.line}`));
        continue;
      }
    }
    out.push({ line: lines[i].line, text });
    outCode.push(inCode[i]);
  }
  return { lines: out, diagnostics };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Step 2: `A \quad A'` where A' restates A -> the longer of the two. */
export function dedupeQuadPairs(lines: SourceLine[], file: string): { lines: SourceLine[]; diagnostics: Diagnostic[] } {
  const inCode = codeFenceMask(lines);
  const diagnostics: Diagnostic[] = [];
  const out = lines.map((l, i) => {
    if (inCode[i] || !l.text.includes("\\quad")) return l;
    const text = l.text.replace(MATH_SPAN, (all, display?: string, inline?: string) => {
      const tex = display ?? inline ?? "";
      const halves = tex.split(/\\quad/);
      if (halves.length !== 2) return all;
      const [a, b] = halves.map((h) => h.trim());
      if (mathKey(a) !== mathKey(b) && !restates(a, b)) return all;
      const keep = b.length > a.length ? b : a;
      diagnostics.push(info(file, l.line, `formula pasted twice on one line reduced to one: ${short(keep)}`));
      return display !== undefined ? `$$${keep}$$` : `$${keep}$`;
    });
    return text === l.text ? l : { line: l.line, text };
  });
  return { lines: out, diagnostics };
}

/** A short run of plain symbols ("m_{t-1}", "η_t", "logP", "precision · recall", ")"). */
function isPlainSymbols(text: string): boolean {
  const t = text.trim();
  return t.length <= 40 && !/^[-*+](?:\s|$)|^\d+[.)]\s/.test(t) && t.split(/\s+/).length <= 3 && !/[.!?:]\s*\S/.test(t);
}

type Verdict = { kind: "keep" } | { kind: "drop"; why: string } | { kind: "replace"; why: string };

function judge(unit: string, anchor: string): Verdict {
  const anchorMath = mathSpans(anchor);
  const anchorCompact = compact(anchor);
  if (isMathOnly(unit)) {
    const spans = mathSpans(unit);
    const anchorKeys = new Set(anchorMath.map((s) => mathKey(s.tex)));
    if (spans.every((s) => anchorKeys.has(mathKey(s.tex)))) return { kind: "drop", why: "repeat" };
    if (spans.length === 1 && anchorMath.length === 1 && isMathOnly(anchor) && restates(anchorMath[0].tex, spans[0].tex)) {
      return spans[0].tex.length > anchorMath[0].tex.length ? { kind: "replace", why: "restatement" } : { kind: "drop", why: "restatement" };
    }
    const c = compact(unit);
    if (c.length <= anchorCompact.length && isPieceOf(unit, anchorCompact)) return { kind: "drop", why: "fragment" };
    return { kind: "keep" };
  }
  if (anchorMath.length && isPlainSymbols(unit) && isPieceOf(unit, anchorCompact)) return { kind: "drop", why: "fragment" };
  return { kind: "keep" };
}

function isPieceOf(unit: string, anchorCompact: string): boolean {
  const c = compact(unit.replace(ARROWS, " "));
  if (c && anchorCompact.includes(c)) return true;
  return words(unit).every((w) => anchorCompact.includes(w));
}

/** Step 3 (see the file comment). Lines are one unit each; blank lines do not end a group. */
export function reducePastedMath(lines: SourceLine[], file: string): PastedMathResult {
  const inCode = codeFenceMask(lines);
  const out: SourceLine[] = [];
  const diagnostics: Diagnostic[] = [];
  let anchor: SourceLine | null = null; // the kept line whose formula the next lines may repeat
  let dropped = 0; // fragments dropped since the anchor
  const groups: number[] = [];

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (inCode[i]) {
      anchor = null;
      out.push(l);
      continue;
    }
    const text = l.text;
    if (!text.trim()) {
      out.push(l);
      continue;
    }
    if (anchor) {
      const v = judge(text, anchor.text);
      if (v.kind !== "keep") {
        if (dropped === 0) groups.push(anchor.line);
        dropped++;
        if (v.kind === "replace") {
          diagnostics.push(info(file, anchor.line, `formula restated on line ${l.line}; kept the more complete one: ${short(text)}`));
          anchor.text = text;
        } else {
          diagnostics.push(info(file, l.line, `${v.why} of the formula on line ${anchor.line} dropped: ${short(text)}`));
        }
        trimBlanksAfter(out, anchor);
        continue;
      }
      // A sentence cut in two by the fragments: "Adds $\lambda \|W\|_2^2$" … "to loss function."
      if (dropped > 0 && !isMathOnly(anchor.text) && !/[.:!?]\s*$/.test(anchor.text) && /^\s*(?:[a-z]|=|\))/.test(text)) {
        anchor.text = `${anchor.text.trimEnd()} ${text.trim()}`;
        diagnostics.push(info(file, l.line, `sentence split by pasted math joined back to line ${anchor.line}`));
        trimBlanksAfter(out, anchor);
        continue;
      }
    }
    out.push(l);
    anchor = mathSpans(text).length ? l : null;
    dropped = 0;
  }
  return { lines: out, diagnostics, groups };
}

/** Blank lines between the anchor and a dropped fragment go with the fragment. */
function trimBlanksAfter(out: SourceLine[], anchor: SourceLine): void {
  while (out.length && out[out.length - 1] !== anchor && !out[out.length - 1].text.trim()) out.pop();
}

const STRAY_TEX: Record<string, string> = {
  rightarrow: "→", Rightarrow: "⇒", leftarrow: "←", Leftarrow: "⇐", leftrightarrow: "↔", to: "→",
  times: "×", approx: "≈", leq: "≤", geq: "≥", neq: "≠", cdot: "·", infty: "∞",
};

/** Step 4: `\rightarrow` outside math and code spans -> "→". */
export function normalizeStrayTex(lines: SourceLine[], file: string): { lines: SourceLine[]; diagnostics: Diagnostic[] } {
  const inCode = codeFenceMask(lines);
  const diagnostics: Diagnostic[] = [];
  const names = Object.keys(STRAY_TEX).join("|");
  const stray = new RegExp(String.raw`\\(${names})(?![A-Za-z])`, "g");
  const out = lines.map((l, i) => {
    if (inCode[i] || !l.text.includes("\\")) return l;
    // Split into math spans, code spans and prose; only prose is touched.
    const parts = l.text.split(/((?<!\\)\$\$[\s\S]+?(?<!\\)\$\$|(?<!\\)\$[^$\n]+?(?<!\\)\$|`[^`]*`)/);
    let changed = false;
    const text = parts
      .map((p, k) => {
        if (k % 2 === 1) return p;
        return p.replace(stray, (_, name: string) => {
          changed = true;
          return STRAY_TEX[name];
        });
      })
      .join("");
    if (!changed) return l;
    diagnostics.push(info(file, l.line, `TeX command outside math replaced by its symbol: ${short(l.text)}`));
    return { line: l.line, text };
  });
  return { lines: out, diagnostics };
}

/** All steps in order. */
export function cleanPastedMath(lines: SourceLine[], file: string): PastedMathResult {
  const a = repairDoubledSymbols(lines, file);
  const b = dedupeQuadPairs(a.lines, file);
  const c = reducePastedMath(b.lines, file);
  const d = normalizeStrayTex(c.lines, file);
  return {
    lines: d.lines,
    diagnostics: [...a.diagnostics, ...b.diagnostics, ...c.diagnostics, ...d.diagnostics].sort((x, y) => x.line - y.line),
    groups: [...new Set([...b.diagnostics.map((x) => x.line), ...c.groups])].sort((x, y) => x - y),
  };
}
