import { LogOut } from "lucide-react";
import type { Role } from "@/db/schema";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { logoutAction } from "@/lib/auth/actions";
import { roleLabels } from "@/lib/auth/permissions";

export function UserMenu({ user }: { user: { name: string; email: string; role: Role } }) {
  return (
    <div className="border-t p-3" data-testid="current-user">
      <div className="mb-2 flex items-center justify-between gap-2 px-1">
        <div className="min-w-0">
          <p className="truncate text-sm font-medium">{user.name}</p>
          <p className="truncate text-xs text-muted-foreground">{user.email}</p>
        </div>
        <Badge variant={user.role === "admin" ? "default" : "secondary"}>{roleLabels[user.role]}</Badge>
      </div>
      <form action={logoutAction}>
        <Button type="submit" variant="ghost" size="sm" className="w-full justify-start" worksBeforeHydration>
          <LogOut className="size-4" aria-hidden /> Sign out
        </Button>
      </form>
    </div>
  );
}
