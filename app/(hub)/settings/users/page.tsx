import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { CreateUserDialog } from "@/components/users/create-user-dialog";
import { UsersTable } from "@/components/users/users-table";
import { requirePermission } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/queries";

const title = "Users";

export const metadata: Metadata = { title };

export default async function UsersPage() {
  const ctx = await requirePermission("users.read");
  const users = await listUsers(ctx.db);
  return (
    <>
      <PageHeader
        title={title}
        description="Admins configure everything; marketers browse connectors and event logs read-only."
        actions={<CreateUserDialog />}
      />
      <UsersTable
        currentUserId={ctx.actor.id}
        users={users.map((u) => ({ ...u, lastLoginAt: u.lastLoginAt?.toISOString() ?? null }))}
      />
    </>
  );
}
