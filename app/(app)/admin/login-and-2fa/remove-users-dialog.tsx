"use client";

import { useTransition, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { ERROR_MESSAGES } from "@/components/error-messages";
import type { ConfirmWith } from "@/lib/admin/confirm-admin";
import type { BulkTarget } from "@/lib/validations/admin";
import { removeUsersAction } from "./actions";
import { AdminConfirmationField, useAdminConfirmation } from "./admin-confirmation-field";
import { plural } from "./bulk-action-dialog";

/** What Remove acts on: the bulk selection, or one row's user. */
export interface RemoveRequest {
  target: BulkTarget;
  count: number;
  /** The user's name, for a row's Remove user. */
  subject?: string;
}

export function RemoveUsersDialog({
  request,
  ...props
}: {
  request: RemoveRequest | null;
  confirmWith: ConfirmWith;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  // A fresh dialog per opening: no error or typed secret carries over.
  return request ? <OpenRemoveUsersDialog request={request} {...props} /> : null;
}

function OpenRemoveUsersDialog({
  request,
  confirmWith,
  onClose,
  onDone,
}: {
  request: RemoveRequest;
  confirmWith: ConfirmWith;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const confirmation = useAdminConfirmation(confirmWith);
  const [pending, startTransition] = useTransition();

  const submit = () => {
    startTransition(async () => {
      const result = await removeUsersAction({ target: request.target, expectedCount: request.count, confirmation: confirmation.confirmation });
      if (!result.ok) {
        setError(result.message ?? result.fieldErrors?.confirmation?.[0] ?? ERROR_MESSAGES[result.error]);
        return;
      }
      onDone(`Removed ${plural(result.data.removed)}.`);
    });
  };

  return (
    <Dialog open onClose={onClose} title={`Remove ${plural(request.count)}?`}>
      <p className="text-sm text-muted-foreground">
        {request.subject ? `${request.subject}'s account is` : request.count === 1 ? "Their account is" : "Their accounts are"} deleted with their
        authenticator and backup codes, and they are signed out everywhere at once. This cannot be undone; you cannot remove yourself or your
        organisation&apos;s last admin.
      </p>
      {error ? <Alert>{error}</Alert> : null}
      <AdminConfirmationField state={confirmation} />
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="danger" onClick={submit} disabled={pending || !confirmation.secret}>
          {pending ? "Working…" : "Remove"}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
