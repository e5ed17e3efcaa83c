"use client";

import { useState, useTransition, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

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
    <Dialog open={open} onClose={onClose} title={title}>
      {open ? (
        <ConfirmBody onClose={onClose} confirmLabel={confirmLabel} pendingLabel={pendingLabel} onConfirm={onConfirm}>
          {children}
        </ConfirmBody>
      ) : null}
    </Dialog>
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
      {children}
      {error ? <Alert>{error}</Alert> : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onClose}>
          Cancel
        </Button>
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
      </div>
    </>
  );
}
