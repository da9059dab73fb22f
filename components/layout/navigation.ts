import type { Permission } from "@/lib/auth/permissions";

export type NavItem = { label: string; href: string; permission?: Permission };
export type NavGroup = { label: string; items: NavItem[] };

/**
 * The sidebar, in DESIGN.md's order. A screen is listed here only once it exists (no dead links);
 * a group with no item the role may open is not shown.
 */
export const navigation: NavGroup[] = [
  {
    label: "Settings",
    items: [{ label: "Users", href: "/settings/users", permission: "users.read" }],
  },
];
