"use client";

import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ERROR_MESSAGES } from "@/components/error-messages";
import type { UserRow } from "@/lib/admin/list-users";
import type { ActionResult } from "@/lib/safe-action";
import { resendInvitationAction, revokeInvitationAction } from "./actions";

const dayFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** "Invited" (an account state, shown beside the name, apart from the 2FA status), and until when the link works. */
export function InvitedBadge({ invitation }: { invitation: UserRow["invitation"] }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <Badge tone="info">Invited</Badge>
      {invitation ? (
        <span className={invitation.expired ? "text-xs text-warning" : "text-xs text-muted-foreground"} data-testid="invitation-expiry">
          {invitation.expired ? "expired" : `expires ${dayFormat.format(new Date(invitation.expiresAt))}`}
        </span>
      ) : null}
    </span>
  );
}

const messageOf = (result: Extract<ActionResult<unknown>, { ok: false }>) => result.message ?? ERROR_MESSAGES[result.error];

/**
 * The invited rows' actions: Resend (at once: a new link, the old one dies) and Revoke (confirmed:
 * the invited user is deleted). `onDone` shows the outcome and reads the page again.
 */
export function useInvitationActions(onDone: (message: string, tone: "success" | "error", removedId?: string) => void) {
  const [revoking, setRevoking] = useState<UserRow | null>(null);
  const [, startTransition] = useTransition();

  const resend = (user: UserRow) =>
    startTransition(async () => {
      const result = await resendInvitationAction({ userId: user.id });
      if (result.ok) onDone(`Invitation sent again to ${result.data.email}. The previous link no longer works.`, "success");
      else onDone(messageOf(result), "error");
    });

  const revokeDialog = (
    <ConfirmDialog
      open={revoking !== null}
      onClose={() => setRevoking(null)}
      title={revoking ? `Revoke ${revoking.name}'s invitation?` : "Revoke the invitation?"}
      confirmLabel="Revoke invitation"
      pendingLabel="Revoking…"
      onConfirm={async () => {
        if (!revoking) return null;
        const result = await revokeInvitationAction({ userId: revoking.id });
        if (!result.ok) return messageOf(result);
        onDone(`Invitation revoked: ${result.data.email} was removed.`, "success", revoking.id);
        return null;
      }}
    >
      <p className="text-sm whitespace-normal">
        {revoking?.name} ({revoking?.email}) is removed from your organisation, and the link in their email stops working. You can invite them again
        later.
      </p>
    </ConfirmDialog>
  );

  return { resend, revoke: setRevoking, revokeDialog };
}
