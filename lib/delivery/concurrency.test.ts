import { describe, expect, it } from "vitest";
import { KeyedRateLimiter } from "./concurrency";

describe("KeyedRateLimiter", () => {
  function fakeClock() {
    const clock = { t: 0, slept: [] as number[] };
    return {
      clock,
      limiter: new KeyedRateLimiter({
        now: () => clock.t,
        sleep: async (ms) => {
          clock.slept.push(ms);
        },
      }),
    };
  }

  it("allows a burst of `rate` requests, then spaces them 1/rate apart", () => {
    const { limiter } = fakeClock();
    const waits = Array.from({ length: 5 }, () => limiter.reserve("k", 2));
    expect(waits).toEqual([0, 0, 500, 1000, 1500]);
  });

  it("refills over time", () => {
    const { clock, limiter } = fakeClock();
    limiter.reserve("k", 1);
    expect(limiter.reserve("k", 1)).toBe(1000);
    clock.t = 5000;
    expect(limiter.reserve("k", 1)).toBe(0);
  });

  it("keeps keys independent and ignores a missing rate", async () => {
    const { clock, limiter } = fakeClock();
    await limiter.acquire("a", 1);
    await limiter.acquire("b", 1);
    await limiter.acquire("a", null);
    expect(clock.slept).toEqual([]);
    await limiter.acquire("a", 1);
    expect(clock.slept).toEqual([1000]);
  });
});
