import "server-only";
import type { Db } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import type { ErrorCode } from "@/lib/auth/errors";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { secondFactorError } from "@/lib/two-factor/result-to-error";
import { verifySecondFactor } from "@/lib/two-factor/verify";

export type AdminConfirmation = { method: "password"; password: string } | { method: "code"; code: string };

/** An admin confirms a destructive action with their password or a current 2FA code. */
export async function confirmAdmin(options: {
  db: Db;
  keyring: Keyring;
  adminId: string;
  confirmation: AdminConfirmation;
  ip: string;
  now: Date;
}): Promise<{ ok: true } | { ok: false; error: ErrorCode }> {
  const { db, adminId, confirmation, ip, now } = options;
  if (confirmation.method === "code") {
    const result = await verifySecondFactor({ db, keyring: options.keyring, userId: adminId, method: "totp", code: confirmation.code, ip, now });
    return result.ok ? { ok: true } : { ok: false, error: secondFactorError(result) };
  }
  return confirmPassword({ db, userId: adminId, password: confirmation.password, ip, now });
}
