import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export type ReferenceRow = { key: string; cells: React.ReactNode[] };

/** A small read-only table of reference facts; the caption names it for screen readers. */
export function ReferenceTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: ReferenceRow[] }) {
  return (
    <Table>
      <TableCaption className="sr-only">{caption}</TableCaption>
      <TableHeader>
        <TableRow>
          {columns.map((column) => (
            <TableHead key={column}>{column}</TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map(({ key, cells }) => (
          <TableRow key={key}>
            {cells.map((cell, i) => (
              <TableCell key={i} className={i === cells.length - 1 ? "whitespace-normal" : undefined}>
                {cell}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
