import { FolderKanban } from "lucide-react";
import type { Program } from "@/db/schema";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { programColumns } from "./columns";

type Props = {
  programs: Program[];
  /** Active key counts, only for roles that may see API keys. */
  activeKeys?: Map<string, number>;
  renameDeniedReason?: string;
};

export function ProgramsTable({ programs, activeKeys, renameDeniedReason }: Props) {
  return (
    <DataTable
      aria-label="Programs"
      columns={programColumns({ activeKeys, renameDeniedReason })}
      data={programs}
      empty={
        <EmptyState
          icon={<FolderKanban />}
          title="No programs yet"
          description="A program is a loyalty program whose member events this hub receives through its API keys and pushes to connectors."
        />
      }
    />
  );
}
