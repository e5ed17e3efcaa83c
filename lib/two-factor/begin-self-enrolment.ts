import "server-only";
import type { Db } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import type { ErrorCode } from "@/lib/auth/errors";
import { reauthenticate } from "@/lib/auth/reauthenticate";
import { beginEnrolment, type EnrolmentMaterial } from "@/lib/two-factor/enrol";

// Enrolment started from the security settings (not the login's wizard). Nothing is active,
// so nothing is audited, until confirmSelfEnrolment() sees a code from the new authenticator.

/** Voluntary set-up, for a user whose 2FA is not active yet. */
export async function beginSelfSetup(options: {
  db: Db;
  keyring: Keyring;
  user: { id: string; email: string };
}): Promise<{ ok: true; material: EnrolmentMaterial } | { ok: false; reason: "already-active" }> {
  const { db, user } = options;
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { twoFactorStatus: true } });
  if (row.twoFactorStatus === "ACTIVE") return { ok: false, reason: "already-active" };
  return { ok: true, material: await beginEnrolment({ db, keyring: options.keyring, userId: user.id, email: user.email }) };
}

/** Changing the authenticator of an active user: password and a current code first. */
export async function beginAuthenticatorChange(options: {
  db: Db;
  keyring: Keyring;
  user: { id: string; email: string };
  password: string;
  code: string;
  ip: string;
  now: Date;
  /** Instead of `code`: a passkey's answer to a step-up challenge of this session. */
  passkey?: { answer: string; sessionId: string };
}): Promise<{ ok: true; material: EnrolmentMaterial } | { ok: false; error: ErrorCode }> {
  const { db, keyring, user, ip, now } = options;
  const check = await reauthenticate({
    db,
    keyring,
    userId: user.id,
    password: options.password,
    code: options.code,
    passkey: options.passkey,
    ip,
    now,
  });
  if (!check.ok) return { ok: false, error: check.error };
  return { ok: true, material: await beginEnrolment({ db, keyring, userId: user.id, email: user.email }) };
}
