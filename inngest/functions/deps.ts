import { defaultRuntime, type DeliveryRuntime } from "@/lib/delivery/engine/runtime";
import { env } from "@/lib/env";

/**
 * What the functions need from the outside world, resolved on each run (never at import, which
 * `next build` does). Tests pass their own database, clock and private-target policy.
 */
export type HubDeps = {
  runtime: () => DeliveryRuntime;
  retentionDays: () => number;
};

export const defaultDeps: HubDeps = {
  runtime: defaultRuntime,
  retentionDays: () => env().delivery.retentionDays,
};
