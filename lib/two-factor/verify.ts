import "server-only";
import type { Db } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import { consumeBackupCode } from "@/lib/two-factor/backup-codes";
import type { LockState } from "@/lib/two-factor/lockout";
import { openTotpSecret } from "@/lib/two-factor/secrets";
import { releaseSecondFactorAttempt, reserveSecondFactorAttempt, type SecondFactorRefusal } from "@/lib/two-factor/throttle";
import { matchTotpStep } from "@/lib/two-factor/totp";

export type SecondFactorMethod = "totp" | "backup-code";

export type SecondFactorResult =
  | { ok: true }
  | { ok: false; reason: "wrong-code"; lock: LockState }
  /** The right code, already used (or an older step's after a newer one): refused, not counted. */
  | { ok: false; reason: "replayed" }
  | SecondFactorRefusal
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

/**
 * Checks an authenticator code or a backup code of an enrolled user. The attempt is
 * counted (per account and per IP) before the code is checked, and given back if the
 * code was right or a replay of a right one.
 */
export async function verifySecondFactor(options: {
  db: Db;
  keyring: Keyring;
  userId: string;
  method: SecondFactorMethod;
  code: string;
  ip: string;
  now: Date;
}): Promise<SecondFactorResult> {
  const { db, userId, now } = options;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { twoFactorStatus: true, totpSecret: true, totpLastStep: true },
  });
  if (!user || user.twoFactorStatus !== "ACTIVE" || !user.totpSecret) return { ok: false, reason: "not-enrolled" };
  const reserved = await reserveSecondFactorAttempt({ db, userId, ip: options.ip, now });
  if (!reserved.ok) return reserved;

  let outcome: "accepted" | "replayed" | "no-match";
  if (options.method === "totp") {
    const secret = openTotpSecret(options.keyring, user.totpSecret, userId);
    const match = matchTotpStep({ secret, code: options.code, now, lastStep: user.totpLastStep });
    if (!match) outcome = "no-match";
    else if (match.replayed) outcome = "replayed";
    // Losing the claim means a parallel request with the same code won it.
    else outcome = (await claimTotpStep({ db, userId, step: match.step })) ? "accepted" : "replayed";
  } else {
    outcome = await consumeBackupCode({ db, userId, input: options.code, now });
  }
  if (outcome === "no-match") return { ok: false, reason: "wrong-code", lock: reserved.lock };
  await releaseSecondFactorAttempt(db, reserved.attempt);
  return outcome === "accepted" ? { ok: true } : { ok: false, reason: "replayed" };
}
