"use client";

import { useTransition } from "react";
import { DataTable } from "@/components/ui/data-table";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/actions";
import { changeUserRoleAction, setUserActiveAction } from "@/lib/users/actions";
import { userColumns, type UserListItem } from "./columns";

export function UsersTable({ users, currentUserId }: { users: UserListItem[]; currentUserId: string }) {
  const [pending, startTransition] = useTransition();

  function run(action: () => Promise<ActionResult<undefined>>, success: string) {
    startTransition(async () => {
      const result = await action();
      if (result.ok) toast.success(success);
      else toast.error(result.message);
    });
  }

  const columns = userColumns({
    users,
    currentUserId,
    pending,
    changeRole: (user, role) => run(() => changeUserRoleAction({ userId: user.id, role }), `${user.email} is now ${role}`),
    setActive: (user, active) =>
      run(() => setUserActiveAction({ userId: user.id, active }), `${active ? "Reactivated" : "Deactivated"} ${user.email}`),
  });
  return (
    <DataTable
      aria-label="Users"
      columns={columns}
      data={users}
      getRowId={(user) => user.id}
      rowProps={(user) => ({ "data-testid": `user-row-${user.email}` })}
    />
  );
}
