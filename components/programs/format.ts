/**
 * Dates rendered on the server, in UTC so the HTML does not depend on the server's time zone.
 * The "UTC" suffix says so to the reader.
 */
export function formatUtc(date: Date | null, style: "date" | "time" | "datetime" = "datetime"): string {
  if (!date) return "Never";
  const options: Intl.DateTimeFormatOptions = { timeZone: "UTC" };
  if (style !== "time") options.dateStyle = "medium";
  if (style !== "date") options.timeStyle = style === "time" ? "medium" : "short";
  const text = date.toLocaleString("en-GB", options);
  return style === "date" ? text : `${text} UTC`;
}
