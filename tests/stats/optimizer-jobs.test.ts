import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { registerUser } from "@/lib/auth/users";
import { createDb, type Db } from "@/lib/db/client";
import { insertOptimizerJob } from "@/lib/db/optimizer-jobs";
import { MIN_REVIEWS } from "@/lib/stats/optimizer";
import { getOptimizerJob, latestOptimizerJob, startOptimizerJob } from "@/lib/stats/optimizer-jobs";
import { freshDb } from "../helpers/db";

/**
 * Optimizer runs are rows (issue 11: several app instances behind a load balancer): the instance
 * that starts a run writes its progress, another answers the page's polls; a learner's running job
 * is not doubled by a second instance; a run whose server went away reads as failed.
 */
let a: Db;
let b: Db;
let dir: string;
let cleanup: () => Promise<void>;
let ada: string;
let bob: string;

beforeEach(async () => {
  let url: string;
  ({ db: a, url, dir, cleanup } = await freshDb());
  b = createDb(url); // a second instance's client on the same database
  ada = (await registerUser(a, { email: "ada@example.com", name: "Ada", password: "correct horse battery" })).id;
  bob = (await registerUser(a, { email: "bob@example.com", name: "Bob", password: "correct horse battery" })).id;
});
afterEach(async () => {
  await b.$disconnect();
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const row = (id: string, phase: string, heartbeatAt: Date) => ({
  id, userId: ada, phase, progress: 0.4, startedAt: heartbeatAt, finishedAt: null, heartbeatAt, result: null, current: null, needed: 0, minimum: MIN_REVIEWS, error: null,
});

/** Poll from the other instance until the run ends (as the page does). */
const finished = (id: string) =>
  vi.waitFor(
    async () => {
      const job = await getOptimizerJob(b, ada, id);
      if (!job?.finishedAt) throw new Error(`still ${job?.phase}`);
      return job;
    },
    { timeout: 20_000, interval: 50 },
  );

describe("optimizer jobs across instances", () => {
  it("a run started on one instance is followed to its end from the other; other learners see nothing", async () => {
    const started = await startOptimizerJob(a, ada);
    expect(started.phase).toBe("loading");
    const done = await finished(started.id);
    expect(done.phase).toBe("too-little-data");
    expect(done.needed).toBe(MIN_REVIEWS); // no reviews yet
    expect(done.finishedAt).not.toBeNull();
    expect((await latestOptimizerJob(b, ada))!.id).toBe(started.id);
    expect(await getOptimizerJob(b, bob, started.id)).toBeNull();
    expect(await latestOptimizerJob(b, bob)).toBeNull();
  });

  it("returns the learner's running job instead of starting a second one, whichever instance is asked", async () => {
    const now = new Date();
    await insertOptimizerJob(a, row("running-1", "training", now));
    const again = await startOptimizerJob(b, ada, now);
    expect(again.id).toBe("running-1");
    expect(again.phase).toBe("training");
    expect(await a.optimizerJob.count({ where: { userId: ada } })).toBe(1);
  });

  it("reads a running job whose heartbeat stopped as failed, and a new start replaces it", async () => {
    const now = new Date();
    await insertOptimizerJob(a, row("orphan-1", "training", new Date(now.getTime() - 60_000)));
    const orphan = (await getOptimizerJob(b, ada, "orphan-1", now))!;
    expect(orphan.phase).toBe("failed");
    expect(orphan.error).toMatch(/server running this optimization stopped/);
    const fresh = await startOptimizerJob(b, ada, now);
    expect(fresh.id).not.toBe("orphan-1");
    await finished(fresh.id);
  });
});
