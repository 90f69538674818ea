/**
 * npm run bench:optimizer
 * 100,000 review logs of a simulated learner (ts-fsrs, non-default "true" parameters, seeded) in
 * a fresh SQLite database, then the optimizer job's path, timed step by step:
 *   1. read the history from the database and build FSRS items (lib/db/stats loadFsrsItems),
 *   2. compute the 21 parameters (binding computeParameters),
 *   3. evaluate before/after on a time-series split (binding evaluateWithTimeSeriesSplits).
 * Target: steps 1–2 (the parameters) under 10 s.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { default_w } from "ts-fsrs";
import { migrateDatabase } from "@/lib/db/migrate";
import { createDb } from "@/lib/db/client";
import { registerUser } from "@/lib/auth/users";
import { restoreBackup, type Backup } from "@/lib/db/portability";
import { loadFsrsItems } from "@/lib/db/stats";
import { DEFAULT_SETTINGS, settingsForTesting } from "@/lib/srs";
import { simulatedLogRow, simulateHistory } from "@/lib/stats";
import { evaluate, optimize, toBindingItems } from "@/lib/stats/optimizer";

const LOGS = 100_000;
const CARDS = 8_000;
const DAYS = 400;
const root = path.resolve(import.meta.dirname, "../..");
const secs = (ms: number) => (ms / 1000).toFixed(2);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attend-bench-optimizer-"));
const url = `file:${path.join(dir, "optimizer.db")}`;
await migrateDatabase(url, root);
const db = createDb(url);

let t = performance.now();
const trueWeights = [...default_w];
Object.assign(trueWeights, { 0: 0.6, 1: 2.5, 2: 6, 3: 20, 8: 1.2, 20: 0.4 });
const cardIds = Array.from({ length: CARDS }, (_, i) => `bench-card-${i}`);
const sim = simulateHistory({ cardIds, start: new Date("2025-01-01T09:00:00Z"), days: DAYS, trueWeights, settings: settingsForTesting(), newPerDay: 25, seed: 42 });
if (sim.logs.length < LOGS) throw new Error(`simulation gave only ${sim.logs.length} logs`);
const logs = sim.logs.slice(0, LOGS);
console.log(`simulated ${logs.length} logs on ${new Set(logs.map((l) => l.cardId)).size} cards in ${secs(performance.now() - t)} s`);

t = performance.now();
await db.deck.create({ data: { id: "bench", path: "Bench", name: "Bench", depth: 0 } });
await db.card.createMany({ data: cardIds.map((id, i) => ({ id, deckId: "bench", question: `Q${i}`, questionHtml: `<p>Q${i}</p>`, position: i, contentHash: "bench" })) });
const user = await registerUser(db, { email: "bench@example.com", name: "Bench", password: "bench password 123" });
const backup: Backup = {
  format: "attend-backup",
  version: 1,
  exportedAt: new Date().toISOString(),
  timeZone: "UTC",
  settings: { ...DEFAULT_SETTINGS },
  deckOverrides: [],
  cardStates: [],
  reviewLogs: logs.map((l, i) => simulatedLogRow(l, `log-${i}`)),
};
const restored = await restoreBackup(db, user.id, backup);
if (!restored.ok) throw new Error(restored.problems.join("\n"));
console.log(`stored ${restored.reviewLogs} logs in ${secs(performance.now() - t)} s`);

const t0 = performance.now();
const items = await loadFsrsItems(db, user.id);
const t1 = performance.now();
let trained = 0;
const result = await optimize(items, null, (phase, fraction) => {
  if (phase === "evaluating" && fraction === 0 && !trained) trained = performance.now();
});
const t2 = performance.now();
console.log(`load + convert: ${secs(t1 - t0)} s (${items.length} FSRS items, ${result.reviews} long-term reviews)`);
console.log(`computeParameters: ${secs(trained - t1)} s`);
console.log(`time-series evaluation + before: ${secs(t2 - trained)} s`);
console.log(`OPTIMIZED ${LOGS} review logs in ${secs(trained - t0)} s (read + convert + train); whole job with evaluation ${secs(t2 - t0)} s`);
console.log(`log loss before ${result.before.logLoss.toFixed(4)} after ${result.after.logLoss.toFixed(4)}; RMSE(bins) before ${(result.before.rmseBins * 100).toFixed(2)}% after ${(result.after.rmseBins * 100).toFixed(2)}%`);
const test = toBindingItems(items);
console.log(`in-sample log loss: defaults ${evaluate(test, null).logLoss.toFixed(4)}, optimized ${evaluate(test, result.weights).logLoss.toFixed(4)}, true ${evaluate(test, trueWeights).logLoss.toFixed(4)}`);
await db.$disconnect();
fs.rmSync(dir, { recursive: true, force: true });
