/*
 * The optional requests-per-second cap per connector. (The in-flight cap is enforced by the claim
 * query across every process, see lease.ts; Inngest enforces it with a concurrency key.)
 */

type Bucket = { tokens: number; updatedAt: number };

/**
 * Token bucket per key: `ratePerSecond` requests per second on average, bursts up to that many.
 * `acquire` reserves a token and waits until it is due, so callers are served in arrival order.
 */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
  ) {}

  /** How long (ms) the caller must wait for its token; reserves it. */
  reserve(key: string, ratePerSecond: number): number {
    if (!(ratePerSecond > 0)) return 0;
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: ratePerSecond, updatedAt: now };
    const refilled = Math.min(ratePerSecond, bucket.tokens + ((now - bucket.updatedAt) * ratePerSecond) / 1000);
    // Tokens may go negative: each waiter owes the time until its own token arrives.
    const tokens = refilled - 1;
    this.buckets.set(key, { tokens, updatedAt: now });
    return tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / ratePerSecond);
  }

  /** Resolves when the key may send one more request. A missing or zero rate means no limit. */
  async acquire(key: string, ratePerSecond: number | null | undefined): Promise<void> {
    if (!ratePerSecond) return;
    const wait = this.reserve(key, ratePerSecond);
    if (wait > 0) await this.clock.sleep(wait);
  }
}
