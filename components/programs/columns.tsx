import type { Program } from "@/db/schema";
import { nameColumn, type ColumnDef } from "@/components/ui/data-table";
import { formatUtc } from "@/lib/format";
import { ProgramNameDialog } from "./program-name-dialog";

type Options = {
  /** Active key counts, only for roles that may see API keys: without them the column is left out. */
  activeKeys?: Map<string, number>;
  renameDeniedReason?: string;
};

export function programColumns({ activeKeys, renameDeniedReason }: Options): ColumnDef<Program>[] {
  const keysColumn: ColumnDef<Program>[] = activeKeys
    ? [
        {
          id: "api-keys",
          header: "API keys",
          className: "text-muted-foreground",
          cell: (program) => {
            const keys = activeKeys.get(program.id) ?? 0;
            return keys === 1 ? "1 active" : `${keys} active`;
          },
        },
      ]
    : [];
  return [
    nameColumn((program) => `/settings/programs/${program.id}`),
    ...keysColumn,
    { id: "created", header: "Created", className: "text-muted-foreground", cell: (program) => formatUtc(program.createdAt, "date") },
    { id: "updated", header: "Updated", className: "text-muted-foreground", cell: (program) => formatUtc(program.updatedAt, "date") },
    {
      id: "actions",
      header: <span className="sr-only">Actions</span>,
      headClassName: "text-right",
      className: "text-right",
      cell: (program) => (
        <ProgramNameDialog mode="rename" program={{ id: program.id, name: program.name }} disabledReason={renameDeniedReason} />
      ),
    },
  ];
}
