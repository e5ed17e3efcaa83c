import "server-only";
import type { Db } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import type { ErrorCode } from "@/lib/auth/errors";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { secondFactorError } from "@/lib/two-factor/result-to-error";
import { verifySecondFactor } from "@/lib/two-factor/verify";
import { NO_METHODS } from "@/lib/two-factor/methods";
import { twoFactorMethodsOf } from "@/lib/admin/two-factor-methods";
import { relyingParty, type RelyingParty } from "@/lib/webauthn/relying-party";

export type AdminConfirmation =
  | { method: "password"; password: string }
  | { method: "totp"; code: string }
  | { method: "backup-code"; code: string }
  /** `answer`: the passkey's assertion (JSON) over a step-up challenge of the admin's own session. */
  | { method: "passkey"; answer: string };

/** What an admin confirms a destructive action with: a second factor if they have 2FA, else their password. */
export type AdminConfirmationKind = "second-factor" | "password";

/** Decided from the admin's own row, never from what the client sends. */
export async function adminConfirmationKind(db: Db, adminId: string): Promise<AdminConfirmationKind> {
  const admin = await db.user.findUniqueOrThrow({ where: { id: adminId }, select: { twoFactorStatus: true } });
  return admin.twoFactorStatus === "ACTIVE" ? "second-factor" : "password";
}

/**
 * What the confirmation field offers first and as alternatives: "second-factor" (an app, and
 * backup codes), "passkey" (passkeys only, and backup codes), "app-or-passkey" (both), "password".
 */
export type ConfirmWith = AdminConfirmationKind | "passkey" | "app-or-passkey";

/** For the page: which ways the admin can confirm with (from their own row and passkeys). */
export async function adminConfirmWith(db: Db, adminId: string): Promise<ConfirmWith> {
  const admin = await db.user.findUniqueOrThrow({ where: { id: adminId }, select: { twoFactorStatus: true } });
  if (admin.twoFactorStatus !== "ACTIVE") return "password";
  const { app, passkeys } = (await twoFactorMethodsOf(db, [adminId])).get(adminId) ?? NO_METHODS;
  if (passkeys === 0) return "second-factor";
  return app ? "app-or-passkey" : "passkey";
}

export type AdminConfirmationResult =
  | { ok: true }
  /** Nothing was checked: the admin must confirm with the other kind (or did not confirm at all). */
  | { ok: false; error: "INVALID_INPUT"; needs: AdminConfirmationKind }
  | { ok: false; error: ErrorCode; needs?: undefined };

/**
 * An admin confirms a destructive action (Disable or Reset 2FA). An admin with 2FA steps up
 * with a current authenticator code, their passkey or a backup code, never the password alone; wrong codes
 * count on their 2FA failure counter like any code. An admin without 2FA gives the password
 * (counted by the password throttle).
 */
export async function confirmAdmin(options: {
  db: Db;
  keyring: Keyring;
  adminId: string;
  confirmation: AdminConfirmation | undefined;
  ip: string;
  now: Date;
  /** The admin's session: a passkey's answer must be to a step-up challenge issued to it. */
  sessionId?: string;
  rp?: RelyingParty;
}): Promise<AdminConfirmationResult> {
  const { db, adminId, confirmation, ip, now } = options;
  const needs = await adminConfirmationKind(db, adminId);
  if (!confirmation || (confirmation.method === "password") !== (needs === "password")) {
    return { ok: false, error: "INVALID_INPUT", needs };
  }
  if (confirmation.method === "password") return confirmPassword({ db, userId: adminId, password: confirmation.password, ip, now });
  const result = await verifySecondFactor({
    db,
    keyring: options.keyring,
    userId: adminId,
    ip,
    now,
    ...(confirmation.method === "passkey"
      ? {
          method: "passkey",
          code: confirmation.answer,
          passkey: { rp: options.rp ?? relyingParty(), purpose: "step-up", sessionId: options.sessionId ?? "" },
        }
      : { method: confirmation.method, code: confirmation.code }),
  });
  return result.ok ? { ok: true } : { ok: false, error: secondFactorError(result) };
}
