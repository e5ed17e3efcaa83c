"use client";

import { flexRender, type Table } from "@tanstack/react-table";

/**
 * Renders a TanStack table whose sorting and paging happen on the server: headers of
 * sortable columns are buttons, the sort state is announced with aria-sort.
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
  table: Table<T>;
  sort: { column: string; direction: "asc" | "desc" };
  onSort: (column: string) => void;
  emptyMessage: string;
}) {
  return (
    <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
      <table aria-label={label} className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sortable = header.column.getCanSort();
                const active = sort.column === header.column.id;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : undefined}
                    className="px-3 py-2.5 text-left font-semibold whitespace-nowrap text-slate-700"
                  >
                    {sortable ? (
                      <button type="button" onClick={() => onSort(header.column.id)} className="inline-flex items-center gap-1 hover:text-slate-900">
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span aria-hidden="true" className="text-slate-400">
                          {active ? (sort.direction === "asc" ? "▲" : "▼") : "↕"}
                        </span>
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.length === 0 ? (
            <tr>
              <td colSpan={table.getAllColumns().length} className="px-3 py-8 text-center text-slate-500">
                {emptyMessage}
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr key={row.id} aria-selected={row.getIsSelected() || undefined} className={row.getIsSelected() ? "bg-info-soft" : undefined}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2 whitespace-nowrap text-slate-800">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
