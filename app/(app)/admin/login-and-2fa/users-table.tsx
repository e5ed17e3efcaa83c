"use client";

import { getCoreRowModel, useReactTable, type ColumnDef, type OnChangeFn, type RowSelectionState } from "@tanstack/react-table";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { DataTable } from "@/components/data-table/data-table";
import { Pagination } from "@/components/data-table/pagination";
import type { AdminConfirmationKind } from "@/lib/admin/confirm-admin";
import type { UserPage, UserRow } from "@/lib/admin/list-users";
import { STATUS_FILTERS, statusFilterLabel } from "@/lib/two-factor/status";
import { BULK_ACTIONS, PAGE_SIZE, type BulkAction, type BulkTarget, type UserTableParams } from "@/lib/validations/admin";
import { BULK_LABELS, BulkActionDialog } from "./bulk-action-dialog";
import { userColumns } from "./columns";
import { RemoveUsersDialog, type RemoveRequest } from "./remove-users-dialog";

/** Row picks, or "every user matching this search" (which may span many pages). */
type Selection = { kind: "rows" } | { kind: "matching"; filter: { q: string; status: UserTableParams["status"] } };

/** "on page 1", "on pages 1 and 2", "on pages 1, 2 and 4". */
function describePages(pages: number[]): string {
  const sorted = [...new Set(pages)].sort((a, b) => a - b).map(String);
  if (sorted.length <= 1) return `on page ${sorted[0] ?? ""}`;
  return `on pages ${sorted.slice(0, -1).join(", ")} and ${sorted.at(-1)}`;
}

/** What the bulk bar says about the selection. */
function describeSelection(selection: { kind: "matching"; total: number } | { kind: "rows"; pages: number[] }): string {
  if (selection.kind === "matching") return `All ${selection.total.toLocaleString("en")} matching selected`;
  if (selection.pages.length === 0) return "No users selected";
  return `${selection.pages.length.toLocaleString("en")} selected ${describePages(selection.pages)}`;
}

