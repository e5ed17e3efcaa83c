"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { TwoFactorStatusBadge } from "@/components/two-factor/status-badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import type { UserRow } from "@/lib/admin/list-users";

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Per-row actions: Remove, on every row but the admin's own (the server refuses that one too). */
export interface RowActions {
  currentUserId: string;
  onRemove: (user: UserRow) => void;
}

export const userColumns = ({ currentUserId, onRemove }: RowActions): ColumnDef<UserRow>[] => [
  {
    id: "select",
    enableSorting: false,
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
  { id: "name", accessorKey: "name", header: "Name" },
  { id: "email", accessorKey: "email", header: "Email" },
  { id: "role", accessorKey: "role", header: "Role", cell: ({ row }) => (row.original.role === "ADMIN" ? "Admin" : "Member") },
  {
    id: "status",
    accessorKey: "status",
    header: "2FA status",
    cell: ({ row }) => <TwoFactorStatusBadge status={row.original.status} lock={row.original.lock} />,
  },
  {
    id: "lastLogin",
    accessorKey: "lastLoginAt",
    header: "Last login",
    cell: ({ row }) => (row.original.lastLoginAt ? `${dateFormat.format(new Date(row.original.lastLoginAt))} UTC` : "Never"),
  },
  {
    id: "actions",
    enableSorting: false,
    header: () => <span className="sr-only">Actions</span>,
    cell: ({ row }) =>
      row.original.id === currentUserId ? null : (
        <Button variant="ghost" size="sm" className="text-danger" aria-label={`Remove ${row.original.name}`} onClick={() => onRemove(row.original)}>
          Remove
        </Button>
      ),
  },
];
