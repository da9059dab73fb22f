import { databaseReady } from "@/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { parseWorkPayload } from "./announce";
import { WORK_CHANNEL } from "./fanout";
import { defaultRuntime } from "./runtime";
import { LocalWorker } from "./worker";

/*
 * The process's one local worker. Kept on globalThis: instrumentation starts it, route handlers
 * (bundled separately by Next) wake it after ingest.
 */
const key = Symbol.for("integrations-hub.local-worker");
type Holder = { [key]?: LocalWorker };

export function localWorker(): LocalWorker | undefined {
  return (globalThis as Holder)[key];
}

/**
 * The worker's `log` option on the app's logger. The worker writes "[delivery] …" text lines: the
 * prefix becomes the component, and since it only speaks about failures and the retention sweep,
 * everything but the sweep is a warning.
 */
export function workerLog(): (message: string) => void {
  const logger = log("delivery");
  return (message) => {
    const text = message.replace(/^\[delivery\] /, "");
    if (text.startsWith("retention:")) logger.info(text);
    else logger.warn(text);
  };
}

export function startLocalWorker(): LocalWorker {
  const holder = globalThis as Holder;
  if (holder[key]) return holder[key];
  const d = env().delivery;
  const worker = new LocalWorker(defaultRuntime(), {
    pollIntervalMs: d.pollIntervalMs,
    retentionDays: d.retentionDays,
    log: workerLog(),
    // Other instances on the same PostgreSQL announce their new deliveries with NOTIFY.
    subscribe: async (onWork) => (await databaseReady()).listen(WORK_CHANNEL, (payload) => onWork(parseWorkPayload(payload))),
  });
  holder[key] = worker;
  worker.start();
  return worker;
}

export async function stopLocalWorker(graceMs?: number) {
  const holder = globalThis as Holder;
  const worker = holder[key];
  if (!worker) return;
  await worker.stop(graceMs);
  delete holder[key];
}
