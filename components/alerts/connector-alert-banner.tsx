import { CircleCheck, PowerOff, TriangleAlert } from "lucide-react";
import type { AlertItem, ConnectorAlerts } from "@/lib/alerts/queries";
import type { AlertKind } from "@/db/schema";
import { formatDateTime } from "@/lib/format";

/*
 * No "use client" and no hooks: the connector page renders the banner on the server, and the bell
 * (a client component) imports the shared wording below.
 */

type Destination = Omit<NonNullable<AlertItem["destination"]>, "sentAt"> & { sentAt: Date | string | null };

/** "Sent to Ops: HTTP 204", "Not delivered to Ops: …", "Sending to Ops…" while the POST is still owed. */
export function destinationOutcome(destination: Destination): string {
  const { name, status, error, sentAt, attempts } = destination;
  if (!sentAt) {
    return error && attempts > 0 ? `Sending to ${name}… The last try failed (${error}); it is tried again.` : `Sending to ${name}…`;
  }
  if (error) return `Not delivered to ${name}: ${error}`;
  return `Sent to ${name}${status != null ? `: HTTP ${status}` : ""}`;
}

/** The icon and colour of each kind: failing is a warning, turned off is destructive, recovered is a success. */
export const alertKindStyle: Record<AlertKind, { icon: typeof TriangleAlert; label: string; text: string }> = {
  "connector.failing": { icon: TriangleAlert, label: "Failing", text: "text-warning" },
  "connector.disabled": { icon: PowerOff, label: "Turned off", text: "text-destructive" },
  "connector.recovered": { icon: CircleCheck, label: "Recovered", text: "text-success" },
};

function withStop(text: string) {
  return /[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

function destinationSentence(episode: AlertItem | null) {
  if (!episode) return null;
  if (!episode.destination) return "No alert destination: the alert stays in the hub.";
  return withStop(destinationOutcome(episode.destination));
}

/** The banner's frame for each open state, in the colours of its kind. */
const bannerStyle = {
  failing: { kind: "connector.failing", box: "border-warning/40 bg-warning/10" },
  disabled: { kind: "connector.disabled", box: "border-destructive/40 bg-destructive/10" },
} as const;

/** The connector page's banner while an alert episode is open; nothing while the connector is healthy. */
export function ConnectorAlertBanner({ alerts }: { alerts: Pick<ConnectorAlerts, "state" | "since" | "episode"> | null }) {
  if (!alerts?.state) return null;
  const { state, since, episode } = alerts;
  const { kind, box } = bannerStyle[state];
  const { icon: Icon, text } = alertKindStyle[kind];
  return (
    <div role="status" data-testid="connector-alert-banner" className={`mb-4 flex gap-2 rounded-md border ${box} p-3 text-sm`}>
      <Icon className={`mt-0.5 size-4 shrink-0 ${text}`} aria-hidden />
      {state === "failing" ? (
        <p>
          <strong>Failing:</strong> {episode ? withStop(episode.message) : "its receiver keeps failing."}
          {since ? ` Since ${formatDateTime(since)}.` : null} {destinationSentence(episode)}
        </p>
      ) : (
        <p>
          <strong>Turned off automatically, alert raised</strong>
          {since ? ` on ${formatDateTime(since)}` : null}
          {episode ? `: ${withStop(episode.message)}` : "."} {destinationSentence(episode)}
        </p>
      )}
    </div>
  );
}
