import type { Metadata } from "next";
import Link from "next/link";
import { ChevronRight } from "lucide-react";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { entityLabel } from "@/components/audit/columns";
import { buttonVariants } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditEntityTypes, listAuditEntries } from "@/lib/audit/queries";
import { parseAuditFilters } from "@/lib/audit/schemas";
import { requirePermission } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/queries";

export const metadata: Metadata = { title: "Audit log" };

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
  const set = Object.entries(values).filter((entry): entry is [string, string] => !!entry[1]);
  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams([...set, ...Object.entries(extra)]).toString();
    return params ? `/settings/audit-log?${params}` : "/settings/audit-log";
  };

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change to connectors, secrets, push rules, programs, API keys and users: who, when, and what changed. Secret values are never recorded."
      />
      <AuditFilters
        values={values}
        entityTypes={entityTypes.map((t) => ({ value: t, label: entityLabel(t) }))}
        actors={[
          ...users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })),
          { value: "system", label: "System" },
        ]}
      />
      <AuditTable entries={entries} />
      <nav aria-label="Audit log pages" className="mt-4 flex justify-end gap-2">
        {before ? (
          <Link href={query({})} className={buttonVariants({ variant: "ghost", size: "sm" })}>
            Newest entries
          </Link>
        ) : null}
        {nextCursor ? (
          <Link href={query({ before: nextCursor })} className={buttonVariants({ variant: "outline", size: "sm" })}>
            Older entries <ChevronRight aria-hidden />
          </Link>
        ) : null}
      </nav>
    </>
  );
}
