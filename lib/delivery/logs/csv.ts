import { deliveryColumns as columns } from "./columns";
import type { DeliveryLogRow } from "./queries";

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

export const csvHeader = `${columns.map((column) => column.id).join(",")}\r\n`;

export function csvLines(rows: DeliveryLogRow[]): string {
  return rows.map((row) => `${columns.map((column) => csvField(column.value(row))).join(",")}\r\n`).join("");
}
