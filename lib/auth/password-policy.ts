/**
 * Which new passwords are accepted, after NIST SP 800-63B §5.1.1.2: at least 10 characters (not
 * bytes), at most 200, no control characters (NUL, newline: they are never typed and break
 * forms), not only spaces, and not a common or easily guessed password. The last check is
 * zxcvbn-ts with its common dictionaries (30,000 leaked passwords, names and words, keyboard
 * runs, repeats, sequences, dates); a password scoring below 3 of 4 is refused with the reason.
 * No composition rules ("one digit, one symbol"), as NIST advises.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

export const MIN_PASSWORD_CHARS = 10;
export const MAX_PASSWORD_CHARS = 200;
/** zxcvbn's score 3: "safely unguessable", about 10^8 guesses or more. */
const MIN_SCORE = 3;

let factory: ZxcvbnFactory | null = null;
const zxcvbn = () => (factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

/** zxcvbn's warning keys, in the learner's words. */
const WARNINGS: Record<string, string> = {
  topTen: "This is one of the ten most used passwords.",
  topHundred: "This is one of the hundred most used passwords.",
  common: "This is a commonly used password.",
  similarToCommon: "This is too close to a commonly used password.",
  wordByItself: "A single word is easy to guess.",
  namesByThemselves: "Names on their own are easy to guess.",
  commonNames: "Common names are easy to guess.",
  userInputs: "It should not contain your name or e-mail.",
  straightRow: "A row of keys is easy to guess.",
  keyPattern: "A keyboard pattern is easy to guess.",
  simpleRepeat: 'Repeated characters like "aaa" are easy to guess.',
  extendedRepeat: 'Repeated patterns like "abcabc" are easy to guess.',
  sequences: 'Sequences like "abc" or "6543" are easy to guess.',
  recentYears: "Recent years are easy to guess.",
  dates: "Dates are easy to guess.",
  pwned: "This password appeared in a data breach.",
};

/** Why `password` is refused, or null when it is acceptable. `context`: the account's e-mail and name. */
export function passwordProblem(password: string, context: string[] = []): string | null {
  const chars = [...password].length;
  if (chars < MIN_PASSWORD_CHARS) return `Use at least ${MIN_PASSWORD_CHARS} characters.`;
  if (chars > MAX_PASSWORD_CHARS) return `Use at most ${MAX_PASSWORD_CHARS} characters.`;
  if (/[\u0000-\u001f\u007f]/.test(password)) return "Use only characters you can type (no control characters).";
  if (password.trim() === "") return "A password of only spaces is easy to guess.";
  const inputs = context.flatMap((c) => [c, ...c.split(/[@.\s]+/)]).filter((c) => c.length >= 3);
  const result = zxcvbn().check(password, inputs);
  if (result.score >= MIN_SCORE) return null;
  const reason = (result.feedback.warning && WARNINGS[result.feedback.warning]) || "This password is easy to guess.";
  return `${reason} Try a few unrelated words.`;
}
