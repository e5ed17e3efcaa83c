"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { DataTableRowActions, type RowAction } from "@/components/data-table/data-table-row-actions";
import { TwoFactorStatusBadge } from "@/components/two-factor/status-badge";
import { Checkbox } from "@/components/ui/checkbox";
import { storedRoleLabel } from "@/lib/admin/user-role";
import type { UserRow } from "@/lib/admin/list-users";
import type { UserTwoFactorStatus } from "@/lib/two-factor/status";
import { twoFactorMethodsLabel } from "@/lib/two-factor/methods";
import type { BulkAction } from "@/lib/validations/admin";
import { BULK_LABELS } from "./bulk-action-dialog";
import { InvitedBadge } from "./invitation-actions";
import { deviceRowActions } from "./device-row-actions";

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** The 2FA actions that change something for a user in this status (the others would be "nothing to do"). */
const ACTIONS_FOR: Record<UserTwoFactorStatus, BulkAction[]> = {
  off: ["enable"],
  required: ["disable"],
  active: ["reset", "disable"],
  locked: ["unlock", "reset", "disable"],
};

/**
 * Per-row actions: the 2FA actions that apply, and Remove user on every row but the admin's own
 * (the server refuses that one too). An invited user's row offers Resend invitation, and Revoke
 * invitation instead of Remove.
 */
export interface RowActions {
  currentUserId: string;
  onAction: (user: UserRow, action: BulkAction) => void;
  onRemove: (user: UserRow) => void;
  onResendInvitation: (user: UserRow) => void;
  onRevokeInvitation: (user: UserRow) => void;
  /** Issue temporary access code: offered on an enrolled (Active or Locked) user's row, never the admin's own. */
  onIssueTemporaryCode?: (user: UserRow) => void;
  /** Sign out all sessions, forget trusted browsers (device-row-actions.tsx). */
  onDeviceAction?: Parameters<typeof deviceRowActions>[1];
}

export const userColumns = ({
  currentUserId,
  onAction,
  onRemove,
  onResendInvitation,
  onRevokeInvitation,
  onIssueTemporaryCode,
  onDeviceAction,
}: RowActions): ColumnDef<UserRow>[] => [
  {
    id: "select",
    enableSorting: false,
    enableHiding: false,
    header: ({ table }) => (
      <Checkbox
        aria-label="Select all users on this page"
        checked={table.getIsAllPageRowsSelected() ? true : table.getIsSomePageRowsSelected() ? "indeterminate" : false}
        onCheckedChange={(checked) => table.toggleAllPageRowsSelected(checked === true)}
      />
    ),
    cell: ({ row }) => (
      <Checkbox
        aria-label={`Select ${row.original.name}`}
        checked={row.getIsSelected()}
        onCheckedChange={(checked) => row.toggleSelected(checked === true)}
      />
    ),
  },
  {
    id: "name",
    accessorKey: "name",
    header: "Name",
    enableHiding: false,
    meta: { label: "Name" },
    cell: ({ row }) =>
      row.original.accountStatus === "INVITED" ? (
        <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-0.5">
          <span>{row.original.name}</span>
          <InvitedBadge invitation={row.original.invitation} />
        </span>
      ) : (
        row.original.name
      ),
  },
  { id: "email", accessorKey: "email", header: "Email", meta: { label: "Email" } },
  { id: "role", accessorKey: "role", header: "Role", meta: { label: "Role" }, cell: ({ row }) => storedRoleLabel(row.original.role) },
  {
    id: "status",
    accessorKey: "status",
    header: "2FA status",
    meta: { label: "2FA status" },
    cell: ({ row }) => <TwoFactorStatusBadge status={row.original.status} lock={row.original.lock} />,
  },
  {
    id: "methods",
    accessorKey: "methods",
    header: "Methods",
    enableSorting: false,
    meta: { label: "Methods" },
    cell: ({ row }) => twoFactorMethodsLabel(row.original.methods) || <span className="text-muted-foreground">None</span>,
  },
  {
    id: "lastLogin",
    accessorKey: "lastLoginAt",
    header: "Last login",
    meta: { label: "Last login" },
    cell: ({ row }) => (row.original.lastLoginAt ? `${dateFormat.format(new Date(row.original.lastLoginAt))} UTC` : "Never"),
  },
  {
    id: "activeSessions",
    accessorKey: "activeSessions",
    header: "Active sessions",
    enableSorting: false,
    meta: { label: "Active sessions" },
    cell: ({ row }) => <span className="tabular-nums">{row.original.activeSessions.toLocaleString("en")}</span>,
  },
  {
    id: "actions",
    enableSorting: false,
    enableHiding: false,
    header: () => <span className="sr-only">Actions</span>,
    cell: ({ row }) => {
      const user = row.original;
      const actions: RowAction[] = ACTIONS_FOR[user.status].map((action) => ({
        label: BULK_LABELS[action].button,
        onSelect: () => onAction(user, action),
      }));
      if (onIssueTemporaryCode && (user.status === "active" || user.status === "locked") && user.id !== currentUserId)
        actions.push({ label: "Issue temporary access code", onSelect: () => onIssueTemporaryCode(user) });
      if (onDeviceAction) actions.push(...deviceRowActions(user, onDeviceAction));
      if (user.accountStatus === "INVITED") {
        actions.unshift({ label: "Resend invitation", onSelect: () => onResendInvitation(user) });
        actions.push({ label: "Revoke invitation", destructive: true, onSelect: () => onRevokeInvitation(user) });
      } else if (user.id !== currentUserId) actions.push({ label: "Remove user", destructive: true, onSelect: () => onRemove(user) });
      return <DataTableRowActions label={`Actions for ${user.name}`} actions={actions} />;
    },
  },
];
