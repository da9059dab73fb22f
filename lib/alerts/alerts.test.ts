import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts, auditLog, connectors } from "@/db/schema";
import { setActive } from "@/lib/connectors/service";
import { DomainError, ForbiddenError, ValidationError } from "@/lib/errors";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector, makeCtx, makeDelivery, makeEvent, makeProgram } from "@/test/support/factories";
import { ingestExample, setUpConnector, subscribe, testRuntime, whileWorking } from "@/test/support/pipeline";
import { useReceivers } from "@/test/support/processes";
import { eventually, type Reply } from "@/test/support/receiver";
import { evaluateAlerts, lasting, nextTransition, type AlertSubject } from "./evaluate";
import { ALERT_RETRY_MS, MAX_ALERT_TRIES, sendDueAlerts } from "./notify";
import { getConnectorAlerts, listAlerts } from "./queries";
import { checkAlerts } from "./run";
import { markAlertsRead, updateAlertSettings } from "./service";

const database = useTestDatabase();
const startReceiver = useReceivers();

const DESTINATION_SECRET = "ops-destination-secret-0123456789";

async function receiver(reply?: (n: number) => Reply, secrets?: string[]) {
  const started = await startReceiver({ reply, secrets });
  return started;
}

const subject = (overrides: Partial<AlertSubject> = {}): AlertSubject => ({
  id: "c",
  name: "CRM",
  active: true,
  disabledReason: null,
  disabledAt: null,
  failingSince: null,
  consecutiveFailures: 0,
  alertAfterFailures: 5,
  alertSuccessRateBelow: null,
  alertDestinationId: null,
  alertState: null,
  alertStateSince: null,
  ...overrides,
});
/** The alerts a pass made for these connectors (the file's tests share one database). */
async function evaluateFor(ids: string[], now = new Date()) {
  const { db } = database();
  return (await evaluateAlerts(db, now)).filter((a) => ids.includes(a.connectorId));
}

const unmeasured = { successRate: null, lastError: null };
const NOW = new Date("2026-12-04T10:00:00Z");

describe("nextTransition", () => {
  it("opens a failing episode at the streak threshold, once, and closes it on a success", () => {
    expect(nextTransition(subject({ consecutiveFailures: 4 }), unmeasured, NOW)).toBeNull();
    const failing = nextTransition(subject({ consecutiveFailures: 5 }), { successRate: null, lastError: "HTTP 503" }, NOW);
    expect(failing).toMatchObject({ kind: "connector.failing", state: "failing", since: NOW });
    expect(failing!.message).toBe("CRM is failing: 5 consecutive failed attempts (last: HTTP 503).");
    // Already failing: more failures make nothing new.
    expect(nextTransition(subject({ consecutiveFailures: 50, alertState: "failing", alertStateSince: NOW }), unmeasured, NOW)).toBeNull();
    const later = new Date(NOW.getTime() + 12 * 60_000);
    const recovered = nextTransition(subject({ alertState: "failing", alertStateSince: NOW }), unmeasured, later);
    expect(recovered).toMatchObject({ kind: "connector.recovered", state: null, data: { episode: "failing", durationSeconds: 720 } });
    expect(recovered!.message).toBe("CRM recovered: deliveries succeed again after 12 minutes of failing.");
  });

  it("watches the success rate only with enough traffic, and stays failing while it is low", () => {
    const watching = subject({ alertAfterFailures: null, alertSuccessRateBelow: 90 });
    expect(nextTransition(watching, unmeasured, NOW)).toBeNull();
    expect(nextTransition(watching, { successRate: 95, lastError: null }, NOW)).toBeNull();
    expect(nextTransition(watching, { successRate: 60, lastError: null }, NOW)).toMatchObject({ kind: "connector.failing", data: { reason: "success_rate", successRate: 60 } });
    expect(nextTransition({ ...watching, alertState: "failing" }, { successRate: 60, lastError: null }, NOW)).toBeNull();
    expect(nextTransition({ ...watching, alertState: "failing" }, { successRate: 92, lastError: null }, NOW)?.kind).toBe("connector.recovered");
  });

  it("escalates to disabled keeping the episode's start, and recovers only after a success once on again", () => {
    const since = new Date(NOW.getTime() - 60_000);
    const off = subject({ active: false, disabledReason: "Turned off automatically: …", alertState: "failing", alertStateSince: since, consecutiveFailures: 9 });
    expect(nextTransition(off, unmeasured, NOW)).toMatchObject({ kind: "connector.disabled", state: "disabled", since });
    expect(nextTransition({ ...off, alertState: "disabled" }, unmeasured, NOW)).toBeNull();
    // Turned back on: the count stays until an attempt succeeds.
    const back = subject({ alertState: "disabled", alertStateSince: since, consecutiveFailures: 9 });
    expect(nextTransition(back, unmeasured, NOW)).toBeNull();
    expect(nextTransition({ ...back, consecutiveFailures: 0 }, unmeasured, NOW)?.kind).toBe("connector.recovered");
    // Turned off by an admin: no alert.
    expect(nextTransition(subject({ active: false, consecutiveFailures: 9 }), unmeasured, NOW)).toBeNull();
  });

  it("words durations", () => {
    expect([lasting(40_000), lasting(3 * 3_600_000 + 5), lasting(86_400_000), lasting(10)]).toEqual(["40 seconds", "3 hours", "1 day", "less than a second"]);
  });
});

