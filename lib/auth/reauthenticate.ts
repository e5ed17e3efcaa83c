import "server-only";
import type { Db } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import type { ErrorCode } from "@/lib/auth/errors";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { secondFactorError } from "@/lib/two-factor/result-to-error";
import { verifySecondFactor } from "@/lib/two-factor/verify";
import { relyingParty } from "@/lib/webauthn/relying-party";

/**
 * Confirms a signed-in user for a sensitive change with their password and a current
 * authenticator code. Failures count like login failures (password throttle, 2FA lock).
 */
export async function reauthenticate(options: {
  db: Db;
  keyring: Keyring;
  userId: string;
  password: string;
  code: string;
  ip: string;
  now: Date;
  /** Instead of `code`: a passkey's answer to a step-up challenge of this session (users with passkeys, with or without an app). */
  passkey?: { answer: string; sessionId: string };
}): Promise<{ ok: true } | { ok: false; error: ErrorCode; field?: "password" | "code" }> {
  const { db, userId, ip, now } = options;
  const password = await confirmPassword({ db, userId, password: options.password, ip, now });
  if (!password.ok) return { ...password, field: "password" };
  const { passkey } = options;
  const second = await verifySecondFactor({
    db,
    keyring: options.keyring,
    userId,
    ip,
    now,
    ...(passkey
      ? { method: "passkey", code: passkey.answer, passkey: { rp: relyingParty(), purpose: "step-up", sessionId: passkey.sessionId } }
      : { method: "totp", code: options.code }),
  });
  return second.ok ? { ok: true } : { ok: false, error: secondFactorError(second), field: "code" };
}
