import "server-only";
import type { Db } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import type { ErrorCode } from "@/lib/auth/errors";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { secondFactorError } from "@/lib/two-factor/result-to-error";
import { verifySecondFactor, type SecondFactorMethod } from "@/lib/two-factor/verify";
import { relyingParty, type RelyingParty } from "@/lib/webauthn/relying-party";

/** The second factors a signed-in user may confirm a change with (never a temporary access code). */
export type StepUpMethod = Exclude<SecondFactorMethod, "temporary-code">;

/**
 * Confirms a signed-in user for a sensitive change with their password and a second factor: a
 * current authenticator code, a backup code, or a passkey's answer to a step-up challenge of
 * this session (`sessionId`). Failures count like login failures (password throttle, 2FA lock).
 */
export async function reauthenticate(options: {
  db: Db;
  keyring: Keyring;
  userId: string;
  password: string;
  /** "totp" unless said otherwise. */
  method?: StepUpMethod;
  /** The code, or for "passkey" the passkey's answer (JSON). */
  code: string;
  /** The caller's session: a passkey's step-up challenge is bound to it. */
  sessionId?: string;
  rp?: RelyingParty;
  ip: string;
  now: Date;
}): Promise<{ ok: true } | { ok: false; error: ErrorCode; field?: "password" | "code" }> {
  const { db, userId, ip, now } = options;
  const method = options.method ?? "totp";
  if (method === "passkey" && !options.sessionId) return { ok: false, error: "INVALID_CODE", field: "code" };
  const password = await confirmPassword({ db, userId, password: options.password, ip, now });
  if (!password.ok) return { ...password, field: "password" };
  const second = await verifySecondFactor({
    db,
    keyring: options.keyring,
    userId,
    method,
    code: options.code,
    ip,
    now,
    passkey: method === "passkey" ? { rp: options.rp ?? relyingParty(), purpose: "step-up", sessionId: options.sessionId! } : undefined,
  });
  return second.ok ? { ok: true } : { ok: false, error: secondFactorError(second), field: "code" };
}

/** The step-up fields a change that needs one takes (a server action's input plus the caller's session). */
export interface StepUpOptions {
  password: string;
  method?: StepUpMethod;
  code: string;
  sessionId?: string;
  rp?: RelyingParty;
}

export const stepUpOf = ({ password, method, code, sessionId, rp }: StepUpOptions): StepUpOptions => ({ password, method, code, sessionId, rp });
