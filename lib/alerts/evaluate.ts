import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { alerts, connectors, type AlertKind } from "@/db/schema";
import { diff, recordAudit } from "@/lib/audit/service";
import { rowsOf } from "@/db/sql";
import { MAX_RATE_SAMPLE, MIN_RATE_SAMPLE, WINDOW_MINUTES, type AlertData } from "./operational";

/*
 * Alert episodes. A connector is healthy (alert_state null), failing, or turned off by the hub
 * (disabled). Each move between those opens or closes an episode and makes exactly one alert: an
 * alert row (the bell and the banner), an audit row, and, when an Alert destination is chosen, an
 * operational event owed to it (lib/alerts/notify.ts). The move is a compare-and-set on
 * alert_state, so two processes evaluating at once make one alert, and a failing connector makes
 * one however many attempts fail. The counts it reads (consecutive_failures, failing_since,
 * disabled_reason) are kept by the attempt recorder (lib/delivery/attempts/record.ts), so evaluating costs
 * a few indexed reads per connector in trouble, whatever the traffic.
 */

type AlertState = "failing" | "disabled";

/** A connector as the evaluator reads it. */
export type AlertSubject = {
  id: string;
  name: string;
  active: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  consecutiveFailures: number;
  alertAfterFailures: number | null;
  alertSuccessRateBelow: number | null;
  alertDestinationId: string | null;
  alertState: AlertState | null;
  alertStateSince: Date | null;
};

/** The success rate of the window, when the connector watches it and there was enough traffic to tell. */
export type Measured = { successRate: number | null; lastError: string | null };

export type Transition = { kind: AlertKind; state: AlertState | null; since: Date | null; message: string; data: AlertData };

const percent = (n: number) => `${Math.round(n * 10) / 10} %`;

