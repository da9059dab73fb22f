import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { DeliveryStatus } from "@/db/schema";

/**
 * What an attempt left its delivery as: delivered, waiting for another try, or given up. A failed
 * replay of a delivery whose schedule is still running counts as "retrying": the schedule goes on.
 */
export type AttemptOutcomeLabel = "succeeded" | "retrying" | "failed";

/** Where in the local worker's loop an error was caught. */
export type WorkerErrorStage = "tick" | "claim" | "attempt" | "release" | "vacuum" | "subscribe" | "alerts";

/** Attempts last from milliseconds to the longest timeout a connector may set (120 s). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

function create() {
  const registry = new Registry();
  // Process CPU, memory, event-loop lag and GC under their usual names, for the usual dashboards.
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    attempts: new Counter({
      name: "hub_delivery_attempts_total",
      help: "Delivery attempts made by this process, by connector id and what the attempt left the delivery as.",
      labelNames: ["connector", "outcome"] as const,
      registers: [registry],
    }),
    attemptDuration: new Histogram({
      name: "hub_delivery_attempt_duration_seconds",
      help: "How long delivery attempts took, from sending the request to the end of the response (or the error), by connector id.",
      labelNames: ["connector"] as const,
      buckets: DURATION_BUCKETS,
      registers: [registry],
    }),
    eventsIngested: new Counter({
      name: "hub_events_ingested_total",
      help: "Events stored by this process's ingest (duplicates of a known id are not counted), by event type.",
      labelNames: ["type"] as const,
      registers: [registry],
    }),
    workerTicks: new Counter({
      name: "hub_worker_ticks_total",
      help: "Completed passes of the local delivery worker's loop.",
      registers: [registry],
    }),
    workerErrors: new Counter({
      name: "hub_worker_errors_total",
      help: "Errors caught by the local delivery worker, by where they were caught.",
      labelNames: ["stage"] as const,
      registers: [registry],
    }),
    due: new Gauge({
      name: "hub_deliveries_due",
      help: "Open deliveries whose next attempt is due now (including those being sent), as of the scrape; counted up to 100000.",
      registers: [registry],
    }),
    retrying: new Gauge({
      name: "hub_deliveries_retrying",
      help: "Deliveries waiting for another attempt after a failed one, as of the scrape; counted up to 100000.",
      registers: [registry],
    }),
    oldestDueAge: new Gauge({
      name: "hub_deliveries_oldest_due_age_seconds",
      help: "How long the longest-waiting due delivery has been due, as of the scrape (0 when nothing is due).",
      registers: [registry],
    }),
  };
}

type Metrics = ReturnType<typeof create>;
type AttemptChildren = Record<AttemptOutcomeLabel, { inc(): void }> & { duration: { observe(seconds: number): void } };

/*
 * One registry per process. Next bundles instrumentation (the worker, plain ingest) and the route
 * handlers separately, so module-level metrics would be registered twice and the scrape would see
 * only one bundle's counts.
 */
const key = Symbol.for("integrations-hub.metrics");
type Holder = { [key]?: { metrics: Metrics; byConnector: Map<string, AttemptChildren>; byType: Map<string, { inc(): void }> } };

function holder() {
  return ((globalThis as Holder)[key] ??= { metrics: create(), byConnector: new Map(), byType: new Map() });
}

export function metrics(): Metrics {
  return holder().metrics;
}

/** The per-connector children, made once per connector: counting an attempt allocates nothing. */
function childrenOf(connectorId: string): AttemptChildren {
  const h = holder();
  let children = h.byConnector.get(connectorId);
  if (!children) {
    const { attempts, attemptDuration } = h.metrics;
    children = {
      succeeded: attempts.labels(connectorId, "succeeded"),
      retrying: attempts.labels(connectorId, "retrying"),
      failed: attempts.labels(connectorId, "failed"),
      duration: attemptDuration.labels(connectorId),
    };
    h.byConnector.set(connectorId, children);
  }
  return children;
}

function attemptOutcome(success: boolean, status: DeliveryStatus): AttemptOutcomeLabel {
  if (success) return "succeeded";
  return status === "failed" ? "failed" : "retrying";
}

/** Counts one recorded attempt. */
export function countAttempt(connectorId: string, success: boolean, status: DeliveryStatus, durationMs: number) {
  const children = childrenOf(connectorId);
  children[attemptOutcome(success, status)].inc();
  children.duration.observe(durationMs / 1000);
}

/** Counts one stored event. */
export function countEvent(type: string) {
  const h = holder();
  let child = h.byType.get(type);
  if (!child) {
    child = h.metrics.eventsIngested.labels(type);
    h.byType.set(type, child);
  }
  child.inc();
}
