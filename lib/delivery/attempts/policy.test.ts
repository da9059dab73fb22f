import { describe, expect, it } from "vitest";
import { defaultPolicy, formatDuration, MAX_RETRY_AFTER_MS, nextRetryAt, parseRetryAfter } from "./policy";

const now = new Date("2025-03-01T12:00:00.000Z");
const after = (ms: number) => new Date(now.getTime() + ms);
const MIN = 60_000;
const HOUR = 60 * MIN;

/** The schedule without its jitter's randomness: the smallest spread. */
const policyOf = (random: number) => ({ ...defaultPolicy, random: () => random });
const exact = policyOf(0);

describe("nextRetryAt", () => {
  it("follows the default schedule after each failed attempt", () => {
    const waits = [5_000, 5 * MIN, 30 * MIN, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
    waits.forEach((wait, i) => expect(nextRetryAt(i + 1, now, exact)).toEqual(after(wait)));
  });

  it("stretches each wait by up to 20 % jitter, never less than the schedule", () => {
    expect(defaultPolicy.jitter).toBe(0.2);
    expect(nextRetryAt(1, now, policyOf(0.5))).toEqual(after(5_500));
    expect(nextRetryAt(3, now, policyOf(0.999_999))).toEqual(after(36 * MIN));
    // With the real Math.random: retries of deliveries that failed together spread over the window.
    const spread = Array.from({ length: 200 }, () => nextRetryAt(2, now, defaultPolicy)!.getTime() - now.getTime());
    expect(Math.min(...spread)).toBeGreaterThanOrEqual(5 * MIN);
    expect(Math.max(...spread)).toBeLessThanOrEqual(6 * MIN);
    expect(new Set(spread).size).toBeGreaterThan(150);
  });

  it("has no jitter when it is set to 0", () => {
    expect(nextRetryAt(1, now, { ...defaultPolicy, jitter: 0 })).toEqual(after(5_000));
  });

  it("gives up after the 8th failed attempt", () => {
    expect(nextRetryAt(7, now, defaultPolicy)).not.toBeNull();
    expect(nextRetryAt(8, now, defaultPolicy)).toBeNull();
    expect(nextRetryAt(9, now, defaultPolicy)).toBeNull();
    expect(nextRetryAt(0, now, defaultPolicy)).toBeNull();
  });

  it("uses a configured (shortened) schedule", () => {
    const policy = { ...exact, schedule: [10, 20] };
    expect(nextRetryAt(1, now, policy)).toEqual(after(10));
    expect(nextRetryAt(2, now, policy)).toEqual(after(20));
    expect(nextRetryAt(3, now, policy)).toBeNull();
  });

  it("honours a Retry-After later than the schedule, as a Date or epoch ms", () => {
    expect(nextRetryAt(1, now, exact, after(2 * MIN))).toEqual(after(2 * MIN));
    expect(nextRetryAt(1, now, exact, after(2 * MIN).getTime())).toEqual(after(2 * MIN));
  });

  it("never retries earlier than the schedule because of Retry-After", () => {
    expect(nextRetryAt(2, now, exact, after(1_000))).toEqual(after(5 * MIN));
  });

  it("caps Retry-After at 24 hours", () => {
    expect(nextRetryAt(1, now, exact, after(7 * 24 * HOUR))).toEqual(after(MAX_RETRY_AFTER_MS));
    expect(MAX_RETRY_AFTER_MS).toBe(24 * HOUR);
  });

  it("still gives up when the schedule is used up, whatever Retry-After says", () => {
    expect(nextRetryAt(8, now, defaultPolicy, after(MIN))).toBeNull();
  });
});

describe("parseRetryAfter", () => {
  it("reads delay-seconds", () => {
    expect(parseRetryAfter("120", now)).toEqual(after(120_000));
    expect(parseRetryAfter(" 0 ", now)).toEqual(now);
  });

  it("reads an HTTP date", () => {
    expect(parseRetryAfter("Sat, 01 Mar 2025 12:30:00 GMT", now)).toEqual(after(30 * MIN));
  });

  it("treats a date in the past as now", () => {
    expect(parseRetryAfter("Sat, 01 Mar 2025 11:00:00 GMT", now)).toEqual(now);
  });

  it("ignores missing or unreadable values", () => {
    for (const value of [undefined, null, "", "soon", "-5", "1.5"]) expect(parseRetryAfter(value, now)).toBeNull();
    expect(parseRetryAfter("not a date at all", now)).toBeNull();
  });
});

describe("formatDuration", () => {
  it("names the largest whole unit", () => {
    expect(formatDuration(5 * 24 * HOUR)).toBe("5 days");
    expect(formatDuration(24 * HOUR)).toBe("1 day");
    expect(formatDuration(36 * HOUR)).toBe("36 hours");
    expect(formatDuration(90 * MIN)).toBe("90 minutes");
    expect(formatDuration(1500)).toBe("1500 ms");
  });
});
