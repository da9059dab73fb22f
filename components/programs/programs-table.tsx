import Link from "next/link";
import { FolderKanban } from "lucide-react";
import type { Program } from "@/db/schema";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatUtc } from "@/lib/format";
import { ProgramNameDialog } from "./program-name-dialog";

type Props = {
  programs: Program[];
  /** Active key counts, only for roles that may see API keys. */
  activeKeys?: Map<string, number>;
  renameDeniedReason?: string;
};

export function ProgramsTable({ programs, activeKeys, renameDeniedReason }: Props) {
  if (programs.length === 0) {
    return (
      <EmptyState
        icon={<FolderKanban />}
        title="No programs yet"
        description="A program is a loyalty program whose member events this hub receives through its API keys and pushes to connectors."
      />
    );
  }
  return (
    <Table aria-label="Programs">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          {activeKeys ? <TableHead>API keys</TableHead> : null}
          <TableHead>Created</TableHead>
          <TableHead>Updated</TableHead>
          <TableHead className="text-right">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {programs.map((program) => {
          const keys = activeKeys?.get(program.id) ?? 0;
          return (
            <TableRow key={program.id} data-testid={`program-row-${program.name}`}>
              <TableCell className="font-medium">
                <Link href={`/settings/programs/${program.id}`} className="hover:underline">
                  {program.name}
                </Link>
              </TableCell>
              {activeKeys ? (
                <TableCell className="text-muted-foreground">{keys === 1 ? "1 active" : `${keys} active`}</TableCell>
              ) : null}
              <TableCell className="text-muted-foreground">{formatUtc(program.createdAt, "date")}</TableCell>
              <TableCell className="text-muted-foreground">{formatUtc(program.updatedAt, "date")}</TableCell>
              <TableCell className="text-right">
                <ProgramNameDialog mode="rename" program={{ id: program.id, name: program.name }} disabledReason={renameDeniedReason} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
