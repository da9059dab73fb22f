"use client";

import { useState } from "react";
import { Menu } from "lucide-react";
import { AlertBell } from "@/components/alerts/alert-bell";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import type { Role } from "@/db/schema";
import { BrandLink, SidebarNav } from "./sidebar-nav";
import { UserMenu } from "./user-menu";

type Props = { user: { name: string; email: string; role: Role } };

/**
 * Below the md breakpoint, where a 240 px sidebar would leave the page too little room: a top bar with
 * the product name and the bell, and a Menu button that opens the sidebar's navigation and user menu
 * in a sheet from the left. Following a link closes the sheet.
 */
export function MobileHeader({ user }: Props) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <header className="sticky top-0 z-40 flex h-14 items-center gap-1 border-b bg-sidebar px-2 md:hidden">
      <Sheet open={open} onOpenChange={setOpen}>
        <SheetTrigger asChild>
          <Button variant="ghost" size="icon" aria-label="Open navigation">
            <Menu aria-hidden />
          </Button>
        </SheetTrigger>
        <SheetContent side="left" className="bg-sidebar" aria-describedby={undefined}>
          <div className="flex h-14 shrink-0 items-center border-b pr-12 pl-4">
            <SheetTitle className="h-full flex-1">
              <BrandLink onNavigate={close} />
            </SheetTitle>
          </div>
          <SidebarNav role={user.role} onNavigate={close} />
          <UserMenu user={user} />
        </SheetContent>
      </Sheet>
      <BrandLink className="flex-1 pl-1" />
      <AlertBell />
    </header>
  );
}
