import { eq, sql } from "drizzle-orm";
import { alerts, type AlertKind } from "@/db/schema";
import { signRequest } from "@/lib/delivery/attempts/request";
import type { DeliveryRuntime } from "@/lib/delivery/engine/runtime";
import { sendSigned } from "@/lib/delivery/attempts/perform";
import { rowsOf } from "@/db/sql";
import { operationalBody } from "./operational";

/*
 * The operational events owed to Alert destinations: an outbox. The evaluator writes an alert with
 * its destination and destination_next_at in the same transaction as the episode change; this sends
 * it, signed like any delivery, outside any transaction. A try is taken by moving
 * destination_next_at past its timeout (SKIP LOCKED, so two processes never take the same alert),
 * so a process killed mid-request leaves it to be tried again, never lost.
 */

/** Waits after a failed try: 30 s, 2 min, 10 min, 30 min; then it gives up (5 tries in all). */
export const ALERT_RETRY_MS = [30_000, 120_000, 600_000, 1_800_000] as const;
export const MAX_ALERT_TRIES = ALERT_RETRY_MS.length + 1;
/** Alerts sent per pass at most. */
const BATCH = 20;
/** Beyond the destination's timeout, how long a taken try is left alone before another process may take it. */
const TAKEN_MARGIN_MS = 30_000;

type Taken = {
  id: string;
  kind: AlertKind;
  created_at: string | Date;
  data: Record<string, unknown>;
  destination_attempts: number;
  connector_id: string;
  connector_name: string;
  destination_id: string;
  destination_updated_at: string | Date;
};

export type NotifyOutcome = { id: string; delivered: boolean; gaveUp: boolean; status: number | null; error: string | null };

const asDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));

async function take(rt: DeliveryRuntime, now: Date): Promise<Taken[]> {
  // Long enough for the slowest destination's request: the timeout is at most 30 s.
  const until = new Date(now.getTime() + 30_000 + TAKEN_MARGIN_MS);
  return rowsOf<Taken>(
    await rt.db.execute(sql`
      with due as (
        select a.id from alerts a
        where a.sent_at is null and a.destination_id is not null and a.destination_next_at <= ${now.toISOString()}
        order by a.destination_next_at
        limit ${BATCH}
        for update skip locked
      ),
      taken as (
        update alerts a set destination_attempts = a.destination_attempts + 1, destination_next_at = ${until.toISOString()}
        from due where a.id = due.id
        returning a.id, a.kind, a.created_at, a.data, a.destination_attempts, a.connector_id, a.destination_id
      )
      select t.*, c.name as connector_name, d.updated_at as destination_updated_at
      from taken t
      join connectors c on c.id = t.connector_id
      join connectors d on d.id = t.destination_id
    `),
  );
}

/** One try of one alert; never throws for the destination's trouble. */
async function sendOne(rt: DeliveryRuntime, alert: Taken, now: Date): Promise<{ status: number | null; error: string | null; delivered: boolean; final: boolean }> {
  const destination = await rt.connectors.get(rt.db, alert.destination_id, asDate(alert.destination_updated_at));
  if (!destination || destination.deleted) return { status: null, error: "The alert destination was deleted.", delivered: false, final: true };
  if (!destination.active) return { status: null, error: "The alert destination is turned off.", delivered: false, final: true };
  if (!destination.notificationUrl) return { status: null, error: "The alert destination has no notification URL.", delivered: false, final: true };
  let secrets;
  try {
    secrets = destination.secrets(now);
  } catch {
    return { status: null, error: "The alert destination's secrets could not be read (was ENCRYPTION_KEY changed?).", delivered: false, final: true };
  }
  const request = signRequest({
    // The alert's id is the receiver's idempotency key, the same on every try.
    delivery: { id: alert.id },
    eventType: alert.kind,
    body: operationalBody({
      id: alert.id,
      type: alert.kind,
      createdAt: asDate(alert.created_at),
      connector: { id: alert.connector_id, name: alert.connector_name },
      data: alert.data,
    }),
    connector: { notificationUrl: destination.notificationUrl, signatureScheme: destination.signatureScheme },
    secrets,
    now,
  });
  const result = await sendSigned(rt, request, destination, { keepAlive: false });
  // A blocked address will not unblock by waiting.
  const final = result.success || result.errorCode === "blocked";
  return { status: result.status, error: result.success ? null : (result.error ?? `HTTP ${result.status}`), delivered: result.success, final };
}

/**
 * Sends the operational events that are due, each at most once at a time across processes. Returns
 * what happened to each, for logs and tests.
 */
export async function sendDueAlerts(rt: DeliveryRuntime): Promise<NotifyOutcome[]> {
  const now = rt.now();
  const outcomes: NotifyOutcome[] = [];
  for (const alert of await take(rt, now)) {
    const tried = await sendOne(rt, alert, now);
    const gaveUp = !tried.delivered && (tried.final || alert.destination_attempts >= MAX_ALERT_TRIES);
    const wait = ALERT_RETRY_MS[Math.min(alert.destination_attempts, ALERT_RETRY_MS.length) - 1] ?? ALERT_RETRY_MS.at(-1)!;
    const ended = rt.now();
    await rt.db
      .update(alerts)
      .set({
        destinationStatus: tried.status,
        destinationError: tried.error,
        sentAt: tried.delivered || gaveUp ? ended : null,
        destinationNextAt: tried.delivered || gaveUp ? null : new Date(ended.getTime() + wait),
      })
      .where(eq(alerts.id, alert.id));
    outcomes.push({ id: alert.id, delivered: tried.delivered, gaveUp, status: tried.status, error: tried.error });
  }
  return outcomes;
}
