import type { Role } from "@/db/schema";

/**
 * The one permission table. Server actions and route handlers check it on every call; the UI reads
 * it only to disable a control and say why.
 */
export const permissions = {
  "users.read": ["admin"],
  "users.write": ["admin"],
  "programs.read": ["admin", "marketer"],
  "programs.write": ["admin"],
  "api-keys.read": ["admin"],
  "api-keys.write": ["admin"],
  "connectors.read": ["admin", "marketer"],
  "connectors.write": ["admin"],
  /** Reveal a webhook secret or header value. Marketers never receive one. */
  "connectors.secrets": ["admin"],
  "push-rules.read": ["admin", "marketer"],
  "push-rules.write": ["admin"],
  "event-catalog.read": ["admin", "marketer"],
  "event-logs.read": ["admin", "marketer"],
  "deliveries.replay": ["admin"],
  "test-events.send": ["admin"],
  "audit.read": ["admin"],
  /** /api/metrics with a session (a scraper uses METRICS_TOKEN): the numbers name every connector. */
  "metrics.read": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role | undefined | null, permission: Permission): boolean {
  return !!role && (permissions[permission] as readonly Role[]).includes(role);
}

/** Why a control is disabled, for the UI (undefined when the role may act). */
export function deniedReason(role: Role | undefined | null, permission: Permission): string | undefined {
  if (can(role, permission)) return undefined;
  const allowed = permissions[permission] as readonly Role[];
  return `Only ${allowed.map((r) => `${r}s`).join(" and ")} can do this.`;
}

export const roleLabels: Record<Role, string> = { admin: "Admin", marketer: "Marketer" };
