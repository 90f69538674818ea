/**
 * Summarise a V8 CPU profile (`node --cpu-prof`, or BENCH_PROFILE=<dir> npm run bench:review):
 * self time by package or project folder, and the top functions, so a regression can be traced to
 * the part of the request path that grew.
 *   node --import tsx bench/tools/profile-summary.ts <file.cpuprofile> [--top 25]
 */
import fs from "node:fs";
import { parseArgs } from "node:util";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const { positionals, values } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "25" } } });
const profile = JSON.parse(fs.readFileSync(positionals[0], "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
const total = [...self.values()].reduce((a, b) => a + b, 0);

/** Where a frame's code lives: node_modules/<package>, a project folder, node: internals, or (program/idle/gc). */
function area(url: string, fn: string): string {
  if (!url) return `(${fn || "native"})`;
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.startsWith("node:")) return "node:" + url.slice(5).split("/")[0];
  const own = url.match(/\/(app|lib|components|\.next\/server\/[^/]+)\//);
  return own ? own[1] : url.split("/").slice(-2).join("/");
}
const sum = (key: (n: Node) => string) => {
  const m = new Map<string, number>();
  for (const [id, ms] of self) {
    const k = key(byId.get(id)!);
    m.set(k, (m.get(k) ?? 0) + ms);
  }
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
};
const show = (title: string, rows: [string, number][]) => {
  console.log(`\n${title}`);
  for (const [k, ms] of rows) console.log(`${((100 * ms) / total).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms  ${k}`);
};
console.log(`total ${total.toFixed(0)} ms sampled`);
show("self time by area", sum((n) => area(n.callFrame.url, n.callFrame.functionName)));
show("self time by function", sum((n) => `${n.callFrame.functionName || "(anonymous)"}  ${n.callFrame.url.split("/").slice(-3).join("/")}:${n.callFrame.lineNumber + 1}`));
