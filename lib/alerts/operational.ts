import type { AlertKind } from "@/db/schema";

/*
 * Operational events: what the hub says about its own connectors, POSTed to a connector's Alert
 * destination. Same envelope, headers and signing as a member event (docs/receiving-webhooks.md),
 * with a `connector` object where a member event has `program` and `member`.
 */

export const WINDOW_MINUTES = 15;
/** Attempted deliveries needed in the window before a success rate means anything. */
export const MIN_RATE_SAMPLE = 10;
/** The latest deliveries of the window that the rate is computed over, at most. */
export const MAX_RATE_SAMPLE = 1000;

type FailingData = {
  reason: "consecutive_failures" | "success_rate";
  consecutiveFailures: number;
  alertAfterFailures: number | null;
  /** Percent of the window's attempted deliveries that succeeded (null when not measured). */
  successRate: number | null;
  alertSuccessRateBelow: number | null;
  windowMinutes: number;
  failingSince: string | null;
  lastError: string | null;
};
type DisabledData = { disabledReason: string; disabledAt: string | null };
type RecoveredData = { episode: "failing" | "disabled"; episodeStartedAt: string | null; durationSeconds: number | null };
export type AlertData = FailingData | DisabledData | RecoveredData;

export const operationalEventTypes: { id: AlertKind; label: string; description: string }[] = [
  {
    id: "connector.failing",
    label: "Connector failing",
    description: `The connector's receiver keeps failing: its consecutive failed attempts reached the connector's threshold, or its success rate over the last ${WINDOW_MINUTES} minutes fell under it. Sent once per episode.`,
  },
  {
    id: "connector.disabled",
    label: "Connector turned off",
    description: "The hub turned the connector off by itself, because every attempt failed for the auto-disable period.",
  },
  {
    id: "connector.recovered",
    label: "Connector recovered",
    description: "A delivery succeeded again after a failing or turned-off episode (and the success rate, when watched, is back above its threshold).",
  },
];

export type OperationalEvent = {
  id: string;
  type: AlertKind;
  createdAt: Date;
  connector: { id: string; name: string };
  data: AlertData | Record<string, unknown>;
};

/** The wire body: a JSON array holding the one event object, as member events are sent. */
export function operationalBody(event: OperationalEvent): string {
  return JSON.stringify([
    {
      id: event.id,
      type: event.type,
      createdAt: event.createdAt.toISOString(),
      test: false,
      connector: { id: event.connector.id, name: event.connector.name },
      data: event.data,
    },
  ]);
}

const exampleConnector = { id: "5b0c1f7e-9a43-4c1e-8d2f-3e6a7b9c0d11", name: "CRM sync" };
const exampleData: Record<AlertKind, AlertData> = {
  "connector.failing": {
    reason: "consecutive_failures",
    consecutiveFailures: 5,
    alertAfterFailures: 5,
    successRate: null,
    alertSuccessRateBelow: null,
    windowMinutes: WINDOW_MINUTES,
    failingSince: "2026-12-04T09:12:03.000Z",
    lastError: "HTTP 503",
  },
  "connector.disabled": {
    disabledReason: "Turned off automatically: every delivery attempt failed for 5 days (since 2026-11-29 09:12 UTC)",
    disabledAt: "2026-12-04T09:12:40.000Z",
  },
  "connector.recovered": { episode: "failing", episodeStartedAt: "2026-12-04T09:12:40.000Z", durationSeconds: 1260 },
};

/** A realistic body per operational event, for the Event catalog and the docs. */
export function operationalExample(kind: AlertKind): string {
  const body = operationalBody({
    id: "0f3c2a9e-7d41-4b8a-9c6e-2a1d4e5f6b70",
    type: kind,
    createdAt: new Date("2026-12-04T09:13:00.000Z"),
    connector: exampleConnector,
    data: exampleData[kind],
  });
  return JSON.stringify(JSON.parse(body), null, 2);
}
