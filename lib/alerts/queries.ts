import "server-only";
import { and, asc, count, desc, eq, gt, isNull, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "@/db";
import { alerts, connectors, users, type AlertKind, type Role } from "@/db/schema";
import { openAlertEpisode } from "@/lib/connectors/attention";

/** Alerts the bell lists, newest first; older ones stay in the audit log. */
const BELL_SIZE = 20;

const destinations = alias(connectors, "destination");

export type AlertItem = {
  id: string;
  kind: AlertKind;
  message: string;
  createdAt: Date;
  unread: boolean;
  connector: { id: string; name: string; deleted: boolean };
  /** The POST to the Alert destination, when one was chosen at the time. */
  destination: { name: string; status: number | null; error: string | null; sentAt: Date | null; attempts: number } | null;
};

type Row = {
  alert: typeof alerts.$inferSelect;
  connectorName: string;
  connectorDeletedAt: Date | null;
  destinationName: string | null;
};

function toItem(row: Row, readAt: Date | null, role: Role): AlertItem {
  const { alert } = row;
  return {
    id: alert.id,
    kind: alert.kind,
    message: alert.message,
    createdAt: alert.createdAt,
    unread: !readAt || alert.createdAt > readAt,
    connector: { id: alert.connectorId, name: row.connectorName, deleted: row.connectorDeletedAt !== null },
    destination:
      alert.destinationId && row.destinationName
        ? {
            name: row.destinationName,
            status: alert.destinationStatus,
            // Network errors can name the receiver's address, which marketers do not see elsewhere either.
            error: role === "admin" ? alert.destinationError : alert.destinationError ? "The alert destination did not accept it." : null,
            sentAt: alert.sentAt,
            attempts: alert.destinationAttempts,
          }
        : null,
  };
}

function selectAlerts(db: Queryable) {
  return db
    .select({ alert: alerts, connectorName: connectors.name, connectorDeletedAt: connectors.deletedAt, destinationName: destinations.name })
    .from(alerts)
    .innerJoin(connectors, eq(connectors.id, alerts.connectorId))
    .leftJoin(destinations, eq(destinations.id, alerts.destinationId));
}

/** The bell: the latest alerts and how many arrived since the user last opened it. */
export async function listAlerts(db: Queryable, user: { id: string; role: Role }) {
  const [reader] = await db.select({ readAt: users.alertsReadAt }).from(users).where(eq(users.id, user.id));
  const readAt = reader?.readAt ?? null;
  const [rows, [unread]] = await Promise.all([
    selectAlerts(db).orderBy(desc(alerts.createdAt), desc(alerts.id)).limit(BELL_SIZE),
    db
      .select({ n: count() })
      .from(alerts)
      .where(readAt ? gt(alerts.createdAt, readAt) : undefined),
  ]);
  return { unread: unread?.n ?? 0, alerts: rows.map((row) => toItem(row, readAt, user.role)) };
}

/**
 * A connector's alerts card and banner: its settings, the open episode (if any) with the alert
 * that opened it, and the connectors it may send its operational events to.
 */
export async function getConnectorAlerts(db: Queryable, connectorId: string, role: Role) {
  const [connector] = await db
    .select({
      id: connectors.id,
      alertAfterFailures: connectors.alertAfterFailures,
      alertSuccessRateBelow: connectors.alertSuccessRateBelow,
      alertDestinationId: connectors.alertDestinationId,
      alertState: connectors.alertState,
      alertStateSince: connectors.alertStateSince,
      consecutiveFailures: connectors.consecutiveFailures,
    })
    .from(connectors)
    .where(and(eq(connectors.id, connectorId), isNull(connectors.deletedAt)));
  if (!connector) return null;
  const [openedBy, choices] = await Promise.all([
    connector.alertState
      ? selectAlerts(db)
          .where(and(eq(alerts.connectorId, connectorId), ne(alerts.kind, "connector.recovered")))
          .orderBy(desc(alerts.createdAt), desc(alerts.id))
          .limit(1)
      : Promise.resolve([]),
    db
      .select({ id: connectors.id, name: connectors.name, active: connectors.active })
      .from(connectors)
      .where(and(isNull(connectors.deletedAt), ne(connectors.id, connectorId)))
      .orderBy(asc(connectors.name)),
  ]);
  const episode = openedBy[0] ? toItem(openedBy[0], null, role) : null;
  return {
    settings: {
      alertAfterFailures: connector.alertAfterFailures,
      alertSuccessRateBelow: connector.alertSuccessRateBelow,
      alertDestinationId: connector.alertDestinationId,
    },
    /** "failing" or "disabled" while an episode is open. */
    state: openAlertEpisode(connector.alertState),
    since: connector.alertStateSince,
    consecutiveFailures: connector.consecutiveFailures,
    episode,
    destinations: choices,
  };
}

export type ConnectorAlerts = NonNullable<Awaited<ReturnType<typeof getConnectorAlerts>>>;
