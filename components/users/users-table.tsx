"use client";

import type { Role } from "@/db/schema";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useAction } from "@/components/hooks/use-action-form";
import { WithReason } from "@/components/ui/with-reason";
import { formatUtc } from "@/lib/format";
import { changeUserRoleAction, setUserActiveAction } from "@/lib/users/actions";

export type UserListItem = {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  lastLoginAt: string | null;
};


export function UsersTable({ users, currentUserId }: { users: UserListItem[]; currentUserId: string }) {
  const action = useAction();
  const pending = action.pending;
  const activeAdmins = users.filter((u) => u.role === "admin" && u.active).length;

  const run = (call: Parameters<typeof action.run<undefined>>[0], success: string) => void action.run(call, { success });

  return (
    <Table aria-label="Users">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Email</TableHead>
          <TableHead className="w-56">Role</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Last sign-in</TableHead>
          <TableHead className="text-right">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {users.map((user) => {
          const lastAdmin = user.role === "admin" && user.active && activeAdmins <= 1;
          const self = user.id === currentUserId;
          const roleReason = lastAdmin ? "The last active admin cannot be demoted." : undefined;
          const deactivateReason = self
            ? "You cannot deactivate your own account."
            : lastAdmin
              ? "The last active admin cannot be deactivated."
              : undefined;
          return (
            <TableRow key={user.id} data-testid={`user-row-${user.email}`}>
              <TableCell className="font-medium">
                {user.name}
                {self ? <span className="ml-1.5 text-xs text-muted-foreground">(you)</span> : null}
              </TableCell>
              <TableCell>{user.email}</TableCell>
              <TableCell>
                <WithReason reason={roleReason}>
                  <NativeSelect
                    aria-label={`Role of ${user.email}`}
                    value={user.role}
                    disabled={pending || !!roleReason}
                    onChange={(e) => {
                      const role = e.target.value as Role;
                      run(() => changeUserRoleAction({ userId: user.id, role }), `${user.email} is now ${role}`);
                    }}
                  >
                    <option value="admin">Admin</option>
                    <option value="marketer">Marketer</option>
                  </NativeSelect>
                </WithReason>
              </TableCell>
              <TableCell>
                {user.active ? <Badge variant="success">Active</Badge> : <Badge variant="secondary">Deactivated</Badge>}
              </TableCell>
              <TableCell className="text-muted-foreground">{formatUtc(user.lastLoginAt ? new Date(user.lastLoginAt) : null)}</TableCell>
              <TableCell className="text-right">
                {user.active ? (
                  <WithReason reason={deactivateReason}>
                    <Button
                      variant="outline"
                      size="sm"
                      disabled={pending || !!deactivateReason}
                      aria-label={`Deactivate ${user.email}`}
                      onClick={() =>
                        run(() => setUserActiveAction({ userId: user.id, active: false }), `Deactivated ${user.email}`)
                      }
                    >
                      Deactivate
                    </Button>
                  </WithReason>
                ) : (
                  <Button
                    variant="outline"
                    size="sm"
                    disabled={pending}
                    aria-label={`Reactivate ${user.email}`}
                    onClick={() =>
                      run(() => setUserActiveAction({ userId: user.id, active: true }), `Reactivated ${user.email}`)
                    }
                  >
                    Reactivate
                  </Button>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
