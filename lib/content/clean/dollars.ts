import type { Diagnostic } from "../types";

/**
 * A `$` is math only when it pairs on its own line (issue 12: "a bare `$5 ... $` silently
 * becomes math"; remark-math pairs `$` across lines and around prices). Rules, per line, outside
 * code (fences, indented lines, backtick spans) and `$$` display math:
 *   - `$` signs pair left to right; a closing `$` is not preceded by a space nor followed by a
 *     digit (after Pandoc: "costs $5 and $10" has no formula);
 *   - a `$` without a partner on the line becomes `\$`, a dollar sign, and the author is warned
 *     when the line looks like TeX (`\frac`, `^`, `_`, `{`), since a formula was probably meant;
 *   - a pair whose content starts with a number and holds words ("$5 and 10$") is prices: text,
 *     with a warning, since it is the one case where the author may have meant either.
 */
const FENCE = /^[ \t]*(`{3,}|~{3,})/;
const TEX_HINT = /\\[a-zA-Z]+|[\^_{}]/;

export function escapeLoneDollars(text: string, file: string, line: number): { text: string; diagnostics: Diagnostic[] } {
  if (!text.includes("$")) return { text, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  let fence: string | null = null;
  let display = false;
  const out = text.split("\n").map((raw, index) => {
    const f = FENCE.exec(raw);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      return raw;
    }
    if (fence !== null || /^(?: {4}|\t)/.test(raw) || !raw.includes("$")) return raw;
    if (raw.includes("$$")) {
      // `$$` alone opens or closes display math; `$$…$$` on one line is display math whole.
      if ((raw.match(/\$\$/g) ?? []).length % 2 === 1) display = !display;
      return raw;
    }
    if (display) return raw;
    return fixLine(raw, (message) => diagnostics.push({ file, line: line + index, severity: "warning", rule: "math-dollar", message }));
  });
  return { text: out.join("\n"), diagnostics };
}

function fixLine(line: string, warn: (message: string) => void): string {
  const dollars: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "\\") i++;
    else if (c === "`") {
      let run = 0;
      while (line[i + run] === "`") run++;
      // A code span is looked for within 2,000 characters: lone backticks stay linear.
      const found = line.slice(i + run, i + run + 2000).indexOf("`".repeat(run));
      i = found < 0 ? i + run - 1 : i + run + found + run - 1;
    } else if (c === "$") dollars.push(i);
  }
  if (!dollars.length) return line;
  const lone: number[] = [];
  // nextCloser[k]: the first `$` after the k-th that may close a formula (one pass from the right,
  // so a line of many `$` stays linear).
  const nextCloser: number[] = new Array(dollars.length).fill(-1);
  for (let k = dollars.length - 2; k >= 0; k--) {
    const p = dollars[k + 1];
    nextCloser[k] = !/\s/.test(line[p - 1]) && !/\d/.test(line[p + 1] ?? "") ? k + 1 : nextCloser[k + 1];
  }
  for (let k = 0; k < dollars.length; ) {
    const open = dollars[k];
    const closeIndex = nextCloser[k];
    if (closeIndex < 0) {
      lone.push(open);
      k++;
      continue;
    }
    const close = closeIndex - k - 1;
    const end = dollars[closeIndex];
    const inner = line.slice(open + 1, end);
    // "$5 and $10, and $x^2$": a `$` before a number with prose up to the next `$` is a price.
    if (/^\d/.test(inner) && /\s/.test(inner) && /(?:^|[^\\a-zA-Z])[a-zA-Z]{3,}/.test(inner)) {
      warn(`"$${inner}$" looks like prices, not a formula: shown as text. For a formula, keep words out of it or use \\text{}.`);
      lone.push(open);
      k++;
      continue;
    }
    k += close + 2;
  }
  if (!lone.length) return line;
  if (TEX_HINT.test(line)) warn(`A \`$\` with no partner on this line is shown as a dollar sign; if it starts a formula, close it with \`$\` on the same line.`);
  let out = "";
  let at = 0;
  for (const p of lone) {
    out += line.slice(at, p) + "\\$";
    at = p + 1;
  }
  return out + line.slice(at);
}
