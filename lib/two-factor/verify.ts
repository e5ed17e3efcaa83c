import "server-only";
import type { Db } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import { consumeBackupCode } from "@/lib/two-factor/backup-codes";
import { lockState, recordTwoFactorFailure, type LockState } from "@/lib/two-factor/lockout";
import { openTotpSecret } from "@/lib/two-factor/secrets";
import { matchTotpStep } from "@/lib/two-factor/totp";

export type SecondFactorMethod = "totp" | "backup-code";

export type SecondFactorResult =
  | { ok: true }
  | { ok: false; reason: "wrong-code"; lock: LockState }
  | { ok: false; reason: "locked"; lock: Exclude<LockState, { kind: "open" }> }
  | { ok: false; reason: "not-enrolled" };

/**
 * Records `step` as the user's last accepted TOTP step, only if it is newer than the
 * stored one. The condition is in the UPDATE itself, so of concurrent requests with the
 * same code (on any number of app instances) exactly one wins.
 */
export async function claimTotpStep(options: { db: Db; userId: string; step: number }): Promise<boolean> {
  const { count } = await options.db.user.updateMany({
    where: { id: options.userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: options.step } }] },
    data: { totpLastStep: options.step },
  });
  return count === 1;
}

/** Checks an authenticator code or a backup code of an enrolled user, counting failures. */
export async function verifySecondFactor(options: {
  db: Db;
  keyring: Keyring;
  userId: string;
  method: SecondFactorMethod;
  code: string;
  now: Date;
}): Promise<SecondFactorResult> {
  const { db, userId, now } = options;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { twoFactorStatus: true, totpSecret: true, totpLastStep: true, twoFactorFailures: true, twoFactorLockedUntil: true },
  });
  if (!user || user.twoFactorStatus !== "ACTIVE" || !user.totpSecret) return { ok: false, reason: "not-enrolled" };
  const lock = lockState(user, now);
  if (lock.kind !== "open") return { ok: false, reason: "locked", lock };

  let accepted: boolean;
  if (options.method === "totp") {
    const secret = openTotpSecret(options.keyring, user.totpSecret, userId);
    const step = matchTotpStep({ secret, code: options.code, now, lastStep: user.totpLastStep });
    accepted = step !== null && (await claimTotpStep({ db, userId, step }));
  } else {
    accepted = await consumeBackupCode({ db, userId, input: options.code, now });
  }
  if (accepted) return { ok: true };
  return { ok: false, reason: "wrong-code", lock: await recordTwoFactorFailure({ db, userId, now }) };
}
