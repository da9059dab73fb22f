import type { Metadata } from "next";
import Link from "next/link";
import { ChevronRight } from "lucide-react";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { entityLabel } from "@/components/audit/columns";
import { buttonVariants } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditEntityTypes, listAuditEntries } from "@/lib/audit/queries";
import { auditLogHref } from "@/lib/audit/filters";
import { parseAuditFilters } from "@/lib/audit/schemas";
import { requirePermission } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/queries";

const title = "Audit log";

export const metadata: Metadata = { title };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditLogPage({ searchParams }: Props) {
  const ctx = await requirePermission("audit.read");
  const filters = parseAuditFilters(await searchParams);
  const [{ entries, nextCursor }, entityTypes, users] = await Promise.all([
    listAuditEntries(ctx.db, filters),
    listAuditEntityTypes(ctx.db),
    listUsers(ctx.db),
  ]);
  const { before, ...values } = filters;
  const pageHref = (cursor: string | null) => auditLogHref("/settings/audit-log", { ...values, before: cursor });

  return (
    <>
      <PageHeader
        title={title}
        description="Every change to connectors, secrets, push rules, programs, API keys and users: who, when, and what changed. Secret values are never recorded."
      />
      <AuditFilters
        entityTypes={entityTypes.map((t) => ({ value: t, label: entityLabel(t) }))}
        actors={[
          ...users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })),
          { value: "system", label: "System" },
        ]}
      />
      <AuditTable entries={entries} />
      <nav aria-label="Audit log pages" className="mt-4 flex justify-end gap-2">
        {before ? (
          <Link href={pageHref(null)} className={buttonVariants({ variant: "ghost", size: "sm" })}>
            Newest entries
          </Link>
        ) : null}
        {nextCursor ? (
          <Link href={pageHref(nextCursor)} className={buttonVariants({ variant: "outline", size: "sm" })}>
            Older entries <ChevronRight aria-hidden />
          </Link>
        ) : null}
      </nav>
    </>
  );
}
