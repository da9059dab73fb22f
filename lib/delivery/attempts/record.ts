import { and, eq, gte, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { executePrepared } from "@/db/client";
import { rowsOf, uuidArray } from "@/db/sql";
import { attempts, connectors, deliveries, type Connector, type Delivery, type DeliveryStatus } from "@/db/schema";
import { diff, recordAudit } from "@/lib/audit/service";
import { formatDuration, nextRetryAt, type DeliveryPolicy } from "./policy";
import type { AttemptResult } from "./send";

export type AttemptTrigger = "scheduled" | "replay";

export type RecordAttemptInput = {
  deliveryId: string;
  trigger: AttemptTrigger;
  request: { url: string; redactedHeaders: Record<string, string>; body: string };
  result: AttemptResult;
  startedAt: Date;
  policy: DeliveryPolicy;
  now: Date;
  /**
   * The lease holder that made the attempt. Given, the lease is released only if it is still this
   * one's (it may have expired and been claimed by another process while the request was slow);
   * omitted, the lease is released whoever holds it.
   */
  leaseOwner?: string;
};

export type RecordAttemptOutcome = {
  attemptNumber: number;
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  /** True when this attempt turned the connector off (auto-disable). */
  connectorDisabled: boolean;
};

type DeliveryState = { status: DeliveryStatus; nextAttemptAt: Date | null; completedAt: Date | null };

/**
 * Where a delivery goes after an attempt. A success always finishes it. A scheduled failure follows
 * the retry schedule, counted in scheduled attempts only so replays do not use it up. A replay that
 * fails leaves a running schedule alone, and marks a finished delivery failed (its latest attempt
 * failed) without scheduling anything. A scheduled attempt that lands after the delivery finished
 * (a replay won the race) never reopens it.
 */
export function nextDeliveryState(
  delivery: Pick<Delivery, "status" | "nextAttemptAt" | "completedAt">,
  attempt: { trigger: AttemptTrigger; success: boolean; scheduledNumber: number; retryAfter: Date | null },
  policy: DeliveryPolicy,
  now: Date,
): DeliveryState {
  const finished = delivery.status === "succeeded" || delivery.status === "failed";
  if (attempt.success) return { status: "succeeded", nextAttemptAt: null, completedAt: now };
  if (attempt.trigger === "replay") {
    return finished ? { status: "failed", nextAttemptAt: null, completedAt: now } : { ...delivery };
  }
  if (finished) return { ...delivery };
  const next = nextRetryAt(attempt.scheduledNumber, now, policy, attempt.retryAfter);
  return next
    ? { status: "retrying", nextAttemptAt: next, completedAt: null }
    : { status: "failed", nextAttemptAt: null, completedAt: now };
}

/**
 * Records one attempt and its consequences in a single transaction: the attempt row, the delivery's
 * new state and the connector's failing streak. Call it after the request, never around it: no
 * transaction may stay open while the network is waited on.
 */
export async function recordAttempt(db: Queryable, input: RecordAttemptInput): Promise<RecordAttemptOutcome> {
  const [outcome] = await recordAttempts(db, [input]);
  return outcome!;
}

type LockedDelivery = Pick<Delivery, "id" | "status" | "nextAttemptAt" | "completedAt" | "attemptCount" | "test" | "connectorId"> & {
  /** Who holds the delivery's lease, expired or not (null: nobody). */
  leasedBy: string | null;
  scheduledCount: number;
};

/**
 * Records many attempts in a few set-based statements, whatever their number. A batch of successes
 * whose leases the recorder still holds (a healthy receiver, the common case) is one statement.
 * Anything else is one transaction: the deliveries locked in id order (so two recorders never
 * deadlock), then one statement that inserts the attempts, updates every delivery and ends healthy
 * connectors' streaks, and a streak update per failing connector. The outcomes come back in the
 * order of `inputs`. Several attempts of the same delivery are applied in input order.
 */
export async function recordAttempts(db: Queryable, inputs: readonly RecordAttemptInput[]): Promise<RecordAttemptOutcome[]> {
  if (inputs.length === 0) return [];
  const owner = inputs[0]!.leaseOwner;
  const fast =
    owner !== undefined &&
    inputs.every((i) => i.result.success && i.leaseOwner === owner) &&
    new Set(inputs.map((i) => i.deliveryId)).size === inputs.length;
  if (!fast) return recordLocked(db, inputs);
  const recorded = await recordSuccesses(db, owner, inputs);
  const rest = inputs.filter((i) => !recorded.has(i.deliveryId));
  const restOutcomes = rest.length > 0 ? await recordLocked(db, rest) : [];
  // The fast path has one input per delivery, so the delivery id names each outcome.
  rest.forEach((input, i) => recorded.set(input.deliveryId, restOutcomes[i]!));
  return inputs.map((i) => recorded.get(i.deliveryId)!);
}

/** An attempt as a row of the attempts table, for json_to_recordset, without its `number`. */
function attemptRow(input: RecordAttemptInput) {
  const { result } = input;
  return {
    delivery_id: input.deliveryId,
    trigger: input.trigger,
    started_at: input.startedAt.toISOString(),
    duration_ms: result.durationMs,
    url: input.request.url,
    request_headers: input.request.redactedHeaders,
    request_body: input.request.body,
    response_status: result.status,
    response_headers: result.responseHeaders,
    response_body: result.responseBody,
    response_truncated: result.responseTruncated,
    error_code: result.errorCode,
    error: result.error,
    success: result.success,
  };
}

/** The columns attemptRow produces, typed. */
const attemptColumns = sql.raw(`
  delivery_id uuid, trigger attempt_trigger, started_at timestamptz, duration_ms int, url text,
  request_headers jsonb, request_body text, response_status int, response_headers jsonb, response_body text,
  response_truncated boolean, error_code text, error text, success boolean`);

/** The attempts table's columns that both recording statements insert, in this order. */
const attemptInsert = sql.raw(`insert into attempts (delivery_id, number, trigger, started_at, duration_ms, url, request_headers,
  request_body, response_status, response_headers, response_body, response_truncated, error_code, error, success)`);

/**
 * The common case in one statement (one round trip, its own commit): successful attempts of
 * deliveries whose leases `owner` still holds. A success finishes a delivery whatever its state, so
 * nothing needs reading first; the lease is the guard, as nobody else attempts a leased delivery.
 * Returns the outcomes of the deliveries it recorded; one whose lease ran out (another process may
 * be attempting it) is left for the locking path.
 */
async function recordSuccesses(db: Queryable, owner: string, inputs: readonly RecordAttemptInput[]): Promise<Map<string, RecordAttemptOutcome>> {
  const rows = inputs.map((input) => ({ ...attemptRow(input), completed_at: input.now.toISOString() }));
  const recorded = rowsOf<{ id: string; attempt_count: number }>(
    await executePrepared(db, "hub_record_successes", sql`
      with v as (
        select * from json_to_recordset(${JSON.stringify(rows)}::json) as v(${attemptColumns}, completed_at timestamptz)
      ),
      released as (
        delete from delivery_leases l
        where l.delivery_id = any(${uuidArray(inputs.map((i) => i.deliveryId))}) and l.owner = ${owner}
        returning l.delivery_id
      ),
      updated as (
        update deliveries d set
          status = 'succeeded', next_attempt_at = null, completed_at = v.completed_at,
          attempt_count = d.attempt_count + 1, last_status_code = v.response_status, last_error = null,
          last_duration_ms = v.duration_ms, updated_at = v.completed_at
        from v join released r on r.delivery_id = v.delivery_id
        where d.id = v.delivery_id and d.id = any(${uuidArray(inputs.map((i) => i.deliveryId))})
        returning d.id, d.attempt_count, d.connector_id, d.test
      ),
      written as (
        ${attemptInsert}
        select v.delivery_id, u.attempt_count, v.trigger, v.started_at, v.duration_ms, v.url, v.request_headers, v.request_body,
          v.response_status, v.response_headers, v.response_body, v.response_truncated, v.error_code, v.error, v.success
        from v join updated u on u.id = v.delivery_id
        returning 1
      ),
      healed as (
        update connectors set failing_since = null, consecutive_failures = 0
        where id in (select connector_id from updated where not test) and (failing_since is not null or consecutive_failures <> 0)
        returning 1
      )
      select id, attempt_count from updated
    `),
  );
  return new Map(
    recorded.map((r) => [r.id, { attemptNumber: r.attempt_count, status: "succeeded", nextAttemptAt: null, connectorDisabled: false }]),
  );
}

/**
 * Any batch: the deliveries are locked and read first, since a failure's next state depends on
 * them (the retry schedule, a replay racing a scheduled attempt, the connector's streak).
 */
async function recordLocked(db: Queryable, inputs: readonly RecordAttemptInput[]): Promise<RecordAttemptOutcome[]> {
  const ids = [...new Set(inputs.map((i) => i.deliveryId))];
  return db.transaction(async (tx) => {
    // The row locks order concurrent recorders (a replay and a scheduled attempt) on one delivery.
    const locked = rowsOf<{
      id: string;
      status: DeliveryStatus;
      next_attempt_at: string | Date | null;
      completed_at: string | Date | null;
      attempt_count: number;
      leased_by: string | null;
      test: boolean;
      connector_id: string;
      scheduled_count: number;
    }>(
      await executePrepared(tx, "hub_record_lock", sql`
        select d.id, d.status, d.next_attempt_at, d.completed_at, d.attempt_count, d.test, d.connector_id,
          (select l.owner from delivery_leases l where l.delivery_id = d.id) as leased_by,
          (select count(*)::int from attempts a where a.delivery_id = d.id and a.trigger = 'scheduled') as scheduled_count
        from deliveries d
        where d.id = any(${uuidArray(ids)})
        order by d.id
        for update of d
      `),
    );
    const state = new Map<string, LockedDelivery>(
      locked.map((r) => [
        r.id,
        {
          id: r.id,
          status: r.status,
          nextAttemptAt: toDate(r.next_attempt_at),
          completedAt: toDate(r.completed_at),
          attemptCount: r.attempt_count,
          leasedBy: r.leased_by,
          test: r.test,
          connectorId: r.connector_id,
          scheduledCount: r.scheduled_count,
        },
      ]),
    );

    const attemptRows: Record<string, unknown>[] = [];
    const outcomes: RecordAttemptOutcome[] = [];
    const released = new Set<string>();
    for (const input of inputs) {
      const delivery = state.get(input.deliveryId);
      if (!delivery) throw new Error(`Delivery ${input.deliveryId} does not exist.`);
      const { result } = input;
      const number = delivery.attemptCount + 1;
      if (input.trigger === "scheduled") delivery.scheduledCount += 1;
      attemptRows.push({ ...attemptRow(input), number });
      const next = nextDeliveryState(
        delivery,
        { trigger: input.trigger, success: result.success, scheduledNumber: delivery.scheduledCount, retryAfter: result.retryAfter },
        input.policy,
        input.now,
      );
      // Clears the lease only if still ours: after it ran out, another process may hold it.
      if (ownsLease(delivery, input.leaseOwner)) released.add(delivery.id);
      Object.assign(delivery, next, { attemptCount: number });
      outcomes.push({ attemptNumber: number, status: next.status, nextAttemptAt: next.nextAttemptAt, connectorDisabled: false });
    }

    const last = new Map<string, RecordAttemptInput>();
    for (const input of inputs) last.set(input.deliveryId, input);
    const updates = [...last.values()].map((input) => {
      const d = state.get(input.deliveryId)!;
      return {
        id: d.id,
        status: d.status,
        next_attempt_at: d.nextAttemptAt?.toISOString() ?? null,
        completed_at: d.completedAt?.toISOString() ?? null,
        attempt_count: d.attemptCount,
        last_status_code: input.result.status,
        last_error: input.result.error,
        last_duration_ms: input.result.durationMs,
        updated_at: input.now.toISOString(),
      };
    });

    // Test deliveries do not count towards a connector's streak.
    const byConnector = new Map<string, RecordAttemptInput[]>();
    inputs.forEach((input) => {
      const d = state.get(input.deliveryId)!;
      if (d.test) return;
      byConnector.set(d.connectorId, [...(byConnector.get(d.connectorId) ?? []), input]);
    });
    // Connectors whose last attempt here succeeded (healthy receivers, the common case): any streak
    // ends, in a statement that locks no row unless a streak actually ends.
    const healthy = [...byConnector].filter(([, list]) => list.at(-1)!.result.success).map(([id]) => id);

    // The attempts, the deliveries' new states and the healthy connectors in one statement: one
    // round trip, and one SQL text whatever the batch (rows travel as JSON), so it stays prepared.
    await executePrepared(tx, "hub_record_write", sql`
      with written as (
        ${attemptInsert}
        select delivery_id, number, trigger, started_at, duration_ms, url, request_headers, request_body,
          response_status, response_headers, response_body, response_truncated, error_code, error, success
        from json_to_recordset(${JSON.stringify(attemptRows)}::json) as a(${attemptColumns}, number int)
        returning 1
      ),
      updated as (
        update deliveries d set
          status = v.status, next_attempt_at = v.next_attempt_at, completed_at = v.completed_at,
          attempt_count = v.attempt_count, last_status_code = v.last_status_code, last_error = v.last_error,
          last_duration_ms = v.last_duration_ms, updated_at = v.updated_at
        from json_to_recordset(${JSON.stringify(updates)}::json) as v(
          id uuid, status delivery_status, next_attempt_at timestamptz, completed_at timestamptz, attempt_count int,
          last_status_code int, last_error text, last_duration_ms int, updated_at timestamptz)
        where d.id = v.id and d.id = any(${uuidArray(updates.map((u) => u.id))})
        returning 1
      ),
      healed as (
        update connectors set failing_since = null, consecutive_failures = 0
        where id = any(${uuidArray(healthy)}) and (failing_since is not null or consecutive_failures <> 0)
        returning 1
      ),
      -- The deliveries are locked, so nobody took these leases over since they were read.
      released as (
        delete from delivery_leases where delivery_id = any(${uuidArray([...released])})
        returning 1
      )
      select (select count(*) from written) as attempts, (select count(*) from updated) as deliveries, (select count(*) from healed) as healed,
        (select count(*) from released) as released
    `);

    // In id order, so two recorders locking the same failing connectors never wait in a cycle.
    for (const [connectorId, connectorInputs] of [...byConnector].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (connectorInputs.at(-1)!.result.success) continue;
      if (await updateFailingStreak(tx, connectorId, connectorInputs)) {
        inputs.forEach((input, i) => {
          if (state.get(input.deliveryId)!.connectorId === connectorId) outcomes[i]!.connectorDisabled = true;
        });
      }
    }
    return outcomes;
  });
}

function toDate(value: string | Date | null): Date | null {
  return value === null ? null : value instanceof Date ? value : new Date(value);
}

function ownsLease(delivery: Pick<LockedDelivery, "leasedBy">, owner: string | undefined): boolean {
  return owner === undefined || delivery.leasedBy === null || delivery.leasedBy === owner;
}

/**
 * Tracks the connector's run of failures and turns it off once every attempt has failed for
 * policy.autoDisableAfterMs: a receiver that is gone for good should not be hammered forever, and
 * the admin sees why it stopped. Test deliveries do not count (an admin probing a receiver that is
 * not ready must not start the clock). Returns true when the connector was turned off.
 */
/** For a connector whose last attempt in the batch failed (see recordAttempts for the others). */
async function updateFailingStreak(tx: Queryable, connectorId: string, inputs: RecordAttemptInput[]): Promise<boolean> {
  const lastSuccess = inputs.findLastIndex((i) => i.result.success);
  // Locked: a failure's consequences (start the streak, maybe turn the connector off) are read-modify-write.
  const [connector] = await tx.select().from(connectors).where(eq(connectors.id, connectorId)).for("update");
  if (!connector) return false;
  // The failures after the batch's last success, or all of them on top of the running count (alerts read it).
  const consecutiveFailures = lastSuccess >= 0 ? inputs.length - lastSuccess - 1 : connector.consecutiveFailures + inputs.length;
  if (lastSuccess >= 0 || !connector.failingSince) {
    // A success in this batch ended any old streak; a new one starts at the first failure after it.
    const since = connector.active ? inputs[lastSuccess + 1]!.startedAt : null;
    await tx.update(connectors).set({ failingSince: since, consecutiveFailures }).where(eq(connectors.id, connectorId));
    return false;
  }
  await tx.update(connectors).set({ consecutiveFailures }).where(eq(connectors.id, connectorId));
  if (!connector.active) return false;
  const last = inputs.at(-1)!;
  const failingFor = last.now.getTime() - connector.failingSince.getTime();
  if (failingFor < last.policy.autoDisableAfterMs) return false;
  if (await hasSuccessSince(tx, connectorId, connector.failingSince)) return false;
  await autoDisable(tx, connector, connector.failingSince, last);
  return true;
}

async function hasSuccessSince(tx: Queryable, connectorId: string, since: Date): Promise<boolean> {
  const [row] = await tx
    .select({ id: attempts.id })
    .from(attempts)
    .innerJoin(deliveries, eq(attempts.deliveryId, deliveries.id))
    .where(and(eq(deliveries.connectorId, connectorId), eq(attempts.success, true), gte(attempts.startedAt, since)))
    .limit(1);
  return row !== undefined;
}

function utcMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

async function autoDisable(tx: Queryable, connector: Connector, since: Date, input: RecordAttemptInput) {
  const period = formatDuration(input.policy.autoDisableAfterMs);
  const disabledReason = `Turned off automatically: every delivery attempt failed for ${period} (since ${utcMinute(since)})`;
  // failingSince is cleared so that turning the connector back on starts a fresh streak.
  await tx
    .update(connectors)
    .set({ active: false, disabledReason, disabledAt: input.now, failingSince: null, updatedAt: input.now })
    .where(eq(connectors.id, connector.id));
  await recordAudit(tx, null, {
    action: "connector.auto_disabled",
    entityType: "connector",
    entityId: connector.id,
    summary: `Turned off connector ${connector.name}: every delivery attempt failed for ${period}`,
    changes: diff({ active: true, disabledReason: connector.disabledReason }, { active: false, disabledReason }),
  });
}
