import { afterEach } from "vitest";
import { parseEnv, type AppEnv } from "@/lib/env";

const key = Symbol.for("integrations-hub.env");
type Holder = { [key]?: AppEnv };

/**
 * Lets a test run under other environment variables (DELIVERY_ENGINE=inngest, …) than the process
 * was started with; the process's own environment comes back after each test.
 */
export function useEnv(): (overrides: Record<string, string>) => void {
  const holder = globalThis as Holder;
  const saved = holder[key];
  afterEach(() => {
    holder[key] = saved;
  });
  return (overrides) => {
    holder[key] = parseEnv({ ...process.env, ...overrides });
  };
}
