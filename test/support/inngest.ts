import type { Db } from "@/db";
import { ConnectorCache } from "@/lib/delivery/engine/connector-cache";
import { defaultPolicy } from "@/lib/delivery/attempts/policy";
import type { DeliveryRuntime } from "@/lib/delivery/engine/runtime";
import type { HubDeps } from "@/inngest/functions/deps";

/**
 * Dependencies for running the functions in tests: the test database, the default policy, loopback
 * receivers allowed, and a clock the test may move (a mocked sleep moves it past the wake-up time).
 */
export function testDeps(db: Db, options: { now?: () => Date; retentionDays?: number } = {}): HubDeps {
  const runtime: DeliveryRuntime = {
    db,
    policy: defaultPolicy,
    allowPrivateTargets: true,
    proxyUrl: null,
    now: options.now ?? (() => new Date()),
    connectors: new ConnectorCache(),
  };
  return { runtime: () => runtime, retentionDays: () => options.retentionDays ?? 30 };
}
