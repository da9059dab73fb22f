"use client";

import { DataTable } from "@/components/ui/data-table";
import { useAction } from "@/components/hooks/use-action-form";
import { changeUserRoleAction, setUserActiveAction } from "@/lib/users/actions";
import { userColumns, type UserListItem } from "./columns";

export function UsersTable({ users, currentUserId }: { users: UserListItem[]; currentUserId: string }) {
  const action = useAction();
  const pending = action.pending;

  const run = (call: Parameters<typeof action.run<undefined>>[0], success: string) => void action.run(call, { success });

  const columns = userColumns({
    users,
    currentUserId,
    pending,
    changeRole: (user, role) => run(() => changeUserRoleAction({ userId: user.id, role }), `${user.email} is now ${role}`),
    setActive: (user, active) =>
      run(() => setUserActiveAction({ userId: user.id, active }), `${active ? "Reactivated" : "Deactivated"} ${user.email}`),
  });
  return <DataTable aria-label="Users" columns={columns} data={users} />;
}
