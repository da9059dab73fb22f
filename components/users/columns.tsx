import type { Role } from "@/db/schema";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { ColumnDef } from "@/components/ui/data-table";
import { NativeSelect } from "@/components/ui/native-select";
import { WithReason } from "@/components/ui/with-reason";
import { formatUtc } from "@/lib/format";

export type UserListItem = {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  lastLoginAt: string | null;
};

type Options = {
  users: UserListItem[];
  currentUserId: string;
  pending: boolean;
  changeRole(user: UserListItem, role: Role): void;
  setActive(user: UserListItem, active: boolean): void;
};

export function userColumns({ users, currentUserId, pending, changeRole, setActive }: Options): ColumnDef<UserListItem>[] {
  const activeAdmins = users.filter((u) => u.role === "admin" && u.active).length;
  const isLastAdmin = (user: UserListItem) => user.role === "admin" && user.active && activeAdmins <= 1;
  return [
    {
      id: "name",
      header: "Name",
      className: "font-medium",
      cell: (user) => (
        <>
          {user.name}
          {user.id === currentUserId ? <span className="ml-1.5 text-xs text-muted-foreground">(you)</span> : null}
        </>
      ),
    },
    { id: "email", header: "Email", cell: (user) => user.email },
    {
      id: "role",
      header: "Role",
      headClassName: "w-56",
      cell: (user) => {
        const reason = isLastAdmin(user) ? "The last active admin cannot be demoted." : undefined;
        return (
          <WithReason reason={reason}>
            <NativeSelect
              aria-label={`Role of ${user.email}`}
              value={user.role}
              disabled={pending || !!reason}
              onChange={(e) => changeRole(user, e.target.value as Role)}
            >
              <option value="admin">Admin</option>
              <option value="marketer">Marketer</option>
            </NativeSelect>
          </WithReason>
        );
      },
    },
    {
      id: "status",
      header: "Status",
      cell: (user) => (user.active ? <Badge variant="success">Active</Badge> : <Badge variant="secondary">Deactivated</Badge>),
    },
    {
      id: "last-sign-in",
      header: "Last sign-in",
      className: "text-muted-foreground",
      cell: (user) => formatUtc(user.lastLoginAt ? new Date(user.lastLoginAt) : null),
    },
    {
      id: "actions",
      header: <span className="sr-only">Actions</span>,
      headClassName: "text-right",
      className: "text-right",
      cell: (user) => {
        if (!user.active) {
          return (
            <Button variant="outline" size="sm" disabled={pending} aria-label={`Reactivate ${user.email}`} onClick={() => setActive(user, true)}>
              Reactivate
            </Button>
          );
        }
        const reason =
          user.id === currentUserId
            ? "You cannot deactivate your own account."
            : isLastAdmin(user)
              ? "The last active admin cannot be deactivated."
              : undefined;
        return (
          <WithReason reason={reason}>
            <Button
              variant="outline"
              size="sm"
              disabled={pending || !!reason}
              aria-label={`Deactivate ${user.email}`}
              onClick={() => setActive(user, false)}
            >
              Deactivate
            </Button>
          </WithReason>
        );
      },
    },
  ];
}
