import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { startLocalWorker, stopLocalWorker } from "./local-driver";

/*
 * The engine picker: the one module that chooses between the delivery engines (DELIVERY_ENGINE).
 * The local driver lives beside it. Inngest lives outside lib/ (inngest/ is a thin adapter over
 * this core), so the app's entry point hands its dispatcher in (instrumentation.ts → boot) and lib/
 * never imports it.
 */

/** What an engine outside lib/ needs to hear after ingest commits: the ids of the new events. */
export type EventDispatcher = {
  /** Names the engine in log lines. */
  name: string;
  dispatch(eventIds: string[]): Promise<void>;
};

/** The engines defined outside lib/, each loaded only when it is the one configured. */
export type EngineAdapters = { inngest: () => Promise<EventDispatcher> };

// On globalThis: boot registers it from instrumentation, and route handlers and server actions
// (bundled separately by Next) dispatch through it.
const key = Symbol.for("integrations-hub.event-dispatcher");
type Holder = { [key]?: EventDispatcher };

/** Registers the dispatcher of the engine in use; undefined when the engine needs none (the local driver). */
export function setEventDispatcher(dispatcher: EventDispatcher | undefined) {
  (globalThis as Holder)[key] = dispatcher;
}

/** Starts the configured engine, once per server process. Returns the line boot logs. */
export async function startDeliveryEngine(adapters: EngineAdapters): Promise<string> {
  const d = env().delivery;
  if (d.engine === "local") {
    setEventDispatcher(undefined);
    const worker = startLocalWorker();
    return `local delivery driver started (${worker.owner}); private targets ${d.allowPrivateTargets ? "allowed" : "refused"}`;
  }
  setEventDispatcher(await adapters.inngest());
  return "delivery engine: Inngest (served at /api/inngest)";
}

/** Lets attempts in flight finish (or releases them for another process) before the database closes. */
export async function stopDeliveryEngine(graceMs?: number) {
  await stopLocalWorker(graceMs);
}

/**
 * Tells the delivery engine that committed events are waiting. Never throws: the events are
 * already stored, and whichever engine runs also sweeps for events it was not told about. The local
 * driver needs nothing here: planning the deliveries already woke every instance's worker
 * (lib/delivery/engine/announce.ts, and NOTIFY across processes).
 */
export async function dispatchEvents(eventIds: string[]): Promise<void> {
  if (eventIds.length === 0 || env().delivery.engine === "local") return;
  const dispatcher = (globalThis as Holder)[key];
  if (!dispatcher) {
    log("engine").error(`no ${env().delivery.engine} dispatcher registered for ${eventIds.length} event(s); the sweep will pick them up`);
    return;
  }
  try {
    await dispatcher.dispatch(eventIds);
  } catch (error) {
    log("engine").error({ err: error }, `could not hand ${eventIds.length} event(s) to ${dispatcher.name}; the sweep will retry`);
  }
}
