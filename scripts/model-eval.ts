// npm run model:eval -- [--dir public/model] [--text FILE] [--backend wasm|cpu]
// Validation cross-entropy (nats per character) and perplexity of saved weights. The text defaults to the
// validation split shipped with the weights (<dir>/validation.txt), else the split rebuilt from content/.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildCorpus } from "../lib/model/corpus";
import { corpusHash, initNodeBackend, loadModelFromDir, readCorpusFiles } from "../lib/model/node";
import { evaluate } from "../lib/model/train";

const { values: args } = parseArgs({
  options: {
    dir: { type: "string", default: "public/model" },
    text: { type: "string" },
    content: { type: "string", default: "content" },
    backend: { type: "string", default: "wasm" },
  },
});

const backend = await initNodeBackend(args.backend as "wasm" | "cpu");
const { model, vocab, manifest } = await loadModelFromDir(args.dir!);
let text: string;
let source: string;
const shipped = path.join(args.dir!, "validation.txt");
if (args.text) {
  text = await readFile(args.text, "utf8");
  source = args.text;
} else if (existsSync(shipped)) {
  text = await readFile(shipped, "utf8");
  source = shipped;
} else {
  const files = await readCorpusFiles(args.content!);
  text = buildCorpus(files, manifest.corpus.valFraction).val;
  source = `${args.content}/ (validation split${corpusHash(files) === manifest.corpus.sha256 ? "" : ", content changed since training"})`;
}
const { ids, unknown } = vocab.encode(text);
const t0 = performance.now();
const r = await evaluate(model, Int32Array.from(ids));
const seconds = (performance.now() - t0) / 1000;
console.log(`model      ${args.dir} (${manifest.parameters.toLocaleString()} parameters, ${manifest.dtype}, ${manifest.training.steps} steps)`);
console.log(`text       ${source}: ${ids.length} chars, ${unknown.length} unknown (${[...new Set(unknown.map((u) => u.char))].join("") || "none"})`);
console.log(`backend    ${backend}, ${seconds.toFixed(1)} s`);
console.log(`val loss   ${r.loss.toFixed(4)} nats/char over ${r.chars} predicted chars (manifest: ${manifest.validation.loss.toFixed(4)})`);
console.log(`perplexity ${r.perplexity.toFixed(3)}`);
model.dispose();
