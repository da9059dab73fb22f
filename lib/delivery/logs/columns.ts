import type { DeliveryLogRow } from "./queries";

type CsvValue = string | number | boolean | null;

type DeliveryColumn = {
  /** The CSV header, and the column's id in the Event logs table. */
  id: string;
  /** The table's header; columns without one are in the CSV export only. */
  label?: string;
  value(row: DeliveryLogRow): CsvValue;
};

/**
 * The delivery log's columns, in order: the CSV export writes all of them, the Event logs table
 * shows the labelled ones (components/event-logs/columns.tsx renders their cells).
 */
export const deliveryColumns = [
  { id: "time", label: "Time", value: (r) => r.createdAt },
  { id: "delivery_id", value: (r) => r.id },
  { id: "event_id", value: (r) => r.eventId },
  { id: "event_type", value: (r) => r.eventType },
  { id: "event", label: "Event", value: (r) => r.eventLabel },
  { id: "program", label: "Program", value: (r) => r.programName },
  { id: "connector", label: "Connector", value: (r) => r.connectorName },
  { id: "member_id", value: (r) => r.memberId },
  { id: "member_email", label: "Member", value: (r) => r.memberEmail },
  { id: "status", label: "Status", value: (r) => r.status },
  { id: "next_attempt_at", value: (r) => r.nextAttemptAt },
  { id: "http_status", label: "HTTP", value: (r) => r.lastStatusCode },
  { id: "attempts", label: "Attempts", value: (r) => r.attempts },
  { id: "duration_ms", label: "Duration", value: (r) => r.durationMs },
  { id: "test", value: (r) => r.test },
  { id: "last_error", value: (r) => r.lastError },
] as const satisfies readonly DeliveryColumn[];

type Shown = Extract<(typeof deliveryColumns)[number], { label: string }>;
/** The ids of the columns the table shows; its cell renderers are keyed by them. */
export type ShownDeliveryColumnId = Shown["id"];

export const shownDeliveryColumns = deliveryColumns.filter((c): c is Shown => "label" in c);
