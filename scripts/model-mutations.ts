// npm run test:mutations -- [--only NAME]
// Breaks the mechanisms the widgets teach, one at a time, and checks that the tests guarding each one fail.
// Each mutation is applied to a copy of the worktree (node_modules linked), never to the files here, so an
// interrupted run leaves nothing broken behind. The unmutated copy must pass the same tests first, so a
// failure is the mutation's doing. Exit code 1 when a mutation survives (its tests still pass).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

interface Mutation {
  name: string;
  file: string;
  find: string; // must occur exactly once
  replace: string;
  tests: string[];
}

const MUTATIONS: Mutation[] = [
  {
    name: "model divides scores by d instead of √d",
    file: "lib/model/minigpt.ts",
    find: "sw.scaling === false ? raw : tf.div(raw, Math.sqrt(D))",
    replace: "sw.scaling === false ? raw : tf.div(raw, D)",
    tests: ["tests/model/taps.test.ts", "tests/widgets/compute.test.ts"],
  },
  {
    name: "scaling widget divides by d instead of √d",
    file: "lib/widgets/compute.ts",
    find: "r.map((v) => v / Math.sqrt(d))",
    replace: "r.map((v) => v / d)",
    tests: ["tests/widgets/compute.test.ts"],
  },
  {
    name: "KV-cache tap renamed (kCache → keyCache)",
    file: "lib/model/minigpt.ts",
    find: 'this.tapHeads(rec, "kCache", k);',
    replace: 'this.tapHeads(rec, "keyCache", k);',
    tests: ["tests/widgets/compute.test.ts", "tests/model/kvcache.test.ts"],
  },
  {
    name: "query tap renamed (q → query)",
    file: "lib/model/minigpt.ts",
    find: 'this.tapHeads(rec, "q", q);',
    replace: 'this.tapHeads(rec, "query", q);',
    tests: ["tests/widgets/compute.test.ts", "tests/model/kvcache.test.ts"],
  },
  {
    name: "top-p sums the mass before top-k renormalised it",
    file: "lib/model/sampling.ts",
    find: "cumulative += probs[order[r]] / massK;",
    replace: "cumulative += probs[order[r]];",
    tests: ["tests/model/sampling.test.ts", "tests/widgets/compute.test.ts"],
  },
  {
    name: "KV-cache reruns copy the cached characters instead of choosing their own",
    file: "lib/widgets/compute.ts",
    find: "    ids.push(argmax(logits));\n    if (s === cached.ids.length - 1) break;",
    replace: "    ids.push(cached.ids[s]);\n    if (s === cached.ids.length - 1) break;",
    tests: ["tests/widgets/compute.test.ts"],
  },
  {
    name: "causal mask off",
    file: "lib/model/minigpt.ts",
    find: "const masked = pass.maskBias ? tf.add(scaled, pass.maskBias) : scaled; // [B,H,T,Tk], mask broadcast",
    replace: "const masked = scaled;",
    tests: ["tests/model/minigpt.test.ts", "tests/widgets/compute.test.ts"],
  },
];

const { values: args } = parseArgs({ options: { only: { type: "string" } } });
const root = path.resolve(import.meta.dirname, "..");
const chosen = MUTATIONS.filter((m) => !args.only || m.name.includes(args.only));
if (chosen.length === 0) throw new Error(`no mutation matches "${args.only}"`);

const SKIP = new Set(["node_modules", ".git", ".next", "checkpoints", "test-results", "data", "generated"]);
const copy = fs.mkdtempSync(path.join(os.tmpdir(), "attend-mutations-"));
fs.cpSync(root, copy, { recursive: true, filter: (src) => !SKIP.has(path.relative(root, src).split(path.sep)[0]) || src === root });
fs.symlinkSync(path.join(root, "node_modules"), path.join(copy, "node_modules"), "dir");
if (fs.existsSync(path.join(root, "generated"))) fs.symlinkSync(path.join(root, "generated"), path.join(copy, "generated"), "dir");

function vitest(files: string[]): { ok: boolean; failed: string[]; tail: string } {
  const r = spawnSync("npx", ["vitest", "run", ...files], { cwd: copy, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const out = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
  const failed = [...out.matchAll(/^\s*FAIL\s+(tests\/\S+ > .+)$/gm)].map((m) => m[1].trim());
  return { ok: r.status === 0, failed: [...new Set(failed)].slice(0, 4), tail: out.split("\n").slice(-12).join("\n") };
}

let survived = 0;
try {
  const allTests = [...new Set(chosen.flatMap((m) => m.tests))];
  const baseline = vitest(allTests);
  if (!baseline.ok) throw new Error(`the unmutated code fails its own tests; fix that first:\n${baseline.tail}`);
  console.log(`baseline: ${allTests.join(", ")} pass`);
  for (const m of chosen) {
    const file = path.join(copy, m.file);
    const original = fs.readFileSync(file, "utf8");
    const at = original.indexOf(m.find);
    if (at < 0 || original.indexOf(m.find, at + 1) >= 0) throw new Error(`${m.name}: "${m.find}" must occur exactly once in ${m.file}`);
    fs.writeFileSync(file, original.replace(m.find, m.replace));
    const r = vitest(m.tests);
    fs.writeFileSync(file, original);
    if (r.ok) survived++;
    console.log(`${r.ok ? "SURVIVED" : "caught  "}  ${m.name}${r.ok ? "" : `: ${r.failed.join(" | ") || "tests failed"}`}`);
  }
} finally {
  fs.rmSync(copy, { recursive: true, force: true });
}
console.log(`${chosen.length - survived} of ${chosen.length} mutations caught`);
process.exit(survived ? 1 : 0);
