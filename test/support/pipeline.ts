import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { attempts, deliveries } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { createConnector, setActive, updateGlobalVariables } from "@/lib/connectors/service";
import { ConnectorCache } from "@/lib/delivery/engine/connector-cache";
import { defaultPolicy } from "@/lib/delivery/attempts/policy";
import type { DeliveryRuntime } from "@/lib/delivery/engine/runtime";
import { LocalWorker } from "@/lib/delivery/engine/worker";
import { exampleInput } from "@/lib/events/catalog";
import { ingestEvents, validateIngestBody } from "@/lib/events/ingest";
import type { EventType } from "@/lib/events/types";
import { makeConnector, makeCtx, makeProgram, makePushRule, unique } from "./factories";

/** A runtime with the default policy (lib/delivery/attempts/policy.ts) but a schedule short enough for tests. */
export function testRuntime(db: Db, overrides: Partial<DeliveryRuntime> = {}): DeliveryRuntime {
  return {
    db,
    policy: { ...defaultPolicy, schedule: [50, 50, 50, 50, 50, 50, 50] },
    allowPrivateTargets: true,
    proxyUrl: null,
    now: () => new Date(),
    leaseMarginMs: 2000,
    connectors: new ConnectorCache(),
    ...overrides,
  };
}

/** Runs `fn` while a local worker on `runtime` polls every `pollIntervalMs`; stops the worker after, whatever happens. */
export async function whileWorking<T>(runtime: DeliveryRuntime, pollIntervalMs: number, fn: () => Promise<T>): Promise<T> {
  const worker = new LocalWorker(runtime, { pollIntervalMs, log: () => undefined });
  worker.start();
  try {
    return await fn();
  } finally {
    await worker.stop(1000);
  }
}

/** Where most pipeline tests start: an admin who sets connectors up, and a program whose events they receive. */
export async function adminAndProgram(db: Db) {
  return { admin: await makeCtx(db, "admin"), program: await makeProgram(db) };
}

/**
 * A program whose points.earned events have rules to two active connectors and an inactive one:
 * planning makes deliveries for the two only. Nothing listens at their URLs.
 */
export async function programWithRules(db: Db) {
  const program = await makeProgram(db);
  const connector = (active: boolean, path: string) => makeConnector(db, { active, notificationUrl: `http://127.0.0.1:9/${path}` });
  const [first, second, inactive] = [await connector(true, "a"), await connector(true, "b"), await connector(false, "c")];
  for (const c of [first, second, inactive]) await makePushRule(db, program.id, "points.earned", c.id);
  return { program, first, second, inactive };
}

type ConnectorSetup = {
  url: string;
  secret?: string;
  active?: boolean;
  authHeader?: { name: string; value: string };
  customHeaders?: { name: string; value: string }[];
  signatureScheme?: "qualifio" | "qualifio+standard";
  timeoutMs?: number;
};

/** A connector made through the admin verbs, exactly as the UI makes one. */
export async function setUpConnector(ctx: Ctx, setup: ConnectorSetup) {
  const { id } = await createConnector(ctx, { name: unique("Receiver") });
  await updateGlobalVariables(ctx, {
    connectorId: id,
    notificationUrl: setup.url,
    secret: setup.secret ?? "",
    authHeaderName: setup.authHeader?.name ?? "",
    authHeaderValue: setup.authHeader?.value,
    customHeaders: setup.customHeaders ?? [],
    signatureScheme: setup.signatureScheme ?? "qualifio",
    timeoutMs: setup.timeoutMs ?? 5000,
  });
  if (setup.active ?? true) await setActive(ctx, { connectorId: id, active: true });
  return id;
}

export async function subscribe(db: Db, programId: string, connectorId: string, ...types: EventType[]) {
  for (const type of types) await makePushRule(db, programId, type, connectorId);
}

/** Ingests the catalog example of `type` for a program; returns the event id. */
export async function ingestExample(db: Db, programId: string, type: EventType, options: { test?: boolean; targetConnectorId?: string } = {}) {
  const validated = validateIngestBody(exampleInput(type));
  if (!validated.ok) throw new Error("catalog example is invalid");
  const [event] = await ingestEvents(db, programId, validated.items, options);
  return event!.id;
}

export async function deliveriesOf(db: Db, eventId: string) {
  return db.select().from(deliveries).where(eq(deliveries.eventId, eventId));
}

export async function attemptsOf(db: Db, deliveryId: string) {
  return db.select().from(attempts).where(eq(attempts.deliveryId, deliveryId)).orderBy(attempts.number);
}
