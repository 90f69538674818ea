import { describe, expect, it } from "vitest";
import { DUE_COUNT_TTL_MS, DueCountCache, NEW_FLOOR_TTL_MS, NewCardFloor } from "@/lib/db/store-cache";

const day = (n: number) => new Date(Date.UTC(2026, 2, 2 + n, 4));

describe("remembered due counts (lib/db/store-cache.ts)", () => {
  it("answers a day it was given, for the same bounds only", () => {
    const cache = new DueCountCache(() => 0);
    cache.fill("u", cache.generation("u"), [{ start: day(3), end: day(4), n: 7 }]);
    expect(cache.get("u", day(3), day(4))).toBe(7);
    expect(cache.get("u", day(3), new Date(day(4).getTime() + 3_600_000))).toBeUndefined(); // a 25-hour day is another day
    expect(cache.get("v", day(3), day(4))).toBeUndefined();
  });

  it("forgets only the days holding a written card's old and new due dates", () => {
    const cache = new DueCountCache(() => 0);
    cache.fill("u", cache.generation("u"), [3, 4, 5, 6].map((d) => ({ start: day(d), end: day(d + 1), n: d })));
    cache.forget("u", [new Date(day(4).getTime() + 60_000), null, day(6)]);
    expect([3, 4, 5, 6].map((d) => cache.get("u", day(d), day(d + 1)))).toEqual([3, undefined, 5, undefined]);
    cache.forget("u", null);
    expect(cache.get("u", day(3), day(4))).toBeUndefined();
  });

  it("does not keep counts read before a write of the same learner (generation)", () => {
    const cache = new DueCountCache(() => 0);
    const before = cache.generation("u");
    cache.forget("u", [day(9)]); // a grade landed while the counts were being read
    cache.fill("u", before, [{ start: day(3), end: day(4), n: 1 }]);
    expect(cache.get("u", day(3), day(4))).toBeUndefined();
    cache.fill("u", cache.generation("u"), [{ start: day(3), end: day(4), n: 2 }]);
    expect(cache.get("u", day(3), day(4))).toBe(2);
  });

  it("reads a day again once its count is older than the time to live", () => {
    let now = 1_000;
    const cache = new DueCountCache(() => now);
    cache.fill("u", cache.generation("u"), [{ start: day(3), end: day(4), n: 5 }]);
    now += DUE_COUNT_TTL_MS;
    expect(cache.get("u", day(3), day(4))).toBe(5);
    now += 1;
    expect(cache.get("u", day(3), day(4))).toBeUndefined();
  });
});

describe("the new-card floor (lib/db/store-cache.ts)", () => {
  it("rises with looks that start from it, but only a full look restarts its age", () => {
    let now = 0;
    const floor = new NewCardFloor(() => now);
    floor.fill("u", null, floor.generation("u"), 10, { ingestRun: 7, version: 0 }, false); // not from the start and no floor yet: nothing to build on
    expect(floor.get("u", null)).toBeUndefined();
    floor.fill("u", null, floor.generation("u"), 10, { ingestRun: 7, version: 0 }, true);
    now = NEW_FLOOR_TTL_MS - 1;
    floor.fill("u", null, floor.generation("u"), 25, { ingestRun: 7, version: 0 }, false);
    expect(floor.get("u", null)).toEqual(expect.objectContaining({ position: 25, ingestRun: 7, version: 0 }));
    now = NEW_FLOOR_TTL_MS + 1; // a full look is due, however often it was raised since
    expect(floor.get("u", null)).toBeUndefined();
  });

  it("is dropped when a card may have turned new, and a look begun before that is not kept", () => {
    const floor = new NewCardFloor(() => 0);
    floor.fill("u", null, floor.generation("u"), 10, { ingestRun: 7, version: 0 }, true);
    const during = floor.generation("u");
    floor.forget("u");
    expect(floor.get("u", null)).toBeUndefined();
    floor.fill("u", null, during, 12, { ingestRun: 7, version: 0 }, true);
    expect(floor.get("u", null)).toBeUndefined();
    floor.fill("u", null, floor.generation("u"), 12, { ingestRun: 7, version: 0 }, true);
    floor.fill("u", null, floor.generation("u"), 14, { ingestRun: 7, version: 1 }, false); // her cards changed, not from the start: not kept
    expect(floor.get("u", null)?.position).toBe(12);
    floor.forget("u");
    floor.fill("u", null, floor.generation("u"), 12, { ingestRun: 8, version: 0 }, false); // another ingest run, not from the start: not kept
    expect(floor.get("u", null)).toBeUndefined();
  });

  it("keeps one floor per scope (every deck, or a deck and its sub-decks in any order), all dropped together", () => {
    const floor = new NewCardFloor(() => 0);
    const token = { ingestRun: 7, version: 0 };
    floor.fill("u", null, floor.generation("u"), 10, token, true);
    floor.fill("u", ["d1", "d2"], floor.generation("u"), 40, token, true);
    expect(floor.get("u", null)?.position).toBe(10);
    expect(floor.get("u", ["d2", "d1"])?.position).toBe(40);
    expect(floor.get("u", ["d1"])).toBeUndefined();
    expect(floor.get("v", ["d1", "d2"])).toBeUndefined();
    floor.forget("u");
    expect(floor.get("u", null)).toBeUndefined();
    expect(floor.get("u", ["d1", "d2"])).toBeUndefined();
  });
});
