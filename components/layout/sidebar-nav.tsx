"use client";

import { useId } from "react";
import Image from "next/image";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { LayoutDashboard } from "lucide-react";
import type { Role } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { cn } from "@/lib/utils";
import { navigation } from "./navigation";

/** Called when a link is followed: the phone-width sheet closes itself on it. */
type OnNavigate = () => void;

function NavLink({ href, children, exact, onNavigate }: { href: string; children: React.ReactNode; exact?: boolean; onNavigate?: OnNavigate }) {
  const pathname = usePathname();
  const active = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      onClick={onNavigate}
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

/** The logo and product name, a link home: the sidebar's top and the phone-width top bar. */
export function BrandLink({ className, onNavigate }: { className?: string; onNavigate?: OnNavigate }) {
  return (
    <Link href="/" onClick={onNavigate} className={cn("flex h-full min-w-0 items-center gap-2.5 outline-none focus-visible:bg-accent", className)}>
      <Image src="/logo.svg" alt="" width={26} height={26} />
      <span className="truncate text-sm font-semibold tracking-tight">Integrations Hub</span>
    </Link>
  );
}

/**
 * The Main navigation, filtered by the user's role. The sidebar and the phone-width sheet both render
 * it, so the group label ids come from useId to stay unique in the page.
 */
export function SidebarNav({ role, onNavigate }: { role: Role; onNavigate?: OnNavigate }) {
  const idPrefix = useId();
  const groups = navigation
    .map((g) => ({ ...g, items: g.items.filter((i) => !i.permission || can(role, i.permission)) }))
    .filter((g) => g.items.length > 0);
  return (
    <nav aria-label="Main" className="flex-1 space-y-5 overflow-y-auto p-3">
      <NavLink href="/" exact onNavigate={onNavigate}>
        <LayoutDashboard className="size-4" aria-hidden /> Overview
      </NavLink>
      {groups.map((group) => (
        <div key={group.label} role="group" aria-labelledby={`${idPrefix}-${group.label}`}>
          <p id={`${idPrefix}-${group.label}`} className="mb-1 px-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">
            {group.label}
          </p>
          <ul className="space-y-0.5">
            {group.items.map((item) => (
              <li key={item.href}>
                <NavLink href={item.href} onNavigate={onNavigate}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
