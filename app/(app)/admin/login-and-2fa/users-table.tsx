"use client";

import { getCoreRowModel, useReactTable, type ColumnDef, type OnChangeFn, type RowSelectionState, type VisibilityState } from "@tanstack/react-table";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/data-table/data-table";
import { DataTableFacetedFilter } from "@/components/data-table/data-table-faceted-filter";
import { DataTableToolbar } from "@/components/data-table/data-table-toolbar";
import { DataTableViewOptions } from "@/components/data-table/data-table-view-options";
import { Pagination } from "@/components/data-table/pagination";
import type { ConfirmWith } from "@/lib/admin/confirm-admin";
import type { UserPage, UserRow } from "@/lib/admin/list-users";
import { USER_ROLES, userRoleLabel, type UserRole } from "@/lib/admin/user-role";
import { TWO_FACTOR_STATUSES, twoFactorStatusLabel, type UserTwoFactorStatus } from "@/lib/two-factor/status";
import { BULK_ACTIONS, PAGE_SIZE, type BulkTarget, type UserFilter, type UserTableParams } from "@/lib/validations/admin";
import { BULK_LABELS, BulkActionDialog, type BulkActionRequest } from "./bulk-action-dialog";
import { userColumns } from "./columns";
import { RemoveUsersDialog, type RemoveRequest } from "./remove-users-dialog";
import { useInvitationActions } from "./invitation-actions";
import { IssueTemporaryCodeDialog, type IssueCodeRequest } from "./issue-temporary-code-dialog";
import { useDeviceActions } from "./device-row-actions";

/** Row picks, or "every user matching this search and these filters" (which may span many pages). */
type Selection = { kind: "rows" } | { kind: "matching"; filter: UserFilter };

const STATUS_OPTIONS = TWO_FACTOR_STATUSES.map((value) => ({ value, label: twoFactorStatusLabel(value) }));
const ROLE_OPTIONS = USER_ROLES.map((value) => ({ value, label: userRoleLabel(value) }));

/** The parts of the view a selection belongs to, compared by value (each render parses the URL anew). */
function viewOf(params: UserTableParams) {
  return { q: params.q, status: params.status.join(","), role: params.role.join(","), sort: params.sort, dir: params.dir };
}

