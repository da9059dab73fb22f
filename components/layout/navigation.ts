import type { Permission } from "@/lib/auth/permissions";

type NavItem = { label: string; href: string; permission?: Permission };
export type NavGroup = { label: string; items: NavItem[] };

/**
 * The sidebar: Integrations, Testing, Settings. A screen is listed here only once it exists (no dead links);
 * a group with no item the role may open is not shown.
 */
export const navigation: NavGroup[] = [
  {
    label: "Integrations",
    items: [
      { label: "Connectors", href: "/integrations/connectors", permission: "connectors.read" },
      { label: "Push rules", href: "/integrations/push-rules", permission: "push-rules.read" },
      { label: "Event catalog", href: "/integrations/event-catalog", permission: "event-catalog.read" },
      { label: "API", href: "/integrations/api", permission: "event-catalog.read" },
    ],
  },
  {
    label: "Testing",
    items: [
      { label: "Event logs", href: "/testing/event-logs", permission: "event-logs.read" },
      { label: "Inbox", href: "/testing/inbox", permission: "event-logs.read" },
    ],
  },
  {
    label: "Settings",
    items: [
      { label: "Programs", href: "/settings/programs", permission: "programs.read" },
      { label: "Users", href: "/settings/users", permission: "users.read" },
      { label: "Audit log", href: "/settings/audit-log", permission: "audit.read" },
    ],
  },
];
