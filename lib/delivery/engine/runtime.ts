import { getEngineDb, type Db } from "@/db";
import { env } from "@/lib/env";
import { processConnectorCache, type ConnectorCache } from "./connector-cache";
import { defaultPolicy, type DeliveryPolicy } from "@/lib/delivery/attempts/policy";
import type { LookupAll } from "@/lib/delivery/attempts/ssrf";

/** Everything an attempt needs from the outside world, so tests can pass their own. */
export type DeliveryRuntime = {
  db: Db;
  policy: DeliveryPolicy;
  allowPrivateTargets: boolean;
  proxyUrl: string | null;
  now: () => Date;
  lookup?: LookupAll;
  /** Lease time beyond a connector's timeout before a silent process's delivery is taken again. */
  leaseMarginMs?: number;
  /** Decrypted connector settings, per connector version. */
  connectors: ConnectorCache;
  /** Reuse connections to receivers (default true). */
  keepAlive?: boolean;
};

/** The policy from configuration: the documented defaults unless DELIVERY_* variables shorten them. */
function configuredPolicy(): DeliveryPolicy {
  const d = env().delivery;
  return {
    ...defaultPolicy,
    schedule: d.retryScheduleMs ?? defaultPolicy.schedule,
    jitter: d.retryJitter,
    timeoutMs: d.timeoutMs,
    autoDisableAfterMs: d.autoDisableAfterMs,
  };
}

export function defaultRuntime(): DeliveryRuntime {
  const d = env().delivery;
  return {
    db: getEngineDb(),
    policy: configuredPolicy(),
    allowPrivateTargets: d.allowPrivateTargets,
    proxyUrl: d.proxyUrl ?? null,
    now: () => new Date(),
    connectors: processConnectorCache(),
  };
}