/** The export's query: the table's search and filters (its sort and page do not apply to a file of every matching user). */
function exportQuery(params: UserTableParams): URLSearchParams {
  const query = new URLSearchParams();
  if (params.q) query.set("q", params.q);
  if (params.status.length > 0) query.set("status", params.status.join(","));
  if (params.role.length > 0) query.set("role", params.role.join(","));
  return query;
}

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
  confirmWith: ConfirmWith;
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
  const [action, setAction] = useState<BulkActionRequest | null>(null);
  const [removal, setRemoval] = useState<RemoveRequest | null>(null);
  const [issuing, setIssuing] = useState<IssueCodeRequest | null>(null);
  const [notice, setNotice] = useState<{ message: string; tone: "success" | "error" } | null>(null);
  const [selectionView, setSelectionView] = useState(() => viewOf(params));
  const view = viewOf(params);
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>({});
  // The filters as last chosen: ticking a second value before the first reached the URL keeps both.
  const [filters, setFilters] = useState({ status: params.status, role: params.role, for: `${view.status}|${view.role}` });
  if (filters.for !== `${view.status}|${view.role}`) setFilters({ status: params.status, role: params.role, for: `${view.status}|${view.role}` });
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
    selectionView.q !== view.q ||
    selectionView.status !== view.status ||
    selectionView.role !== view.role ||
    selectionView.sort !== view.sort ||
    selectionView.dir !== view.dir
  ) {
    const reason =
      selectionView.q !== view.q ? "search" : selectionView.status !== view.status || selectionView.role !== view.role ? "filter" : "sort";
    setSelectionView(view);
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

  const invitations = useInvitationActions((message, tone, removedId) => {
    // A revoked user leaves the selection too.
    if (removedId && removedId in picked) setPicked(Object.fromEntries(Object.entries(picked).filter(([id]) => id !== removedId)));
    setNotice({ message, tone });
    router.refresh();
  });
  const { resend: resendInvitation, revoke: revokeInvitation } = invitations;
  const devices = useDeviceActions(currentUserId, (message) => {
    setNotice({ message, tone: "success" });
    router.refresh();
  });
  const openDeviceAction = devices.open;
  const columns = useMemo(
    () =>
      userColumns({
        currentUserId,
        onAction: (user, name) => setAction({ action: name, target: { kind: "ids", ids: [user.id] }, subject: user.name }),
        onRemove: (user) => setRemoval({ target: { kind: "ids", ids: [user.id] }, count: 1, subject: user.name }),
        onResendInvitation: resendInvitation,
        onRevokeInvitation: revokeInvitation,
        onIssueTemporaryCode: (user) => setIssuing({ userId: user.id, name: user.name, email: user.email }),
        onDeviceAction: openDeviceAction,
      }),
    [currentUserId, resendInvitation, revokeInvitation, openDeviceAction],
  );
  const table = useUsersTable(page.rows, columns, { rowSelection, columnVisibility }, setColumnVisibility, (updater) => {
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

  /** After an action: its outcome shown, the selection cleared (a row's action keeps it), the page read again. */
  function finish(message: string, done: { target: BulkTarget; subject?: string }) {
    setNotice({ message, tone: "success" });
    if (!done.subject) clearSelection();
    router.refresh();
  }

  function filterBy(changes: { status?: UserTwoFactorStatus[]; role?: UserRole[] }) {
    const next = { ...filters, ...changes };
    setFilters(next);
    navigate({ status: next.status.join(",") || undefined, role: next.role.join(",") || undefined });
  }

  function sortBy(column: string) {
    const direction = params.sort === column && params.dir === "asc" ? "desc" : "asc";
    navigate({ sort: column, dir: direction });
  }

  return (
    <div className="space-y-3">
      <DataTableToolbar
        label="Filter users"
        search={{ label: "Search users", placeholder: "Search by name or email", value: query, onChange: search }}
        filters={
          <>
            <DataTableFacetedFilter
              title="2FA status"
              options={STATUS_OPTIONS}
              selected={filters.status}
              onChange={(status) => filterBy({ status })}
            />
            <DataTableFacetedFilter title="Role" options={ROLE_OPTIONS} selected={filters.role} onChange={(role) => filterBy({ role })} />
          </>
        }
        filtered={filters.status.length > 0 || filters.role.length > 0}
        onReset={() => filterBy({ status: [], role: [] })}
        view={
          <div className="flex flex-wrap items-center gap-2">
            {/* Every user matching the search and filters on screen (not just this page), as the server reads them from the URL. */}
            <Button asChild variant="secondary">
              <a href={`/admin/login-and-2fa/export?${exportQuery(params)}`} download>
                Export CSV
              </a>
            </Button>
            <DataTableViewOptions table={table} />
          </div>
        }
      />

      {notice ? <Alert tone={notice.tone}>{notice.message}</Alert> : null}

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
              setSelection({ kind: "matching", filter: { q: params.q, status: params.status, role: params.role } });
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
              <Button key={name} variant={name === "enable" ? "primary" : "secondary"} onClick={() => setAction({ action: name, target })}>
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
          if (removal?.subject && removal.target.kind === "ids") {
            // A removed user leaves the selection too.
            const gone = new Set(removal.target.ids);
            setPicked(Object.fromEntries(Object.entries(picked).filter(([id]) => !gone.has(id))));
          }
          setRemoval(null);
          if (removal) finish(message, removal);
        }}
      />

      {invitations.revokeDialog}
      {devices.dialog}

      <IssueTemporaryCodeDialog request={issuing} confirmWith={confirmWith} onClose={() => setIssuing(null)} onIssued={() => router.refresh()} />

      <BulkActionDialog
        request={action}
        confirmWith={confirmWith}
        onClose={() => setAction(null)}
        onDone={(message) => {
          setAction(null);
          if (action) finish(message, action);
        }}
      />
    </div>
  );
}

/** TanStack Table's hook on its own, so the React Compiler's checks still cover UsersTable. */
function useUsersTable(
  rows: UserPage["rows"],
  columns: ColumnDef<UserRow>[],
  state: { rowSelection: RowSelectionState; columnVisibility: VisibilityState },
  onColumnVisibilityChange: OnChangeFn<VisibilityState>,
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
    state,
    onRowSelectionChange,
    onColumnVisibilityChange,
  });
}
