/**
 * When to try a delivery again, and the limits of one attempt. Pure: the drivers pass `now`, so
 * tests and both engines share one source of truth (docs/receiving-webhooks.md, "Retries").
 */
export type DeliveryPolicy = {
  /** Wait (ms) after each failed attempt; once it is used up the delivery has failed. */
  schedule: readonly number[];
  timeoutMs: number;
  maxResponseBytes: number;
  maxInFlightPerConnector: number;
  /** A connector failing every attempt for this long is turned off. */
  autoDisableAfterMs: number;
  /**
   * Each wait is stretched by a random share of itself up to this fraction (0.2: 5 s becomes 5–6 s),
   * so deliveries that failed together during an outage are not all retried in the same second.
   * Never shorter than the schedule.
   */
  jitter: number;
  /** Uniform in [0, 1): Math.random, or a fixed value in tests. */
  random?: () => number;
};

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** 7 waits, so the 8th failed attempt is the last one. */
export const defaultPolicy: DeliveryPolicy = {
  schedule: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
  timeoutMs: 10 * SECOND,
  maxResponseBytes: 64 * 1024,
  maxInFlightPerConnector: 10,
  autoDisableAfterMs: 5 * DAY,
  jitter: 0.2,
};

/** A receiver cannot park a delivery longer than this with Retry-After. */
export const MAX_RETRY_AFTER_MS = DAY;

/**
 * When to make the next attempt after attempt number `attemptNumber` (1-based) failed, or null when
 * the schedule is used up: the scheduled wait plus its jitter. `retryAfter` is the receiver's Retry-After as a Date or epoch ms (send.ts
 * only reports it for 429/503); it can push the retry later than the schedule, never earlier, and
 * never more than 24 h away.
 */
export function nextRetryAt(
  attemptNumber: number,
  now: Date,
  policy: DeliveryPolicy = defaultPolicy,
  retryAfter?: Date | number | null,
): Date | null {
  const wait = policy.schedule[attemptNumber - 1];
  if (wait === undefined || attemptNumber < 1) return null;
  const spread = Math.round(wait * policy.jitter * (policy.random ?? Math.random)());
  const scheduled = now.getTime() + wait + spread;
  if (retryAfter == null) return new Date(scheduled);
  const requested = Math.min(toMs(retryAfter), now.getTime() + MAX_RETRY_AFTER_MS);
  return new Date(Math.max(scheduled, requested));
}

function toMs(value: Date | number): number {
  return typeof value === "number" ? value : value.getTime();
}

/**
 * Parses a Retry-After header: delay-seconds or an HTTP date (RFC 9110 §10.2.3). Null when absent
 * or unreadable; a date in the past means "now".
 */
export function parseRetryAfter(headerValue: string | null | undefined, now: Date): Date | null {
  const value = headerValue?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return new Date(now.getTime() + Number(value) * SECOND);
  // Only date-looking values: Date.parse accepts things like "12" that are not HTTP dates.
  if (!/[a-z]/i.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return new Date(Math.max(at, now.getTime()));
}

/** "5 days", "36 hours", "90 minutes": for messages derived from the policy. */
export function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [DAY, "day"],
    [HOUR, "hour"],
    [MINUTE, "minute"],
    [SECOND, "second"],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return `${n} ${name}${n === 1 ? "" : "s"}`;
    }
  }
  return `${ms} ms`;
}
