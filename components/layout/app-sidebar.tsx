import { AlertBell } from "@/components/alerts/alert-bell";
import type { Role } from "@/db/schema";
import { BrandLink, SidebarNav } from "./sidebar-nav";
import { UserMenu } from "./user-menu";

type Props = { user: { name: string; email: string; role: Role } };

/** From the md breakpoint up: the navigation as a fixed column. Below it, MobileHeader's sheet holds the same. */
export function AppSidebar({ user }: Props) {
  return (
    <aside className="sticky top-0 hidden h-screen w-60 shrink-0 flex-col border-r bg-sidebar md:flex">
      <div className="flex h-14 items-center gap-1 border-b pr-3">
        <BrandLink className="flex-1 pl-4" />
        <AlertBell />
      </div>
      <SidebarNav role={user.role} />
      <UserMenu user={user} />
    </aside>
  );
}
