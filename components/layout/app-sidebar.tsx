"use client";

import Image from "next/image";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { LayoutDashboard } from "lucide-react";
import { AlertBell } from "@/components/alerts/alert-bell";
import type { Role } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { cn } from "@/lib/utils";
import { navigation } from "./navigation";
import { UserMenu } from "./user-menu";

type Props = { user: { name: string; email: string; role: Role } };

function NavLink({ href, children, exact }: { href: string; children: React.ReactNode; exact?: boolean }) {
  const pathname = usePathname();
  const active = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex h-8 items-center gap-2 rounded-md px-2 text-sm text-sidebar-foreground outline-none transition-colors",
        "hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
        active && "bg-accent font-medium text-accent-foreground",
      )}
    >
      {children}
    </Link>
  );
}

export function AppSidebar({ user }: Props) {
  const groups = navigation
    .map((g) => ({ ...g, items: g.items.filter((i) => !i.permission || can(user.role, i.permission)) }))
    .filter((g) => g.items.length > 0);
  return (
    <aside className="sticky top-0 flex h-screen w-60 shrink-0 flex-col border-r bg-sidebar">
      <div className="flex h-14 items-center gap-1 border-b pr-3">
        <Link href="/" className="flex h-full min-w-0 flex-1 items-center gap-2.5 pl-4 outline-none focus-visible:bg-accent">
          <Image src="/logo.svg" alt="" width={26} height={26} />
          <span className="truncate text-sm font-semibold tracking-tight">Integrations Hub</span>
        </Link>
        <AlertBell />
      </div>
      <nav aria-label="Main" className="flex-1 space-y-5 overflow-y-auto p-3">
        <NavLink href="/" exact>
          <LayoutDashboard className="size-4" aria-hidden /> Overview
        </NavLink>
        {groups.map((group) => (
          <div key={group.label} role="group" aria-labelledby={`nav-${group.label}`}>
            <p id={`nav-${group.label}`} className="mb-1 px-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">
              {group.label}
            </p>
            <ul className="space-y-0.5">
              {group.items.map((item) => (
                <li key={item.href}>
                  <NavLink href={item.href}>{item.label}</NavLink>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <UserMenu user={user} />
    </aside>
  );
}
