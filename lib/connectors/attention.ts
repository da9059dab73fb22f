import type { Connector } from "@/db/schema";
import { formatDateTime } from "@/lib/format";

/*
 * No "server-only": the overview renders on the server, and the Connectors list's columns (rendered
 * in the browser) word the same attention the same way.
 */

/**
 * A connector's open alert episode, read from its alert_state: "failing" or "disabled" until the
 * evaluator records its recovery. The one definition the connector page's banner, the overview and
 * the Connectors list share, so they never disagree about a connector in trouble.
 */
export function openAlertEpisode(alertState: string | null): "failing" | "disabled" | null {
  return alertState === "failing" || alertState === "disabled" ? alertState : null;
}

/**
 * Why a connector needs someone's attention: its deliveries keep failing (an open alert episode, as
 * the connector page's banner shows it), or the hub turned it off by itself.
 */
export type ConnectorAttention =
  | { kind: "failing"; since: Date | null; consecutiveFailures: number }
  | { kind: "turned-off"; reason: string };

type Subject = Pick<Connector, "active" | "disabledReason" | "alertState" | "alertStateSince" | "consecutiveFailures">;

/**
 * What is wrong with a connector, or null while it is healthy. Turned off comes first: the hub sets
 * disabled_reason before the evaluator opens the "disabled" episode. A connector turned back on keeps
 * its episode open until a delivery succeeds, so it counts as failing meanwhile.
 */
export function connectorAttention(c: Subject): ConnectorAttention | null {
  if (!c.active && c.disabledReason) return { kind: "turned-off", reason: c.disabledReason };
  if (!openAlertEpisode(c.alertState)) return null;
  return { kind: "failing", since: c.alertStateSince, consecutiveFailures: c.consecutiveFailures };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * "Failing since 4 Dec 2026, 09:12, 8 consecutive failures." or the hub's reason for turning it off
 * ("Turned off automatically: every delivery attempt failed for 5 days (since …).").
 */
export function attentionText(attention: ConnectorAttention): string {
  if (attention.kind === "turned-off") return /[.!?…]$/.test(attention.reason) ? attention.reason : `${attention.reason}.`;
  const since = attention.since ? ` since ${formatDateTime(attention.since)}` : "";
  // A success-rate alert can be open while the latest attempt succeeded: no streak to count then.
  const streak = attention.consecutiveFailures > 0 ? `, ${plural(attention.consecutiveFailures, "consecutive failure")}` : "";
  return `Failing${since}${streak}.`;
}