export function UsersTable({
  page,
  params,
  confirmWith,
  currentUserId,
}: {
  page: UserPage;
  params: UserTableParams;
  /** The signed-in admin, whose own row offers no Remove. */
  currentUserId: string;
  /** How this admin confirms Disable and Reset (the server checks it again). */
  confirmWith: AdminConfirmationKind;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [query, setQuery] = useState(params.q);
  /** Picked rows, each with the page it was picked on; it survives paging. */
  const [picked, setPicked] = useState<Record<string, number>>({});
  const [selection, setSelection] = useState<Selection>({ kind: "rows" });
  /** Why a selection was just dropped (a new search, filter or sort), until the admin picks again. */
  const [clearedBecause, setClearedBecause] = useState<string | null>(null);
  const [action, setAction] = useState<BulkAction | null>(null);
  const [removal, setRemoval] = useState<RemoveRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [selectionView, setSelectionView] = useState({ q: params.q, status: params.status, sort: params.sort, dir: params.dir });
  const searchTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  /** Every view change goes through the URL, so a reload or a shared link shows the same view. */
  function navigate(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(searchParams);
    // Any change of view starts from the first page, unless it names another page itself.
    ["after", "before", "page"].forEach((key) => next.delete(key));
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    router.push(`${pathname}?${next}`, { scroll: false });
  }

  // Search as you type, a moment after the last key.
  function search(value: string) {
    setQuery(value);
    clearTimeout(searchTimer.current);
    if (value !== params.q) searchTimer.current = setTimeout(() => navigate({ q: value || undefined }), 300);
  }
  useEffect(() => () => clearTimeout(searchTimer.current), []);

  // A new search, filter or sort starts a new selection, and says so (adjusted while rendering, not in
  // an effect). A new sort too: the pages the picked users were on would no longer be where they are.
  if (
    selectionView.q !== params.q ||
    selectionView.status !== params.status ||
    selectionView.sort !== params.sort ||
    selectionView.dir !== params.dir
  ) {
    const reason = selectionView.q !== params.q ? "search" : selectionView.status !== params.status ? "filter" : "sort";
    setSelectionView({ q: params.q, status: params.status, sort: params.sort, dir: params.dir });
    if (selection.kind === "matching" || Object.keys(picked).length > 0) setClearedBecause(`Selection cleared: the ${reason} changed.`);
    setPicked({});
    setSelection({ kind: "rows" });
  }

  /** This page's number: whole pages from the first (the server counts the rows before it). */
  const pageNumber = Math.floor(page.offset / PAGE_SIZE) + 1;
  // What the checkboxes show: every row while "all matching" is selected, else the picked rows.
  const rowSelection: RowSelectionState = Object.fromEntries(
    (selection.kind === "matching" ? page.rows.map((row) => row.id) : Object.keys(picked)).map((id) => [id, true]),
  );

  const columns = useMemo(
    () => userColumns({ currentUserId, onRemove: (user) => setRemoval({ target: { kind: "ids", ids: [user.id] }, count: 1 }) }),
    [currentUserId],
  );
  const table = useUsersTable(page.rows, columns, rowSelection, (updater) => {
    const next = typeof updater === "function" ? updater(rowSelection) : updater;
    // Unticking a row of "all matching" keeps what is ticked on screen: this page's rows, less that one.
    const before = selection.kind === "matching" ? {} : picked;
    setPicked(
      Object.fromEntries(
        Object.keys(next)
          .filter((id) => next[id])
          .map((id) => [id, before[id] ?? pageNumber]),
      ),
    );
    setSelection({ kind: "rows" });
    setClearedBecause(null);
  });

  const target: BulkTarget = useMemo(
    () => (selection.kind === "matching" ? { kind: "matching", filter: selection.filter } : { kind: "ids", ids: Object.keys(picked) }),
    [selection, picked],
  );
  const selectedCount = target.kind === "matching" ? page.total : target.ids.length;
  const wholePageSelected = page.rows.length > 0 && table.getIsAllPageRowsSelected();
  const includesYou = selection.kind === "matching" ? page.includesCurrentUser : currentUserId in picked;

  function clearSelection() {
    setPicked({});
    setSelection({ kind: "rows" });
    setClearedBecause(null);
  }

  /** After an action: its outcome shown, the selection cleared, the page read again. */
  function finish(message: string) {
    setNotice(message);
    clearSelection();
    router.refresh();
  }

  function sortBy(column: string) {
    const direction = params.sort === column && params.dir === "asc" ? "desc" : "asc";
    navigate({ sort: column, dir: direction });
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1 space-y-1.5">
          <Label htmlFor="user-search">Search users</Label>
          <Input id="user-search" type="search" value={query} onChange={(event) => search(event.target.value)} placeholder="Name or email" />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="status-filter">2FA status</Label>
          <NativeSelect
            id="status-filter"
            value={params.status}
            onChange={(event) => navigate({ status: event.target.value === "all" ? undefined : event.target.value })}
          >
            {STATUS_FILTERS.map((value) => (
              <option key={value} value={value}>
                {statusFilterLabel(value)}
              </option>
            ))}
          </NativeSelect>
        </div>
      </div>

      {notice ? <Alert tone="success">{notice}</Alert> : null}

      <div className="flex min-h-10 flex-wrap items-center gap-2 rounded-lg bg-muted px-3 py-2 text-sm">
        <span className="font-medium text-foreground" data-testid="selection-count">
          {describeSelection(
            selection.kind === "matching" ? { kind: "matching", total: page.total } : { kind: "rows", pages: Object.values(picked) },
          )}
        </span>
        <span aria-live="polite" className="text-muted-foreground" data-testid="selection-cleared">
          {clearedBecause}
        </span>
        {wholePageSelected && selection.kind === "rows" && page.total > selectedCount ? (
          <Button
            variant="link"
            onClick={() => {
              setSelection({ kind: "matching", filter: { q: params.q, status: params.status } });
              setClearedBecause(null);
            }}
          >
            Select all {page.total.toLocaleString("en")} matching
          </Button>
        ) : null}
        {selectedCount > 0 && includesYou ? (
          <span className="font-medium text-warning" data-testid="selection-includes-you">
            This includes you: Disable 2FA and Reset 2FA would also apply to your own account, and Remove refuses a selection with you in it.
          </span>
        ) : null}
        {selectedCount > 0 ? (
          <>
            <span className="flex-1" />
            {BULK_ACTIONS.map((name) => (
              <Button key={name} variant={name === "enable" ? "primary" : "secondary"} onClick={() => setAction(name)}>
                {BULK_LABELS[name].button}
              </Button>
            ))}
            <Button variant="secondary" onClick={() => setRemoval({ target, count: selectedCount })}>
              Remove
            </Button>
            <Button variant="ghost" onClick={clearSelection}>
              Clear selection
            </Button>
          </>
        ) : null}
      </div>

      <DataTable
        label="Users"
        table={table}
        sort={{ column: params.sort, direction: params.dir }}
        onSort={sortBy}
        emptyMessage="No users match this search."
      />

      <Pagination
        total={page.total}
        from={page.offset + 1}
        count={page.rows.length}
        noun={page.total === 1 ? "user" : "users"}
        onFirst={page.previousCursor ? () => navigate({}) : undefined}
        onPrevious={page.previousCursor ? () => navigate({ before: page.previousCursor! }) : undefined}
        onNext={page.nextCursor ? () => navigate({ after: page.nextCursor! }) : undefined}
        onLast={page.nextCursor ? () => navigate({ page: "last" }) : undefined}
      />

      <RemoveUsersDialog
        request={removal}
        confirmWith={confirmWith}
        onClose={() => setRemoval(null)}
        onDone={(message) => {
          setRemoval(null);
          finish(message);
        }}
      />

      <BulkActionDialog
        action={action}
        target={target}
        confirmWith={confirmWith}
        onClose={() => setAction(null)}
        onDone={(message) => {
          setAction(null);
          finish(message);
        }}
      />
    </div>
  );
}

/** TanStack Table's hook on its own, so the React Compiler's checks still cover UsersTable. */
function useUsersTable(
  rows: UserPage["rows"],
  columns: ColumnDef<UserRow>[],
  rowSelection: RowSelectionState,
  onRowSelectionChange: OnChangeFn<RowSelectionState>,
) {
  // eslint-disable-next-line react-hooks/incompatible-library -- its API cannot be memoized by the React Compiler, which this app does not run
  return useReactTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableRowSelection: true,
    state: { rowSelection },
    onRowSelectionChange,
  });
}
