"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ERROR_MESSAGES } from "@/components/error-messages";
import type { RowAction } from "@/components/data-table/data-table-row-actions";
import type { UserRow } from "@/lib/admin/list-users";
import { forgetUserTrustedBrowsers, signOutUserSessions } from "./device-actions";

type DeviceAction = "sign-out-all" | "forget-browsers";

/** The row menu's entries for a user who can sign in: sign them out everywhere, forget their trusted browsers. */
export function deviceRowActions(user: UserRow, open: (user: UserRow, action: DeviceAction) => void): RowAction[] {
  if (user.accountStatus === "INVITED") return [];
  return [
    { label: "Sign out all sessions", onSelect: () => open(user, "sign-out-all") },
    { label: "Forget trusted browsers", onSelect: () => open(user, "forget-browsers") },
  ];
}

/**
 * The confirmations of those two row actions. `onDone` shows the outcome and reads the page
 * again. On the admin's own row the session they are using stays signed in.
 */
export function useDeviceActions(currentUserId: string, onDone: (message: string) => void) {
  const [request, setRequest] = useState<{ user: UserRow; action: DeviceAction } | null>(null);
  const user = request?.user;
  const own = user?.id === currentUserId;

  const dialog = (
    <ConfirmDialog
      open={request !== null}
      onClose={() => setRequest(null)}
      title={
        request?.action === "forget-browsers"
          ? `Forget ${user?.name}'s trusted browsers?`
          : own
            ? "Sign out all your other sessions?"
            : `Sign out all of ${user?.name}'s sessions?`
      }
      confirmLabel={request?.action === "forget-browsers" ? "Forget trusted browsers" : "Sign out all sessions"}
      pendingLabel={request?.action === "forget-browsers" ? "Forgetting…" : "Signing out…"}
      onConfirm={async () => {
        if (!request) return null;
        if (request.action === "forget-browsers") {
          const result = await forgetUserTrustedBrowsers({ userId: request.user.id });
          if (!result.ok) return result.message ?? ERROR_MESSAGES[result.error];
          const { forgotten, name } = result.data;
          onDone(
            forgotten === 0
              ? `${name} had no trusted browsers.`
              : `${forgotten} trusted ${forgotten === 1 ? "browser" : "browsers"} of ${name} forgotten: the next sign-in there asks for a code.`,
          );
        } else {
          const result = await signOutUserSessions({ userId: request.user.id });
          if (!result.ok) return result.message ?? ERROR_MESSAGES[result.error];
          const { ended, name, keptCurrent } = result.data;
          const sessions = `${ended} ${ended === 1 ? "session" : "sessions"}`;
          onDone(keptCurrent ? `${sessions} of yours signed out. This one stays signed in.` : `${sessions} of ${name} signed out.`);
        }
        setRequest(null);
        return null;
      }}
    >
      <p className="text-sm whitespace-normal">
        {request?.action === "forget-browsers"
          ? `Every browser ${user?.name} (${user?.email}) trusted asks for a code at the next sign-in. Their sessions stay signed in.`
          : own
            ? "Every other browser and device signed in to your account is signed out at its next request. This session stays signed in."
            : `${user?.name} (${user?.email}) is signed out on every browser and device at the next request, including a sign-in waiting for its code. They can sign in again.`}
      </p>
    </ConfirmDialog>
  );

  return { open: (user: UserRow, action: DeviceAction) => setRequest({ user, action }), dialog };
}
