// npm run model:eval -- [--dir public/model] [--text FILE] [--backend wasm|cpu] [--json]
// Cross-entropy (nats per character) of saved weights on the validation split shipped with them
// (<dir>/validation.txt, else rebuilt from content/) and on the training split rebuilt from content/,
// plus how much of the validation text sits inside verbatim ≥ 32-character matches with training.
// --json prints one object: { valLoss, trainLoss, split, nearDuplicateShare, ... }.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildCorpus, nearDuplicateShare } from "../lib/model/corpus";
import { corpusHash, initNodeBackend, loadModelFromDir, readCorpusFiles } from "../lib/model/node";
import { evaluate } from "../lib/model/train";

const { values: args } = parseArgs({
  options: {
    dir: { type: "string", default: "public/model" },
    text: { type: "string" },
    content: { type: "string", default: "content" },
    backend: { type: "string", default: "wasm" },
    json: { type: "boolean", default: false },
  },
});

const backend = await initNodeBackend(args.backend as "wasm" | "cpu");
const { model, vocab, manifest } = await loadModelFromDir(args.dir!);
const files = await readCorpusFiles(args.content!);
const corpus = buildCorpus(files, manifest.corpus.valFraction);
const contentChanged = corpusHash(files) !== manifest.corpus.sha256;
let valText: string;
let source: string;
const shipped = path.join(args.dir!, "validation.txt");
if (args.text) {
  valText = await readFile(args.text, "utf8");
  source = args.text;
} else if (existsSync(shipped)) {
  valText = await readFile(shipped, "utf8");
  source = shipped;
} else {
  valText = corpus.val;
  source = `${args.content}/ (validation split${contentChanged ? ", content changed since training" : ""})`;
}
// The split the weights were trained on: the manifest names it (weights from before the duplicate-group
// split say nothing, and their training text is not the one rebuilt here).
const split = manifest.corpus.split ?? "file-tail";
const t0 = performance.now();
const val = vocab.encode(valText);
const v = await evaluate(model, Int32Array.from(val.ids));
const t = await evaluate(model, Int32Array.from(vocab.encode(corpus.train).ids));
const share = nearDuplicateShare(corpus.train, valText);
const seconds = (performance.now() - t0) / 1000;
model.dispose();

if (args.json) {
  const out = {
    valLoss: round(v.loss),
    trainLoss: round(t.loss),
    split,
    nearDuplicateShare: round(share),
    valChars: v.chars,
    trainChars: t.chars,
    valPerplexity: round(v.perplexity),
    manifestValLoss: round(manifest.validation.loss),
    contentChanged,
    trainTextMatchesWeights: split === corpus.split && !contentChanged,
    backend,
  };
  console.log(JSON.stringify(out));
} else {
  console.log(`model      ${args.dir} (${manifest.parameters.toLocaleString()} parameters, ${manifest.dtype}, ${manifest.training.steps} steps, split ${split})`);
  console.log(`val text   ${source}: ${val.ids.length} chars, ${val.unknown.length} unknown (${[...new Set(val.unknown.map((u) => u.char))].join("") || "none"})`);
  console.log(`backend    ${backend}, ${seconds.toFixed(1)} s`);
  console.log(`val loss   ${v.loss.toFixed(4)} nats/char over ${v.chars} predicted chars (manifest: ${manifest.validation.loss.toFixed(4)}), perplexity ${v.perplexity.toFixed(3)}`);
  console.log(`train loss ${t.loss.toFixed(4)} nats/char over ${t.chars} chars${split === corpus.split && !contentChanged ? "" : " (not the text these weights trained on)"}`);
  console.log(`near-dup   ${(share * 100).toFixed(1)}% of validation characters inside verbatim ≥ 32-character matches with training`);
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
