import "server-only";
import type { Db } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import type { ErrorCode } from "@/lib/auth/errors";
import { recordAudit } from "@/lib/audit";
import { reauthenticate } from "@/lib/auth/reauthenticate";
import { activateBackupCodes, createPendingBackupCodes } from "@/lib/two-factor/backup-codes";
import { noticeFor } from "@/lib/mail/notices";
import { queueEmail } from "@/lib/mail/outbox";

export type RegenerateBackupCodesResult = { ok: true; codes: string[] } | { ok: false; error: ErrorCode };

/**
 * A new set of backup codes for a user with 2FA, after their password and a current code
 * (DESIGN §1). The old codes die as the new ones go live, in the transaction of the audit event.
 */
export async function regenerateBackupCodes(options: {
  db: Db;
  keyring: Keyring;
  user: { id: string; email: string; organisationId: string };
  password: string;
  code: string;
  ip: string;
  now: Date;
  /** Instead of `code`: a passkey's answer to a step-up challenge of this session. */
  passkey?: { answer: string; sessionId: string };
}): Promise<RegenerateBackupCodesResult> {
  const { db, user, ip, now } = options;
  const check = await reauthenticate({
    db,
    keyring: options.keyring,
    userId: user.id,
    password: options.password,
    code: options.code,
    passkey: options.passkey,
    ip,
    now,
  });
  if (!check.ok) return { ok: false, error: check.error };
  const codes = await createPendingBackupCodes({ db, userId: user.id });
  await db.$transaction(async (tx) => {
    await activateBackupCodes(tx, user.id);
    await recordAudit(tx, {
      organisationId: user.organisationId,
      type: "two_factor.backup_codes_regenerated",
      actor: user,
      target: user,
      ip,
      at: now,
    });
    await queueEmail(tx, noticeFor(user, "backup-codes-regenerated", {}), { now });
  });
  return { ok: true, codes };
}
