"use client";

import { flexRender, type Table as TanstackTable } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

/**
 * Renders a TanStack table whose sorting and paging happen on the server: headers of
 * sortable columns are buttons, the sort state is announced with aria-sort. Only the visible
 * columns render (the toolbar's View menu hides the others). A wide table scrolls inside its
 * own region, never the page.
 */
export function DataTable<T>({
  label,
  table,
  sort,
  onSort,
  emptyMessage,
}: {
  /** The table's accessible name. */
  label: string;
  table: TanstackTable<T>;
  sort: { column: string; direction: "asc" | "desc" };
  onSort: (column: string) => void;
  emptyMessage: string;
}) {
  const rows = table.getRowModel().rows;
  return (
    <Table label={label} aria-label={label}>
      <TableHeader>
        {table.getHeaderGroups().map((group) => (
          <TableRow key={group.id}>
            {group.headers.map((header) => {
              const sortable = header.column.getCanSort();
              const active = sort.column === header.column.id;
              const Icon = active ? (sort.direction === "asc" ? ArrowUp : ArrowDown) : ChevronsUpDown;
              return (
                <TableHead key={header.id} aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : undefined}>
                  {sortable ? (
                    <button
                      type="button"
                      onClick={() => onSort(header.column.id)}
                      className="-mx-1 inline-flex min-h-11 items-center gap-1 rounded-md px-1 hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring sm:min-h-8"
                    >
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      <Icon aria-hidden className={active ? "size-3.5" : "size-3.5 text-muted-foreground"} />
                    </button>
                  ) : (
                    flexRender(header.column.columnDef.header, header.getContext())
                  )}
                </TableHead>
              );
            })}
          </TableRow>
        ))}
      </TableHeader>
      <TableBody>
        {rows.length === 0 ? (
          <TableRow>
            <TableCell colSpan={table.getVisibleLeafColumns().length} className="py-8 text-center text-muted-foreground">
              {emptyMessage}
            </TableCell>
          </TableRow>
        ) : (
          rows.map((row) => (
            <TableRow key={row.id} aria-selected={row.getIsSelected() || undefined} data-state={row.getIsSelected() ? "selected" : undefined}>
              {row.getVisibleCells().map((cell) => (
                <TableCell key={cell.id} className="whitespace-nowrap">
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </TableCell>
              ))}
            </TableRow>
          ))
        )}
      </TableBody>
    </Table>
  );
}
