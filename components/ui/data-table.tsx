import type * as React from "react";
import Link from "next/link";

import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

/** One column: its header and how a row fills its cell. Feature folders keep theirs in columns.tsx. */
export type ColumnDef<T> = {
  id: string;
  header: React.ReactNode;
  cell(row: T): React.ReactNode;
  /** Classes for every body cell of the column, and for its header cell. */
  className?: string;
  headClassName?: string;
  /** Per-row attributes of the body cell, such as a title with the full value. */
  cellProps?(row: T): Attributes<"td">;
};

/** The usual first column: the row's name, as a link to its page. */
export function nameColumn<T extends { name: string }>(href: (row: T) => string): ColumnDef<T> {
  return {
    id: "name",
    header: "Name",
    className: "font-medium",
    cell: (row) => (
      <Link href={href(row)} className="hover:underline focus-visible:underline">
        {row.name}
      </Link>
    ),
  };
}

/** Element attributes, data-* included. */
type Attributes<E extends "tr" | "td"> = React.ComponentProps<E> & { [data: `data-${string}`]: string | undefined };

type Props<T> = Omit<React.ComponentProps<"table">, "children"> & {
  columns: readonly ColumnDef<T>[];
  /** The rows, keyed by their id so a reordered row keeps its element. */
  data: readonly T[];
  /**
   * Per-row attributes of the row itself: a click handler, a class. Tests find a row by a cell that
   * names it; a test id is only for rows no visible cell identifies (a delivery, by its id).
   */
  rowProps?(row: T): Attributes<"tr">;
  /** Shown instead of the table when there are no rows; without it an empty table is shown. */
  empty?: React.ReactNode;
};

/** The one table of the app: a list of rows rendered through column definitions. */
export function DataTable<T extends { id: string }>({ columns, data, rowProps, empty, ...props }: Props<T>) {
  if (data.length === 0 && empty !== undefined) return <>{empty}</>;
  return (
    <Table {...props}>
      <TableHeader>
        <TableRow>
          {columns.map((column) => (
            <TableHead key={column.id} className={column.headClassName}>
              {column.header}
            </TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {data.map((row) => (
          <TableRow key={row.id} {...rowProps?.(row)}>
            {columns.map((column) => (
              <TableCell key={column.id} className={column.className} {...column.cellProps?.(row)}>
                {column.cell(row)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
