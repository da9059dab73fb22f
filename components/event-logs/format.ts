const exact = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const short = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const numbers = new Intl.NumberFormat("en-GB");

/** "28 Nov 2025, 07:44:08 UTC": the exact time, on hover. UTC so server and browser render the same text. */
export function exactTime(iso: string): string {
  return `${exact.format(new Date(iso))} UTC`;
}

/** "28 Nov, 07:44 UTC". */
export function shortTime(iso: string): string {
  return `${short.format(new Date(iso))} UTC`;
}

/** "just now", "40 s ago", "2 min ago", "3 h ago", "5 d ago"; future times read "in 4 min". */
export function relativeTime(iso: string, now: number): string {
  const diff = new Date(iso).getTime() - now;
  const seconds = Math.round(Math.abs(diff) / 1000);
  if (seconds < 5) return diff > 0 ? "in a moment" : "just now";
  const amount =
    seconds < 60
      ? `${seconds} s`
      : seconds < 3600
        ? `${Math.floor(seconds / 60)} min`
        : seconds < 86_400
          ? `${Math.floor(seconds / 3600)} h`
          : `${Math.floor(seconds / 86_400)} d`;
  return diff > 0 ? `in ${amount}` : `${amount} ago`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

export function formatCount(n: number): string {
  return numbers.format(n);
}

export function formatPercent(rate: number): string {
  // 99.95% must not read as 100%: one decimal below 100, and only a perfect record shows 100%.
  if (rate >= 1) return "100%";
  return `${(Math.floor(rate * 1000) / 10).toFixed(1)}%`;
}