/** "40 seconds", "12 minutes", "3 hours", "2 days": how long an episode lasted, rounded down. */
export function lasting(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, "day"],
    [3_600_000, "hour"],
    [60_000, "minute"],
    [1000, "second"],
  ];
  for (const [size, name] of units) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? "" : "s"}`;
  }
  return "less than a second";
}

/**
 * Where a connector's episode goes now, or null when it stays. Pure: the evaluator feeds it what it
 * read; tests feed it cases.
 */
export function nextTransition(c: AlertSubject, measured: Measured, now: Date): Transition | null {
  const rateLow = c.alertSuccessRateBelow !== null && measured.successRate !== null && measured.successRate < c.alertSuccessRateBelow;
  const streakHit = c.alertAfterFailures !== null && c.consecutiveFailures >= c.alertAfterFailures;

  if (!c.active && c.disabledReason) {
    if (c.alertState === "disabled") return null;
    return {
      kind: "connector.disabled",
      state: "disabled",
      // An episode that was already failing keeps its start.
      since: c.alertState === "failing" ? c.alertStateSince : now,
      message: `${c.name}: ${c.disabledReason}.`,
      data: { disabledReason: c.disabledReason, disabledAt: c.disabledAt?.toISOString() ?? null },
    };
  }
  if (!c.active) return null;

  if (c.alertState === null) {
    if (!streakHit && !rateLow) return null;
    const reason = streakHit ? "consecutive_failures" : "success_rate";
    const last = measured.lastError ? ` (last: ${measured.lastError})` : "";
    const message = streakHit
      ? `${c.name} is failing: ${c.consecutiveFailures} consecutive failed attempts${last}.`
      : `${c.name} is failing: ${percent(measured.successRate!)} of its deliveries in the last ${WINDOW_MINUTES} minutes succeeded (alert under ${c.alertSuccessRateBelow} %)${last}.`;
    return {
      kind: "connector.failing",
      state: "failing",
      since: now,
      message,
      data: {
        reason,
        consecutiveFailures: c.consecutiveFailures,
        alertAfterFailures: c.alertAfterFailures,
        successRate: measured.successRate,
        alertSuccessRateBelow: c.alertSuccessRateBelow,
        windowMinutes: WINDOW_MINUTES,
        failingSince: c.failingSince?.toISOString() ?? null,
        lastError: measured.lastError,
      },
    };
  }

  // Recovered: the latest attempt succeeded (the recorder zeroes the count only on a success; a
  // connector turned back on keeps its count until then) and the rate, when watched, is back.
  if (c.consecutiveFailures > 0 || rateLow) return null;
  const lasted = c.alertStateSince ? Math.max(0, now.getTime() - c.alertStateSince.getTime()) : null;
  const what = c.alertState === "disabled" ? "being turned off" : "failing";
  return {
    kind: "connector.recovered",
    state: null,
    since: null,
    message: `${c.name} recovered: deliveries succeed again${lasted !== null ? ` after ${lasting(lasted)} of ${what}` : ""}.`,
    data: {
      episode: c.alertState,
      episodeStartedAt: c.alertStateSince?.toISOString() ?? null,
      durationSeconds: lasted !== null ? Math.round(lasted / 1000) : null,
    },
  };
}

type SubjectRow = {
  id: string;
  name: string;
  active: boolean;
  disabled_reason: string | null;
  disabled_at: string | Date | null;
  failing_since: string | Date | null;
  consecutive_failures: number;
  alert_after_failures: number | null;
  alert_success_rate_below: number | null;
  alert_destination_id: string | null;
  alert_state: AlertState | null;
  alert_state_since: string | Date | null;
};

const date = (v: string | Date | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

/** Connectors that may move: in an episode, past their streak, watching their rate, or turned off by the hub. */
async function subjects(db: Queryable): Promise<AlertSubject[]> {
  const rows = rowsOf<SubjectRow>(
    await db.execute(sql`
      select id, name, active, disabled_reason, disabled_at, failing_since, consecutive_failures, alert_after_failures,
        alert_success_rate_below, alert_destination_id, alert_state, alert_state_since
      from connectors
      where deleted_at is null and (
        alert_state is not null
        or (active and alert_after_failures is not null and consecutive_failures >= alert_after_failures)
        or (active and alert_success_rate_below is not null)
        or (not active and disabled_reason is not null)
      )
      order by id
    `),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    active: r.active,
    disabledReason: r.disabled_reason,
    disabledAt: date(r.disabled_at),
    failingSince: date(r.failing_since),
    consecutiveFailures: r.consecutive_failures,
    alertAfterFailures: r.alert_after_failures,
    alertSuccessRateBelow: r.alert_success_rate_below,
    alertDestinationId: r.alert_destination_id,
    alertState: r.alert_state,
    alertStateSince: date(r.alert_state_since),
  }));
}

/**
 * The window's success rate: of the connector's latest deliveries created in the last 15 minutes
 * (at most MAX_RATE_SAMPLE, test deliveries aside) that have been attempted, the share whose latest
 * attempt succeeded; null under MIN_RATE_SAMPLE. Read through deliveries_connector_created_idx.
 */
async function successRate(db: Queryable, connectorId: string, now: Date): Promise<number | null> {
  const from = new Date(now.getTime() - WINDOW_MINUTES * 60_000);
  const [row] = rowsOf<{ total: number; ok: number }>(
    await db.execute(sql`
      select count(*)::int as total, count(*) filter (where status = 'succeeded')::int as ok
      from (
        select status from deliveries
        where connector_id = ${connectorId} and created_at > ${from.toISOString()} and not test and attempt_count > 0
        order by created_at desc
        limit ${MAX_RATE_SAMPLE}
      ) recent
    `),
  );
  if (!row || row.total < MIN_RATE_SAMPLE) return null;
  return (row.ok * 100) / row.total;
}

/** The latest failure's outcome, for the alert's message: "HTTP 503" or the network error. */
async function lastError(db: Queryable, connectorId: string): Promise<string | null> {
  const [row] = rowsOf<{ last_status_code: number | null; last_error: string | null }>(
    await db.execute(sql`
      select last_status_code, last_error from deliveries
      where connector_id = ${connectorId} and not test and attempt_count > 0 and status in ('retrying', 'failed')
      order by created_at desc
      limit 1
    `),
  );
  if (!row) return null;
  return row.last_status_code !== null ? `HTTP ${row.last_status_code}` : (row.last_error?.slice(0, 200) ?? null);
}

/** Applies a move if nobody applied one first; returns the new alert's id, or null when another process won. */
async function apply(db: Queryable, c: AlertSubject, t: Transition, now: Date): Promise<string | null> {
  return db.transaction(async (tx) => {
    // Compare-and-set: updated_at is left alone, as an episode is not a change of settings.
    const moved = await tx
      .update(connectors)
      .set({ alertState: t.state, alertStateSince: t.since })
      .where(
        and(
          eq(connectors.id, c.id),
          c.alertState === null ? sql`${connectors.alertState} is null` : eq(connectors.alertState, c.alertState),
        ),
      )
      .returning({ id: connectors.id });
    if (moved.length === 0) return null;
    const [alert] = await tx
      .insert(alerts)
      .values({
        connectorId: c.id,
        kind: t.kind,
        message: t.message,
        data: t.data,
        createdAt: now,
        destinationId: c.alertDestinationId,
        destinationNextAt: c.alertDestinationId ? now : null,
      })
      .returning({ id: alerts.id });
    await recordAudit(tx, null, {
      action: "connector.alert",
      entityType: "connector",
      entityId: c.id,
      summary: `Alert ${t.kind}: ${t.message}`,
      changes: diff({ alertState: c.alertState }, { alertState: t.state }),
    });
    return alert!.id;
  });
}

export type EvaluatedAlert = { id: string; connectorId: string; kind: AlertKind; message: string };

/**
 * One pass over the connectors that may move (the local driver runs it every few seconds, the
 * Inngest engine every minute). Returns the alerts it made.
 */
export async function evaluateAlerts(db: Queryable, now: Date): Promise<EvaluatedAlert[]> {
  const made: EvaluatedAlert[] = [];
  for (const c of await subjects(db)) {
    const rate = c.active && c.alertSuccessRateBelow !== null ? await successRate(db, c.id, now) : null;
    let t = nextTransition(c, { successRate: rate, lastError: null }, now);
    // The latest failure is read only for the message of an episode that opens.
    if (t?.kind === "connector.failing") t = nextTransition(c, { successRate: rate, lastError: await lastError(db, c.id) }, now);
    if (!t) continue;
    const id = await apply(db, c, t, now);
    if (id) made.push({ id, connectorId: c.id, kind: t.kind, message: t.message });
  }
  return made;
}
