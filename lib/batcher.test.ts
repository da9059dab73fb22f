import { describe, expect, it } from "vitest";
import { Batcher } from "./batcher";

/** A run() that records its batches and finishes each only when the test says so. */
function gatedRun() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const run = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    return items.map((n) => n * 10);
  };
  const open = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()!();
  };
  return { batches, run, open };
}

describe("Batcher", () => {
  it("runs a lone item at once, and puts the items that arrive meanwhile in the next batch", async () => {
    const { batches, run, open } = gatedRun();
    const batcher = new Batcher({ run, maxWeight: 100, concurrency: 1 });
    const first = batcher.submit(1);
    await Promise.resolve();
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4].map((n) => batcher.submit(n));
    await open();
    await open();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it("takes an item submitted the moment the previous batch settles", async () => {
    const batcher = new Batcher<number, number>({ run: async (items) => items, maxWeight: 10, concurrency: 1 });
    // Each submit comes a few microtasks after the previous output arrived: at some of these the
    // batch that produced it is still winding down.
    for (let hops = 0; hops < 8; hops++) {
      expect(await batcher.submit(hops)).toBe(hops);
      for (let i = 0; i < hops; i++) await Promise.resolve();
    }
  });

  it("keeps a batch within maxWeight, but lets one heavy item go alone", async () => {
    const batches: string[][] = [];
    const batcher = new Batcher<string, number>({
      run: async (items) => {
        batches.push(items);
        return items.map((s) => s.length);
      },
      maxWeight: 5,
      weight: (s) => s.length,
      concurrency: 1,
      gatherMs: 5,
    });
    const outputs = await Promise.all(["aa", "bbb", "cc", "dddddddd", "e"].map((s) => batcher.submit(s)));
    expect(outputs).toEqual([2, 3, 2, 8, 1]);
    expect(batches).toEqual([["aa", "bbb"], ["cc"], ["dddddddd"], ["e"]]);
  });

  it("runs a failed batch again item by item when retryAlone says so: one bad item fails alone", async () => {
    const batcher = new Batcher<number, number>({
      run: async (items) => {
        if (items.includes(13)) throw Object.assign(new Error("bad row"), { code: "23503" });
        return items;
      },
      maxWeight: 10,
      concurrency: 1,
      gatherMs: 5,
      retryAlone: (error) => (error as { code?: string }).code === "23503",
    });
    const results = await Promise.allSettled([1, 13, 2].map((n) => batcher.submit(n)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("fails every item of the batch with the error when it is not the items' fault", async () => {
    let runs = 0;
    const batcher = new Batcher<number, number>({
      run: async () => {
        runs++;
        throw new Error("database unavailable");
      },
      maxWeight: 10,
      concurrency: 1,
      gatherMs: 5,
      retryAlone: () => false,
    });
    const results = await Promise.allSettled([1, 2, 3].map((n) => batcher.submit(n)));
    expect(results.every((r) => r.status === "rejected" && String(r.reason).includes("unavailable"))).toBe(true);
    expect(runs).toBe(1);
  });

  it("runs up to `concurrency` batches at once, and idle() waits for them", async () => {
    const { batches, run, open } = gatedRun();
    const batcher = new Batcher({ run, maxWeight: 100, concurrency: 2 });
    const a = batcher.submit(1);
    const b = batcher.submit(2);
    const c = batcher.submit(3);
    await Promise.resolve();
    expect(batches).toEqual([[1], [2]]);
    let idle = false;
    const waiting = batcher.idle().then(() => (idle = true));
    await open();
    await open();
    await open();
    await Promise.all([a, b, c, waiting]);
    expect(idle).toBe(true);
    expect(batches).toEqual([[1], [2], [3]]);
  });
});