describe("connector alerts", () => {
  it("alerts once per episode with two processes, signs the operational events, and counts failures across retries", async () => {
    const { db } = database();
    const admin = await makeCtx(db, "admin");
    let failing = true;
    const crm = await receiver(() => (failing ? { status: 503 } : { status: 204 }));
    const ops = await receiver(undefined, [DESTINATION_SECRET]);
    const program = await makeProgram(db);
    const connectorId = await setUpConnector(admin, { url: crm.url });
    const destinationId = await setUpConnector(admin, { url: `${new URL(ops.url).origin}/ops`, secret: DESTINATION_SECRET });
    await updateAlertSettings(admin, { connectorId, alertAfterFailures: 3, alertSuccessRateBelow: "", alertDestinationId: destinationId });
    await subscribe(db, program.id, connectorId, "points.earned");
    const rt = testRuntime(db);
    await whileWorking(rt, 50, async () => {
      await ingestExample(db, program.id, "points.earned");
      await ingestExample(db, program.id, "points.earned");
      // Two processes' passes at once, and the worker's own, while the failures mount.
      await eventually(async () => {
        await Promise.all([checkAlerts(testRuntime(db)), checkAlerts(testRuntime(db))]);
        return ops.received.length > 0;
      }, 15_000, "the failing alert sent");
      const [row] = await db.select().from(connectors).where(eq(connectors.id, connectorId));
      expect(row!.consecutiveFailures).toBeGreaterThanOrEqual(3);
      expect(row!.alertState).toBe("failing");
      for (let i = 0; i < 3; i++) await Promise.all([checkAlerts(testRuntime(db)), checkAlerts(testRuntime(db))]);

      const made = await db.select().from(alerts).where(eq(alerts.connectorId, connectorId));
      expect(made.map((a) => a.kind)).toEqual(["connector.failing"]);
      expect(made[0]!.message).toMatch(/consecutive failed attempts \(last: HTTP 503\)\.$/);
      const audited = await db.select().from(auditLog).where(and(eq(auditLog.action, "connector.alert"), eq(auditLog.entityId, connectorId)));
      expect(audited).toHaveLength(1);
      expect(audited[0]!.actorEmail).toBe("system");

      expect(ops.received).toHaveLength(1);
      const [sent] = ops.received;
      expect(sent!.path).toBe("/ops");
      expect(sent!.headers["x-qualifio-event"]).toBe("connector.failing");
      expect(sent!.headers["x-qualifio-delivery"]).toBe(made[0]!.id);
      expect(sent!.qualifioValidFor).toEqual([DESTINATION_SECRET]);
      expect(sent!.events).toEqual([
        expect.objectContaining({ id: made[0]!.id, type: "connector.failing", test: false, connector: { id: connectorId, name: expect.any(String) } }),
      ]);
      expect(sent!.events![0]!.data).toMatchObject({ reason: "consecutive_failures", alertAfterFailures: 3, lastError: "HTTP 503" });

      // The receiver comes back: the retries succeed, the streak ends, one recovered alert.
      failing = false;
      await eventually(async () => {
        await checkAlerts(testRuntime(db));
        return ops.received.length === 2;
      }, 15_000, "the recovered alert sent");
      await checkAlerts(testRuntime(db));
      const after = await db.select().from(alerts).where(eq(alerts.connectorId, connectorId)).orderBy(alerts.createdAt);
      expect(after.map((a) => a.kind)).toEqual(["connector.failing", "connector.recovered"]);
      expect(ops.received[1]!.headers["x-qualifio-event"]).toBe("connector.recovered");
      expect(ops.received).toHaveLength(2);
      const [healed] = await db.select().from(connectors).where(eq(connectors.id, connectorId));
      expect(healed).toMatchObject({ consecutiveFailures: 0, alertState: null, alertStateSince: null });
      expect(after.every((a) => a.destinationStatus === 204 && a.sentAt !== null)).toBe(true);
    });
  });

  it("opens and closes on the success rate of the last 15 minutes, test deliveries aside", async () => {
    const { db } = database();
    const program = await makeProgram(db);
    const connector = await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/hook", alertAfterFailures: null, alertSuccessRateBelow: 50 });
    const add = async (status: "succeeded" | "retrying", n: number, extra: { test?: boolean; createdAt?: Date } = {}) => {
      for (let i = 0; i < n; i++) {
        const event = await makeEvent(db, program.id);
        await makeDelivery(db, { ...event, test: extra.test }, connector.id, { status, attemptCount: 1, createdAt: extra.createdAt });
      }
    };
    await add("retrying", 6);
    await add("succeeded", 3);
    // Under the sample size: nothing yet. Old and test deliveries do not count towards it.
    await add("retrying", 20, { createdAt: new Date(Date.now() - 20 * 60_000) });
    await add("retrying", 5, { test: true });
    expect(await evaluateFor([connector.id])).toEqual([]);
    await add("succeeded", 1);
    const [opened] = await evaluateFor([connector.id]);
    expect(opened).toMatchObject({ connectorId: connector.id, kind: "connector.failing" });
    expect(opened!.message).toContain("40 % of its deliveries in the last 15 minutes succeeded (alert under 50 %)");
    await add("succeeded", 6);
    expect((await evaluateFor([connector.id])).map((a) => a.kind)).toEqual(["connector.recovered"]);
  });

  it("alerts when the hub turns a connector off, and recovers only after a success once it is on again", async () => {
    const { db } = database();
    const admin = await makeCtx(db, "admin");
    const connector = await makeConnector(db, {
      active: false,
      notificationUrl: "http://127.0.0.1:9/hook",
      disabledReason: "Turned off automatically: every delivery attempt failed for 5 days (since 2026-11-29 09:12 UTC)",
      disabledAt: new Date(),
      consecutiveFailures: 40,
    });
    expect((await evaluateFor([connector.id])).map((a) => a.kind)).toEqual(["connector.disabled"]);
    expect(await evaluateFor([connector.id])).toEqual([]);
    const view = await getConnectorAlerts(db, connector.id, "admin");
    expect(view).toMatchObject({ state: "disabled", episode: { kind: "connector.disabled" } });
    await setActive(admin, { connectorId: connector.id, active: true });
    expect(await evaluateFor([connector.id])).toEqual([]);
    await db.update(connectors).set({ consecutiveFailures: 0 }).where(eq(connectors.id, connector.id));
    expect((await evaluateFor([connector.id])).map((a) => a.kind)).toEqual(["connector.recovered"]);
    expect((await getConnectorAlerts(db, connector.id, "admin"))!.state).toBeNull();
  });

  it("retries a failing destination on its schedule, then gives up; a turned-off destination gets nothing", async () => {
    const { db } = database();
    const down = await receiver(() => ({ status: 500 }));
    const destination = await makeConnector(db, { active: true, notificationUrl: down.url });
    const off = await makeConnector(db, { active: false, notificationUrl: down.url });
    const connector = await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/hook", consecutiveFailures: 7, alertDestinationId: destination.id });
    const other = await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/hook", consecutiveFailures: 7, alertDestinationId: off.id });
    let now = new Date();
    const rt = testRuntime(db, { now: () => now });
    expect(await evaluateFor([connector.id, other.id], now)).toHaveLength(2);
    const first = await sendDueAlerts(rt);
    expect(first.map((o) => [o.delivered, o.gaveUp])).toEqual(expect.arrayContaining([[false, false], [false, true]]));
    expect(first.find((o) => o.gaveUp)!.error).toBe("The alert destination is turned off.");
    // Not due again before its wait.
    expect(await sendDueAlerts(rt)).toEqual([]);
    for (const wait of ALERT_RETRY_MS) {
      now = new Date(now.getTime() + wait + 1000);
      expect(await sendDueAlerts(rt)).toHaveLength(1);
    }
    expect(down.received).toHaveLength(MAX_ALERT_TRIES);
    now = new Date(now.getTime() + 3_600_000);
    expect(await sendDueAlerts(rt)).toEqual([]);
    const [gaveUp] = await db.select().from(alerts).where(eq(alerts.connectorId, connector.id));
    expect(gaveUp).toMatchObject({ destinationAttempts: MAX_ALERT_TRIES, destinationStatus: 500 });
    expect(gaveUp!.sentAt).not.toBeNull();
    expect((await db.select().from(alerts).where(eq(alerts.connectorId, other.id)))[0]!.destinationAttempts).toBe(1);
  });

  it("is run by the local driver on its own, beside its deliveries", async () => {
    const { db } = database();
    const connector = await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/hook", consecutiveFailures: 5 });
    await whileWorking(testRuntime(db), 50, async () => {
      await eventually(async () => (await db.select().from(alerts).where(eq(alerts.connectorId, connector.id))).length === 1, 10_000, "the worker's alert");
    });
  });

  it("lists alerts in the bell with an unread count per user", async () => {
    const { db } = database();
    const admin = await makeCtx(db, "admin");
    const marketer = await makeCtx(db, "marketer");
    await makeConnector(db, { active: true, notificationUrl: "http://127.0.0.1:9/hook", consecutiveFailures: 5 });
    await evaluateAlerts(db, new Date());
    const before = await listAlerts(db, marketer.actor);
    expect(before.unread).toBeGreaterThanOrEqual(1);
    expect(before.alerts[0]).toMatchObject({ kind: "connector.failing", unread: true });
    await markAlertsRead(marketer);
    expect((await listAlerts(db, marketer.actor)).unread).toBe(0);
    expect((await listAlerts(db, admin.actor)).unread).toBe(before.unread);
  });
});

