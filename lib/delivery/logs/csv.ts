import type { DeliveryLogRow } from "./queries";

const columns: [header: string, value: (row: DeliveryLogRow) => string | number | boolean | null][] = [
  ["time", (r) => r.createdAt],
  ["delivery_id", (r) => r.id],
  ["event_id", (r) => r.eventId],
  ["event_type", (r) => r.eventType],
  ["event", (r) => r.eventLabel],
  ["program", (r) => r.programName],
  ["connector", (r) => r.connectorName],
  ["member_id", (r) => r.memberId],
  ["member_email", (r) => r.memberEmail],
  ["status", (r) => r.status],
  ["next_attempt_at", (r) => r.nextAttemptAt],
  ["http_status", (r) => r.lastStatusCode],
  ["attempts", (r) => r.attempts],
  ["duration_ms", (r) => r.durationMs],
  ["test", (r) => r.test],
  ["last_error", (r) => r.lastError],
];

/**
 * One CSV field (RFC 4180). Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at
 * the start) gets a leading apostrophe: member emails and names come from outside the hub.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvHeader = `${columns.map(([header]) => header).join(",")}\r\n`;

export function csvLines(rows: DeliveryLogRow[]): string {
  return rows.map((row) => `${columns.map(([, value]) => csvField(value(row))).join(",")}\r\n`).join("");
}
