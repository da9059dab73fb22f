/*
 * Formatting shared by every screen. Times render in UTC, with the zone written out, so the HTML
 * the server sends and what the browser renders agree, whatever either machine's time zone is.
 */

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const exact = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const short = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const dateOnly = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const timeOnly = new Intl.DateTimeFormat("en-GB", { timeStyle: "medium", timeZone: "UTC" });
const numbers = new Intl.NumberFormat("en-GB");

type When = Date | string;

/** "28 Nov 2026, 07:44 UTC". */
export function formatDateTime(value: When): string {
  return `${dateTime.format(new Date(value))} UTC`;
}

/** "28 Nov 2026, 07:44:08 UTC": the exact time (on hover, in logs); "—" when there is none. */
export function exactTime(value: When | null | undefined): string {
  return value ? `${exact.format(new Date(value))} UTC` : "—";
}

/** "28 Nov, 07:44 UTC". */
export function shortTime(value: When): string {
  return `${short.format(new Date(value))} UTC`;
}

/** A date, a time or both, or "Never" for a missing one (last sign-in, last use). */
export function formatUtc(date: Date | null, style: "date" | "time" | "datetime" = "datetime"): string {
  if (!date) return "Never";
  if (style === "date") return dateOnly.format(date);
  if (style === "time") return `${timeOnly.format(date)} UTC`;
  return formatDateTime(date);
}

/** "just now", "40 s ago", "2 min ago", "3 h ago", "5 d ago"; future times read "in 4 min". */
export function relativeTime(value: When, now: number): string {
  const diff = new Date(value).getTime() - now;
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

/** "850 ms", "1.2 s", "12 s"; "—" when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return "—";
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
