import type { Metadata } from "next";
import { ProgramNameDialog } from "@/components/programs/program-name-dialog";
import { ProgramsTable } from "@/components/programs/programs-table";
import { PageHeader } from "@/components/ui/page-header";
import { countActiveApiKeys } from "@/lib/api-keys/queries";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listPrograms } from "@/lib/programs/queries";

const title = "Programs";

export const metadata: Metadata = { title };

export default async function ProgramsPage() {
  const ctx = await requirePermission("programs.read");
  const role = ctx.actor.role;
  const [programs, activeKeys] = await Promise.all([
    listPrograms(ctx.db),
    can(role, "api-keys.read") ? countActiveApiKeys(ctx.db) : undefined,
  ]);
  const writeDenied = deniedReason(role, "programs.write");
  return (
    <>
      <PageHeader
        title={title}
        description="Loyalty programs whose member events the hub receives. Each has its own API keys and push rules."
        actions={<ProgramNameDialog mode="create" disabledReason={writeDenied} />}
      />
      <ProgramsTable programs={programs} activeKeys={activeKeys} renameDeniedReason={writeDenied} />
    </>
  );
}
