import "server-only";
import { db } from "@/lib/db";
import { appKeyring } from "@/lib/crypto";
import { fail, type ActionCaller } from "@/lib/safe-action";
import { confirmAdmin, type AdminConfirmation, type AdminConfirmationKind, type AdminConfirmationResult } from "@/lib/admin/confirm-admin";

// The admin's step-up for this page's actions (Disable/Reset, Standard, a temporary access code,
// longer trust): one set of words for what is missing, whichever action asked.

const CONFIRM_WITH: Record<AdminConfirmationKind, string> = {
  "second-factor": "Confirm with the current code from your authenticator app, your passkey, or a backup code: your password alone is not enough.",
  password: "Confirm with your password.",
};

/** The failure an action answers with when the admin's confirmation was refused. */
export function stepUpRefusal(confirmed: Exclude<AdminConfirmationResult, { ok: true }>) {
  return confirmed.needs ? fail("INVALID_INPUT", undefined, { confirmation: [CONFIRM_WITH[confirmed.needs]] }) : fail(confirmed.error);
}

/** Checks the admin's step-up: null when confirmed, else the failure to answer with. */
export async function refusedConfirmation(caller: ActionCaller, confirmation: AdminConfirmation | undefined, ip: string, now: Date) {
  const confirmed = await confirmAdmin({ db, keyring: appKeyring(), adminId: caller.id, confirmation, ip, now, sessionId: caller.sessionId });
  return confirmed.ok ? null : stepUpRefusal(confirmed);
}
