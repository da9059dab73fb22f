import { ScrollText } from "lucide-react";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import type { AuditEntryRow } from "@/lib/audit/queries";
import { auditColumns } from "./columns";

export function AuditTable({ entries }: { entries: AuditEntryRow[] }) {
  return (
    <DataTable
      aria-label="Audit log"
      columns={auditColumns}
      data={entries}
      rowProps={() => ({ className: "align-top" })}
      empty={
        <EmptyState
          icon={<ScrollText />}
          title="No entries"
          description="Nothing in the audit log matches these filters. Every change to connectors, push rules, programs, API keys and users is recorded here."
        />
      }
    />
  );
}