describe("updateAlertSettings", () => {
  it("saves and audits the grounds and destination, with field errors for bad input", async () => {
    const { db } = database();
    const admin = await makeCtx(db, "admin");
    const connector = await makeConnector(db);
    const destination = await makeConnector(db);
    await updateAlertSettings(admin, { connectorId: connector.id, alertAfterFailures: "10", alertSuccessRateBelow: "95", alertDestinationId: destination.id });
    const [row] = await db.select().from(connectors).where(eq(connectors.id, connector.id));
    expect(row).toMatchObject({ alertAfterFailures: 10, alertSuccessRateBelow: 95, alertDestinationId: destination.id });
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, "connector.alerts_updated"), eq(auditLog.entityId, connector.id)));
    expect(audit!.summary).toContain(`after 10 consecutive failures or under 95 % success in 15 minutes, sent to ${destination.name}`);

    const fieldsOf = async (input: Record<string, unknown>) => {
      const error = await updateAlertSettings(admin, { connectorId: connector.id, ...input }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      return Object.keys((error as DomainError).fieldErrors ?? {});
    };
    expect(await fieldsOf({ alertAfterFailures: 0 })).toEqual(["alertAfterFailures"]);
    expect(await fieldsOf({ alertSuccessRateBelow: 101 })).toEqual(["alertSuccessRateBelow"]);
    expect(await fieldsOf({ alertAfterFailures: "2.5" })).toEqual(["alertAfterFailures"]);
    expect(await fieldsOf({ alertDestinationId: connector.id })).toEqual(["alertDestinationId"]);
    expect(await fieldsOf({ alertDestinationId: "not-an-id" })).toEqual(["alertDestinationId"]);
    // Blank turns grounds off.
    await updateAlertSettings(admin, { connectorId: connector.id, alertAfterFailures: "", alertSuccessRateBelow: "", alertDestinationId: "" });
    const [cleared] = await db.select().from(connectors).where(eq(connectors.id, connector.id));
    expect(cleared).toMatchObject({ alertAfterFailures: null, alertSuccessRateBelow: null, alertDestinationId: null });

    const marketer = await makeCtx(db, "marketer");
    await expect(updateAlertSettings(marketer, { connectorId: connector.id, alertAfterFailures: 3 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
