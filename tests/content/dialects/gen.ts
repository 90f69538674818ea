/** fast-check generators shared by the Markdown-flashcard dialect tests: plain sentences, no markup. */
import fc from "fast-check";

const WORDS = ["attention", "softmax", "gradient", "layer", "token", "norm", "the", "a", "of", "model", "loss", "value", "query", "key", "scale", "head", "x", "2", "step"];

export const sentence = (min = 2, max = 9) => fc.array(fc.constantFrom(...WORDS), { minLength: min, maxLength: max }).map((w) => w.join(" "));
export const question = sentence(2, 8).map((s) => `What is ${s}?`);
export const answer = fc.array(sentence(1, 12), { minLength: 1, maxLength: 3 }).map((lines) => lines.join("\n"));
export const qaList = fc.array(fc.record({ q: question, a: answer }), { minLength: 1, maxLength: 12 });
