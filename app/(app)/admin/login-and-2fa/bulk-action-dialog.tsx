"use client";

import { useEffect, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { ERROR_MESSAGES } from "@/components/error-messages";
import type { ConfirmWith } from "@/lib/admin/confirm-admin";
import type { BulkAction, BulkTarget } from "@/lib/validations/admin";
import { previewBulk, runBulkAction } from "./actions";
import { AdminConfirmationField, useAdminConfirmation } from "./admin-confirmation-field";

export const BULK_LABELS: Record<BulkAction, { button: string; done: string; noop: string }> = {
  enable: { button: "Enable 2FA", done: "2FA enabled for", noop: "already had 2FA enabled" },
  disable: { button: "Disable 2FA", done: "2FA disabled for", noop: "already had 2FA off" },
  reset: { button: "Reset 2FA", done: "2FA reset for", noop: "had no 2FA set up to reset" },
  unlock: { button: "Unlock", done: "Unlocked", noop: "were not locked" },
};

const EXPLANATIONS: Record<BulkAction, string> = {
  enable:
    "Anyone signed in now is taken to set up an authenticator app at their next click, without being signed out; the others at their next login.",
  disable: "Their authenticator and backup codes are removed and they are signed out everywhere.",
  reset: "Their authenticator and backup codes are removed and they are signed out; they set up 2FA again at their next login.",
  unlock: "They can try their 2FA code again straight away.",
};

export const plural = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "user" : "users"}`;

/** What the dialog acts on: the bulk bar's selection, or (with its name as `subject`) one row's user. */
export interface BulkActionRequest {
  action: BulkAction;
  target: BulkTarget;
  subject?: string;
}

export function BulkActionDialog({
  request,
  ...props
}: {
  request: BulkActionRequest | null;
  confirmWith: ConfirmWith;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  // Each opening is a fresh dialog (its own key): no count, error or typed secret carries over.
  return request ? <OpenBulkActionDialog key={`${request.action} ${request.subject ?? ""}`} {...request} {...props} /> : null;
}

function OpenBulkActionDialog({
  action,
  target,
  subject,
  confirmWith,
  onClose,
  onDone,
}: BulkActionRequest & {
  confirmWith: ConfirmWith;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [counted, setCounted] = useState<{ target: BulkTarget; selected: number; affected: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const confirmationState = useAdminConfirmation(confirmWith);
  const [pending, startTransition] = useTransition();
  const needsConfirmation = action === "disable" || action === "reset";
  // A count is shown only for the selection it was made for.
  const preview = counted?.target === target ? counted : null;

  useEffect(() => {
    let current = true;
    void previewBulk({ action, target }).then((result) => {
      if (!current) return;
      if (result.ok) setCounted({ target, ...result.data });
      else setError(result.message ?? ERROR_MESSAGES[result.error]);
    });
    return () => {
      current = false;
    };
  }, [action, target]);

  const labels = BULK_LABELS[action];

  // An arrow, not a hoisted function, so `action` stays narrowed to the one chosen above.
  const submit = () => {
    startTransition(async () => {
      const confirmation = needsConfirmation ? confirmationState.confirmation : undefined;
      const result = await runBulkAction({ action, target, confirmation });
      if (!result.ok) {
        setError(result.message ?? result.fieldErrors?.confirmation?.[0] ?? ERROR_MESSAGES[result.error]);
        return;
      }
      const { affected, unchanged } = result.data;
      onDone(
        affected === 0
          ? `Nothing to do: the ${plural(unchanged)} selected ${labels.noop}.`
          : `${labels.done} ${plural(affected)}.${unchanged ? ` ${plural(unchanged)} ${labels.noop}: nothing to do.` : ""}`,
      );
    });
  };

  return (
    <Dialog open onClose={onClose} title={subject ? `${labels.button} for ${subject}` : labels.button}>
      {preview ? (
        <p className="text-sm text-muted-foreground" data-testid="bulk-preview">
          This affects <strong>{plural(preview.affected)}</strong>
          {preview.selected !== preview.affected ? ` of the ${plural(preview.selected)} selected (the others ${labels.noop})` : ""}.{" "}
          {EXPLANATIONS[action]}
        </p>
      ) : error ? null : (
        <p className="text-sm text-muted-foreground">Counting the users this affects…</p>
      )}
      {error ? <Alert>{error}</Alert> : null}
      {needsConfirmation ? <AdminConfirmationField state={confirmationState} /> : null}
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button
          variant={needsConfirmation ? "danger" : "primary"}
          onClick={submit}
          disabled={pending || !preview || (needsConfirmation && !confirmationState.secret)}
        >
          {pending ? "Working…" : labels.button}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
