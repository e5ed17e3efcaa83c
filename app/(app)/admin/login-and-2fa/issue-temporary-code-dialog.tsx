"use client";

import { useId, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/input";
import { LocalTime } from "@/components/local-time";
import { toast } from "@/components/ui/toast";
import { ERROR_MESSAGES } from "@/components/error-messages";
import type { ConfirmWith } from "@/lib/admin/confirm-admin";
import { issueTemporaryCodeAction } from "./recovery-actions";
import { AdminConfirmationField, useAdminConfirmation } from "./admin-confirmation-field";

/** Whom the code is for (from a recovery request or a user's row). */
export interface IssueCodeRequest {
  userId: string;
  name: string;
  email: string;
}

const HOURS = [1, 2, 3, 4, 5, 6, 7, 8] as const;

export function IssueTemporaryCodeDialog({
  request,
  ...props
}: {
  request: IssueCodeRequest | null;
  confirmWith: ConfirmWith;
  onClose: () => void;
  /** The code was issued (the page reads its lists again when the dialog closes). */
  onIssued: () => void;
}) {
  // A fresh dialog per opening: no error, typed secret or shown code carries over.
  return request ? <OpenIssueTemporaryCodeDialog request={request} {...props} /> : null;
}

function OpenIssueTemporaryCodeDialog({
  request,
  confirmWith,
  onClose,
  onIssued,
}: {
  request: IssueCodeRequest;
  confirmWith: ConfirmWith;
  onClose: () => void;
  onIssued: () => void;
}) {
  const [hours, setHours] = useState("1");
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<{ code: string; expiresAt: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const confirmation = useAdminConfirmation(confirmWith);
  const [pending, startTransition] = useTransition();
  const hoursId = useId();

  const submit = () => {
    startTransition(async () => {
      const result = await issueTemporaryCodeAction({ userId: request.userId, hours: Number(hours), confirmation: confirmation.confirmation });
      if (!result.ok) {
        setError(result.message ?? result.fieldErrors?.confirmation?.[0] ?? result.fieldErrors?.hours?.[0] ?? ERROR_MESSAGES[result.error]);
        return;
      }
      setError(null);
      setIssued({ code: result.data.code, expiresAt: result.data.expiresAt });
    });
  };

  async function copy(code: string) {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      toast({ title: "Code copied", description: `Give it to ${request.name} by phone or in person, never by email.` });
    } catch {
      toast({ tone: "error", title: "Could not copy the code", description: "Select the code and copy it yourself." });
    }
  }

  const close = () => {
    if (issued) onIssued();
    onClose();
  };

  if (issued) {
    return (
      <Dialog open onClose={close} title={`Temporary access code for ${request.name}`}>
        <p className="text-sm text-muted-foreground">
          Give this code to {request.name} by phone or in person, never by email or chat. It is shown only now.
        </p>
        <p data-testid="temporary-access-code" className="rounded-md bg-muted p-3 text-center font-mono text-lg text-foreground ring-1 ring-border">
          {issued.code}
        </p>
        <p className="text-sm text-muted-foreground">
          It works once, until <LocalTime iso={issued.expiresAt} />. {request.name} signs in with their password, chooses &ldquo;Use a temporary
          access code&rdquo;, and then sets up two-factor authentication again. They were signed out everywhere.
        </p>
        <DialogFooter>
          <Button type="button" variant="secondary" onClick={() => copy(issued.code)}>
            {copied ? "Copied" : "Copy"}
          </Button>
          <Button type="button" onClick={close}>
            Done
          </Button>
        </DialogFooter>
      </Dialog>
    );
  }

  return (
    <Dialog open onClose={close} title={`Issue a temporary access code for ${request.name}?`}>
      <p className="text-sm text-muted-foreground">
        First make sure it really is {request.name} ({request.email}): call them on a number you already know, or see them in person. The code lets
        them in once without their authenticator; then they set up a new one and get new backup codes. Their sessions end, their 2FA lock is cleared,
        and any earlier unused code stops working.
      </p>
      {error ? <Alert>{error}</Alert> : null}
      <div className="space-y-1.5">
        <Label htmlFor={hoursId}>Valid for</Label>
        <NativeSelect id={hoursId} value={hours} onChange={(event) => setHours(event.target.value)} className="sm:w-40">
          {HOURS.map((value) => (
            <option key={value} value={value}>
              {value === 1 ? "1 hour" : `${value} hours`}
            </option>
          ))}
        </NativeSelect>
      </div>
      <AdminConfirmationField state={confirmation} />
      <DialogFooter>
        <Button variant="secondary" onClick={close}>
          Cancel
        </Button>
        <Button onClick={submit} disabled={pending || !confirmation.secret}>
          {pending ? "Working…" : "Issue code"}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
