import { describe, expect, it } from "vitest";
import { inOrderPer } from "@/components/exams/in-order";

/** A request whose answer the test releases by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("inOrderPer: requests per key, one after another", () => {
  it("starts a key's next request only when the previous one has answered, so answers arrive in order", async () => {
    const inOrder = inOrderPer();
    const started: string[] = [];
    const first = deferred<string>();
    const second = deferred<string>();
    const arrived: string[] = [];
    const a = inOrder("attempt-1", () => (started.push("a"), first.promise)).then((v) => arrived.push(v));
    const b = inOrder("attempt-1", () => (started.push("b"), second.promise)).then((v) => arrived.push(v));
    await Promise.resolve();
    expect(started).toEqual(["a"]);
    // the later write answers first on the wire: it has not even been sent yet
    second.resolve("total after b");
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(["a"]);
    first.resolve("total after a");
    await Promise.all([a, b]);
    expect(started).toEqual(["a", "b"]);
    expect(arrived).toEqual(["total after a", "total after b"]);
  });

  it("goes on after a failed request, which still fails for its caller", async () => {
    const inOrder = inOrderPer();
    const failed = inOrder("attempt-1", () => Promise.reject(new Error("offline")));
    const next = inOrder("attempt-1", async () => "saved");
    await expect(failed).rejects.toThrow("offline");
    await expect(next).resolves.toBe("saved");
  });

  it("keeps different keys independent", async () => {
    const inOrder = inOrderPer();
    const stuck = deferred<string>();
    const started: string[] = [];
    void inOrder("attempt-1", () => (started.push("1"), stuck.promise));
    await inOrder("attempt-2", async () => started.push("2"));
    expect(started).toEqual(["1", "2"]);
    stuck.resolve("done");
  });
});
