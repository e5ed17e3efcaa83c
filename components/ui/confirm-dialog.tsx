"use client";

import { useState, useTransition, type ReactNode } from "react";
import { Alert } from "./alert";
import { AlertDialog, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogTitle } from "./alert-dialog";
import { Button } from "./button";

/**
 * "Are you sure?" for an action that cannot be taken back: Cancel, or the action itself.
 * `onConfirm` answers null when it went through (the dialog closes) or the reason it did
 * not (shown in the dialog, which stays open). Each opening starts without an old error.
 */
export function ConfirmDialog({
  open,
  onClose,
  title,
  confirmLabel,
  pendingLabel,
  onConfirm,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  confirmLabel: string;
  pendingLabel: string;
  onConfirm: () => Promise<string | null>;
  children: ReactNode;
}) {
  return (
    <AlertDialog open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <AlertDialogContent>
        <AlertDialogTitle>{title}</AlertDialogTitle>
        {open ? (
          <ConfirmBody onClose={onClose} confirmLabel={confirmLabel} pendingLabel={pendingLabel} onConfirm={onConfirm}>
            {children}
          </ConfirmBody>
        ) : null}
      </AlertDialogContent>
    </AlertDialog>
  );
}

function ConfirmBody({
  onClose,
  confirmLabel,
  pendingLabel,
  onConfirm,
  children,
}: {
  onClose: () => void;
  confirmLabel: string;
  pendingLabel: string;
  onConfirm: () => Promise<string | null>;
  children: ReactNode;
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <AlertDialogDescription asChild>
        <div>{children}</div>
      </AlertDialogDescription>
      {error ? <Alert>{error}</Alert> : null}
      <AlertDialogFooter>
        <AlertDialogCancel>Cancel</AlertDialogCancel>
        <Button
          type="button"
          variant="danger"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const refused = await onConfirm();
              if (refused) setError(refused);
              else onClose();
            })
          }
        >
          {pending ? pendingLabel : confirmLabel}
        </Button>
      </AlertDialogFooter>
    </>
  );
}
